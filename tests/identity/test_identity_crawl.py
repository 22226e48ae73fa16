"""One row per review however many URLs, sites and crawls; one work per film.

Crawls two local sites full of identity traps (see ``sites.py``) with real
``scrapy`` processes and checks the exact rows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from aggregator.db.models import CrawlRun, Review, ReviewLocation, ReviewVersion, Work
from demo.server import start_server
from tests.conftest import ROOT, run_scrapy
from tests.identity.sites import site_file, write_sites


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(web root, site file) of the two sites, served on a free port."""
    root = tmp_path / "www"
    write_sites(root)
    server, base_url = start_server(root=root)
    path = tmp_path / "sites.toml"
    path.write_text(site_file(base_url), encoding="utf-8")
    yield root, path
    server.shutdown()
    server.server_close()


def crawl(sites_file: Path, database_url: str, *names: str, full: bool = False) -> None:
    args = [arg for name in names for arg in ("--site", name)] + (["--full"] if full else [])
    env = {"AGGREGATOR_SITES": str(sites_file), "DATABASE_URL": database_url}
    result = run_scrapy("crawlall", *args, env=env)
    assert result.returncode == 0, result.stderr[-3000:]


#: The two copied reviews: path -> which story it is (each is stored once, as either path).
COPIES = {
    "/alpha/reviews/wire": "wire",
    "/beta/reviews/nope-wire": "wire",
    "/alpha/reviews/near-source": "northman",
    "/beta/reviews/northman": "northman",
}


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def paths(engine: Engine, model: type) -> list[str]:
    column = model.canonical_url  # type: ignore[attr-defined]
    with engine.connect() as connection:
        urls = connection.execute(select(column)).scalars()
        return sorted(_path(url) for url in urls)


def test_exact_rows_after_two_crawls(
    sites: tuple[Path, Path], database_url: str, engine: Engine
) -> None:
    root, sites_file = sites
    crawl(sites_file, database_url, "alpha", "beta")

    # Tracking parameters and the AMP variant: one review; copies: locations.
    # Which copy is stored as the review depends on which site's crawl got there first.
    reviews = paths(engine, Review)
    assert [p for p in reviews if p not in COPIES] == [
        "/alpha/reviews/dune-1984",
        "/alpha/reviews/dune-2021",
        "/alpha/reviews/edited",
        "/alpha/reviews/run-sweetheart-run",
        "/beta/reviews/dune",
        "/beta/reviews/dune-series",
        "/beta/reviews/rsr",
    ]
    with engine.connect() as connection:
        locations = connection.execute(
            select(ReviewLocation.canonical_url, ReviewLocation.reason, Review.canonical_url)
            .join(Review, Review.id == ReviewLocation.review_id)
            .order_by(ReviewLocation.reason)
        ).all()
        works = connection.execute(select(Work.title_key, Work.type, Work.year)).all()
    found = [
        (COPIES[_path(copy)], reason, COPIES[_path(original)])
        for copy, reason, original in locations
    ]
    assert found == [("wire", "exact_text", "wire"), ("northman", "near_text", "northman")]
    # The tracking-parameter link and the AMP variant were not even downloaded:
    # robots.txt, the index and six review pages.
    with engine.connect() as connection:
        alpha = connection.execute(
            select(CrawlRun.stats).where(CrawlRun.site == "alpha")
        ).scalar_one()
    assert alpha["downloader/request_count"] == 8
    assert alpha["dupefilter/filtered"] == 1  # the AMP link

    # Spellings join, remakes and a series of the same name stay apart.
    assert sorted(tuple(work) for work in works) == [
        ("dune", "movie", 1984),
        ("dune", "movie", 2021),
        ("dune", "tv", 2021),
        ("fresh", "movie", 2022),
        ("nope", "movie", 2022),
        ("northman", "movie", 2022),
        ("run sweetheart run", "movie", 2022),
    ]

    # Next night: one review was edited, everything else is as it was.
    write_sites(root, edited=True)
    crawl(sites_file, database_url, "alpha", "beta", full=True)  # stored pages are fresh
    assert len(paths(engine, Review)) == 9
    with engine.connect() as connection:
        versions = connection.execute(select(ReviewVersion.content)).scalars().all()
        stats = connection.execute(
            select(CrawlRun.stats).order_by(CrawlRun.id.desc()).limit(2)
        ).scalars()
        edited = connection.execute(
            select(Review.score_value).where(Review.canonical_url.like("%/edited"))
        ).scalar_one()
    assert len(versions) == 1
    assert versions[0]["score_value"] == 60.0
    assert edited == 40.0
    totals: dict[str, int] = {}
    for run in stats:
        for key, value in run.items():
            if key.startswith("storage/"):
                totals[key] = totals.get(key, 0) + value
    assert totals == {"storage/updated": 1, "storage/unchanged": 10}


def test_concurrent_crawls_leave_one_row_each(
    sites: tuple[Path, Path], database_url: str, engine: Engine
) -> None:
    _, sites_file = sites
    env = {"AGGREGATOR_SITES": str(sites_file), "DATABASE_URL": database_url}
    # The engine fixture migrated the database, as a deployment does before
    # starting workers, so the two processes race on rows only.
    spool = f"SPOOL_DIR={sites_file.parent / 'spool'}"
    # CRAWL_LOCK=0: this is the one setup where two crawls share a database on purpose.
    command = [sys.executable, "-m", "scrapy", "crawlall", "-s", "DB_BATCH_SIZE=1", "-s", spool]
    command += ["-s", "CRAWL_LOCK=0"]

    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        errors = [process.communicate(timeout=240)[1] for process in processes]
    finally:
        for process in processes:
            process.kill()
    for process, stderr in zip(processes, errors, strict=True):
        assert process.returncode == 0, stderr[-3000:]
    with engine.connect() as connection:
        rows = connection.execute(
            select(ReviewLocation.canonical_url, ReviewLocation.reason, Review.canonical_url).join(
                Review, Review.id == ReviewLocation.review_id
            )
        ).all()
    assert len(paths(engine, Review)) == 9, paths(engine, Review)
    assert len(rows) == 2, rows
    with engine.connect() as connection:
        assert len(connection.execute(select(Work.id)).all()) == 7
