"""``make bench``: every benchmark in one run, one table, written to ``benchmarks/RESULTS.md``.

    python -m benchmarks.run [CORPUS_DIR] [--pages N] [--export-reviews N] [--no-postgres]

Generates a local review site of N pages (``benchmarks.sitegen``), serves it
from its own process (``benchmarks.server``: nginx when installed), and crawls
it with bare Scrapy, the hand-written peer and ``scrapy crawlall`` (SQLite,
an unchanged re-crawl, PostgreSQL), each in a child process. Then: export of a
large store, storage alone, the cost per page of each stage, and the
extraction and normalisation benchmarks. Figures compare within one run on
one machine (ratios); the machine may be shared, so CPU time per page is
given beside wall-clock rates, and the load average is recorded.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import export, extraction, normalize, sitegen, stages, storage, workers
from benchmarks.crawl import CrawlFigures, comparison, ours
from benchmarks.scratch import postgres_available, postgres_database
from benchmarks.server import serve
from benchmarks.table import Row, Table
from tools.evaluate import corpus_dir

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
#: The site file, the bare crawl and our first SQLite crawl.
Crawls = tuple[Path, CrawlFigures, CrawlFigures]


def crawl_rows(table: Table, folder: Path, count: int, use_postgres: bool) -> Crawls:
    """Figures 1-4; returns the site file (the generated site stays in ``folder``)
    and the bare and our SQLite crawls."""
    site = sitegen.generate(folder / "site", count)
    table.notes.append(
        f"Site: {site.reviews} review pages ({site.copies} copies of another page's review) "
        f"and {site.listings} listing pages, {site.total_bytes / site.reviews / 1000:.0f} KB "
        "a review page on average."
    )
    sites_file = folder / "sites.toml"
    with serve(folder / "site") as (base_url, server):
        table.notes.append(f"Served by {server} from its own process at {base_url}.")
        sitegen.write_site_file(sites_file, base_url)
        args = [str(sites_file)]
        bare = comparison("bare", "benchmarks.bare", args, site.pages, folder)
        peer_db = f"sqlite:///{folder / 'peer.db'}"
        peer = comparison("peer", "benchmarks.peer", [*args, peer_db], site.pages, folder)
        sqlite_url = f"sqlite:///{folder / 'ours.db'}"
        first = ours("ours-sqlite", sites_file, sqlite_url, site.pages, folder)
        again = ours("ours-recrawl", sites_file, sqlite_url, site.pages, folder)
        pg: CrawlFigures | None = None
        if use_postgres:
            with postgres_database() as url:
                pg = ours("ours-postgres", sites_file, url, site.pages, folder)
        worker_rows(table, folder, sites_file, site.pages, use_postgres)
    table.crawl("1", "bare Scrapy (same links, no extraction)", bare)
    table.crawl("2", "hand-written peer (trafilatura, extruct, dateparser, ORM)", peer)
    table.crawl("3", "ours, `scrapy crawlall`, SQLite", first)
    table.ratio("3", "ours SQLite / peer", first.pages_per_s / peer.pages_per_s, ">= 2.5")
    table.ratio("3", "ours SQLite / bare Scrapy", first.pages_per_s / bare.pages_per_s, ">= 0.4")
    cpu = peer.cpu_ms_per_page / first.cpu_ms_per_page
    table.add(Row("3", "ours SQLite / peer, by CPU time per page", cpu, "x"))
    if pg is not None:
        table.crawl("3", "ours, `scrapy crawlall`, PostgreSQL", pg)
        table.ratio("3", "ours PostgreSQL / peer", pg.pages_per_s / peer.pages_per_s, ">= 2.5")
        table.ratio("3", "ours PostgreSQL / bare", pg.pages_per_s / bare.pages_per_s, ">= 0.4")
        table.ratio("3", "ours PostgreSQL / SQLite", pg.pages_per_s / first.pages_per_s, ">= 0.8")
    table.crawl("4", "re-crawl of the unchanged site, SQLite", again)
    table.ratio("4", "re-crawl time / first crawl", again.seconds / first.seconds, "<= 0.2")
    return sites_file, bare, first


def worker_rows(table: Table, folder: Path, sites_file: Path, pages: int, pg: bool) -> None:
    """Figure 8: two workers sharing the crawl through Redis against one."""
    if not workers.redis_available():
        table.notes.append(f"Redis not reachable at {workers.REDIS_URL}: no worker figures.")
        return
    figures = []
    for count in (1, 2):
        name = f"workers-{count}"
        if pg:
            with postgres_database() as url:
                figures.append(workers.crawl(name, count, sites_file, url, pages, folder))
        else:
            url = f"sqlite:///{folder / (name + '.db')}"
            figures.append(workers.crawl(name, count, sites_file, url, pages, folder))
    one, two = figures
    table.crawl("8", "one worker, Redis-shared crawl (EXTRACT_WORKERS=0)", one)
    table.crawl("8", "two workers, Redis-shared crawl (EXTRACT_WORKERS=0)", two)
    table.add(Row("8", "two workers / one worker", two.pages_per_s / one.pages_per_s, "x"))


def other_rows(table: Table, args: argparse.Namespace, folder: Path, crawls: Crawls) -> str:
    """Figures 5-7 and the per-page benchmarks; returns the stage report."""
    sites_file, bare, first = crawls
    figures = export.run(args.export_reviews, folder / "export")
    table.add(Row("5", f"export of {figures.reviews:,} reviews", figures.seconds, "s"))
    table.add(Row("5", "export rate", figures.reviews_per_s, "reviews/s", (">=", 5000)))
    table.add(Row("5", "export peak RSS", figures.peak_rss_mb, "MB", ("<=", 300)))
    storage_rows(table, args.storage_reviews, None)
    if args.postgres:
        with postgres_database() as scratch:
            storage_rows(table, args.storage_reviews, scratch)
    stage = stages.run(folder / "site", sites_file, args.profile_pages)
    download = bare.cpu_ms_per_page
    table.add(Row("7", "stage: download, parse, links (bare crawl)", download, "CPU ms/page"))
    names = ("extraction", "loaders", "text digest", "validate and dedupe", "storage")
    for name in names:
        table.add(Row("7", f"stage: {name}", stage.per_page_ms.get(name, 0.0), "CPU ms/page"))
    # Our crawl's CPU split by process, both from the same crawl: the stages above
    # are measured apart, at another moment of a shared machine, and subtracting
    # them from a crawl's total mixed the two (it even gave negative "rests").
    own = first.own_cpu_ms_per_page
    if own is not None:
        process = "stage: our crawl's process (download, links, pipelines, store)"
        table.add(Row("7", process, own, "CPU ms/page"))
        workers = "stage: our extraction workers (extraction, loaders, their start-up)"
        table.add(Row("7", workers, first.cpu_ms_per_page - own, "CPU ms/page"))
    loaders = stage.per_page_ms.get("loaders", 0.0)
    table.add(Row("7", "loaders per item (generated pages)", loaders, "CPU ms", ("<", 1)))
    print("\n== Extraction on the corpus and demo pages ==")
    documents = extraction.pages(corpus_dir(args.corpus))
    found = extraction.run(documents, 1)
    table.add(Row("", "extraction per page (corpus + demo), median", found["median_ms"], "ms"))
    table.add(Row("", "extraction per page (corpus + demo), p95", found["p95_ms"], "ms"))
    loaded = normalize.run(5)
    median = loaded["normalise_ms_median"]
    table.add(Row("", "loaders per item (demo pages), median", median, "ms", ("<", 1)))
    return stages.report(stage)


def storage_rows(table: Table, count: int, database_url: str | None) -> None:
    dialect, new, same = storage.run(count, database_url)
    target = 1000 if dialect == "sqlite" else 500
    table.add(Row("6", f"storage, new reviews, {dialect}", new, "reviews/s", (">=", target)))
    table.add(Row("6", f"storage, unchanged reviews, {dialect}", same, "reviews/s"))


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {memory} memory, Python {platform.python_version()}"


def write_results(table: Table, stage_report: str, args: argparse.Namespace, load: str) -> str:
    started = table.started.strftime("%Y-%m-%d %H:%M UTC")
    return f"""# Benchmark results

