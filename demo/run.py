"""``make demo``: serve the demo sites, crawl them all, export, and summarise.

Run from the repository root: ``python -m demo.run``. The demo sites are the
entries marked ``demo = true`` in the site file; they are served on
127.0.0.1:8765, the address the shipped ``sites.toml`` names.

On a terminal the crawl shows its live progress and then its summary table;
Scrapy's own log goes to ``data/demo-crawl.log``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from aggregator.db.engine import database_url, make_engine, safe_url
from aggregator.db.models import Review, Site, Work
from aggregator.sites import load_sites, sites_file_path
from demo.server import start_server

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
LOG_FILE = "data/demo-crawl.log"


def scrapy(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "scrapy", *args], cwd=ROOT)


def main() -> int:
    sites = load_sites(ROOT / sites_file_path())
    demo_sites = [name for name, site in sites.sites.items() if site.demo]
    try:
        server, base_url = start_server(port=PORT)
    except OSError as exc:
        print(f"error: cannot serve the demo sites on 127.0.0.1:{PORT}: {exc.strerror}")
        print("Stop whatever uses that port (another `make demo` or `make serve-demo`?).")
        return 2
    print(f"Demo sites served at {base_url}")
    try:
        site_args = [arg for name in demo_sites for arg in ("--site", name)]
        (ROOT / LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
        crawl_status = scrapy("crawlall", *site_args, "-s", f"LOG_FILE={LOG_FILE}")
    finally:
        server.shutdown()
        server.server_close()
    export_status = scrapy("export", "--nolog")
    summarise()
    return crawl_status or export_status


def summarise() -> None:
    url = database_url()
    engine = make_engine(url)
    with engine.connect() as connection:
        per_site = connection.execute(
            select(Site.name, func.count(Review.id))
            .join(Review, Review.site_id == Site.id)
            .group_by(Site.name)
            .order_by(Site.name)
        ).all()
        works = connection.execute(select(func.count()).select_from(Work)).scalar_one()
    engine.dispose()
    print(f"\nSummary ({safe_url(url)}):")
    for name, count in per_site:
        print(f"  {name:<12} {count:>4} reviews")
    print(f"  {'works':<12} {works:>4}")
    print("Exports: exports/reviews.jsonl, exports/works.json, exports/feeds/")
    print(f"Scrapy's log: {LOG_FILE}; past runs: .venv/bin/scrapy runs")


if __name__ == "__main__":
    sys.exit(main())
