"""The benchmark site generator, its server, and the comparison spiders on a small site."""

from __future__ import annotations

import doctest
import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.sites import load_sites
from benchmarks import sitegen, table
from benchmarks.server import serve
from demo.generator.common import load_works

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> sitegen.GeneratedSite:
    return sitegen.generate(tmp_path_factory.mktemp("site"), 20)


def review_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.html") if "/list/" not in p.as_posix()]


def test_generator_writes_reviews_listings_and_copies(site: sitegen.GeneratedSite) -> None:
    files = review_files(site.root)
    assert (site.reviews, site.listings, site.copies) == (20, 3, 1)
    assert len(files) == 20
    sizes = [p.stat().st_size for p in files]
    assert min(sizes) >= 45_000, sizes
    assert max(sizes) <= 160_000, sizes
    pages = [p.read_text("utf-8") for p in files]
    assert sum('type="application/ld+json"' in page for page in pages) >= 5
    assert sum("is directed by" in page for page in pages) >= 5
    assert all('class="comments' in page or 'id="comments"' in page for page in pages)


def test_site_file_matches_every_generated_page(site: sitegen.GeneratedSite) -> None:
    sites_file = site.root / "sites.toml"
    names = sitegen.write_site_file(sites_file, "http://127.0.0.1:9")
    sites = load_sites(sites_file)
    assert sorted(sites.sites) == sorted(names)
    listed = set()
    for listing in site.root.glob("*/list/*/index.html"):
        listed |= {
            line.split('"')[1]
            for line in listing.read_text("utf-8").split("<li>")
            if line.startswith("<a ")
        }
    for path in review_files(site.root):
        url_path = "/" + path.relative_to(site.root).as_posix().removesuffix("index.html")
        assert url_path in listed
        url = "http://127.0.0.1:9" + url_path
        assert sum(s.is_review_url(url) for s in sites.sites.values()) == 1, url


@pytest.mark.crawl
def test_bare_and_peer_crawl_the_site(site: sitegen.GeneratedSite, tmp_path: Path) -> None:
    sites_file = tmp_path / "sites.toml"
    database = tmp_path / "peer.db"
    with serve(site.root, prefer_nginx=False) as (base_url, _):
        sitegen.write_site_file(sites_file, base_url)
        runs = {
            "bare": ["benchmarks.bare", str(sites_file)],
            "peer": ["benchmarks.peer", str(sites_file), f"sqlite:///{database}"],
        }
        totals = {}
        for name, args in runs.items():
            done = subprocess.run(
                [sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=240
            )
            assert done.returncode == 0, done.stderr[-3000:]
            totals[name] = json.loads(done.stdout.strip().splitlines()[-1])
    assert totals["bare"] == {"pages": site.pages, "items": 0}
    assert totals["peer"] == {"pages": site.pages, "items": 20}
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*), count(text), count(published) FROM peer_reviews"
        assert connection.execute(query).fetchone() == (20, 20, 20)


@pytest.mark.parametrize("module", [sitegen, table])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_invented_titles_stay_distinct_on_large_sites() -> None:
    base = next(iter(load_works().values()))
    rng = random.Random(1)
    titles = [sitegen._work(base, n, rng)["title"] for n in range(6000)]
    assert len(set(titles)) == len(titles)