Written by `make bench` (`python -m benchmarks.run --pages {args.pages}`); every figure
below is from the run of {started}.

- Machine: {machine()}
- Load average (1 min) at the start and at the end of the run: {load}. The machine
  may be shared: CPU time per page beside each crawl rate says what a page costs.

{table.markdown()}

## Cost per page of each stage

```
{stage_report}
```
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("corpus", nargs="?", help="corpus directory (extraction benchmark)")
    parser.add_argument("--pages", type=int, default=5000, help="review pages (default 5000)")
    parser.add_argument("--export-reviews", type=int, default=100_000)
    parser.add_argument("--storage-reviews", type=int, default=2000)
    parser.add_argument("--profile-pages", type=int, default=200)
    parser.add_argument("--no-postgres", dest="postgres", action="store_false")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the table")
    parser.add_argument("--keep", action="store_true", help="keep the generated site and logs")
    args = parser.parse_args(argv)
    if args.postgres and not postgres_available():
        print("PostgreSQL not reachable (BENCH_POSTGRES_URL): its figures are skipped")
        args.postgres = False
    table = Table(datetime.now(UTC))
    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    folder.chmod(0o755)  # nginx's worker processes run as another user
    try:
        crawls = crawl_rows(table, folder, args.pages, args.postgres)
        stage_report = other_rows(table, args, folder, crawls)
    finally:
        if args.keep:
            print(f"generated site and logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    load = f"{load_before:.1f} and {os.getloadavg()[0]:.1f}"
    text = write_results(table, stage_report, args, load)
    args.results.write_text(text, encoding="utf-8")
    print("\n" + table.markdown() + "\n\n" + stage_report)
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
