"""`scrapy renormalize`: stored raw values through today's normalisers, no re-crawl."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, update

from aggregator.db.engine import make_engine, upgrade_to_head
from aggregator.db.models import Review
from aggregator.db.store import ReviewStore
from aggregator.renormalize import renormalize
from aggregator.review import build_review
from aggregator.sites import load_sites
from tests.conftest import ROOT, run_scrapy

PAGES = ("reelnotes/2022/05/13/run-sweetheart-run/index.html", "screenmag/reviews/dune.html")


def store_demo_pages(database_url: str) -> None:
    sites = load_sites(ROOT / "sites.toml")
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    items = []
    for page in PAGES:
        url = "http://127.0.0.1:8765/" + page.removesuffix("index.html")
        body = (ROOT / "demo" / "sites" / page).read_bytes()
        items.append(build_review(url, body, sites.sites[page.split("/")[0]]))
    ReviewStore(engine).write(items)
    engine.dispose()


def test_renormalize_fixes_what_an_older_normaliser_got_wrong(database_url: str) -> None:
    store_demo_pages(database_url)
    engine = make_engine(database_url)
    # As an older normaliser would have stored it: no runtime, the rating unsplit.
    with engine.begin() as connection:
        connection.execute(
            update(Review)
            .where(Review.canonical_url.like("%run-sweetheart-run"))
            .values(runtime_minutes=None, content_digest="older")
        )
    result = renormalize(engine, load_sites(ROOT / "sites.toml"))
    assert (result.checked, result.changed) == (2, 1)
    with engine.connect() as connection:
        runtime = connection.execute(
            select(Review.runtime_minutes).where(Review.canonical_url.like("%run-sweetheart-run"))
        ).scalar_one()
    assert runtime == 103
    again = renormalize(engine, load_sites(ROOT / "sites.toml"))
    assert (again.checked, again.changed) == (2, 0)
    engine.dispose()


def test_renormalize_command_reports_counts(sqlite_url: str) -> None:
    store_demo_pages(sqlite_url)
    result = run_scrapy("renormalize", env={"DATABASE_URL": sqlite_url})
    assert result.returncode == 0, result.stderr
    assert "Re-normalised 2 reviews: 0 changed" in result.stdout


def test_extract_command_prints_the_review(tmp_path: Path) -> None:
    page = ROOT / "demo" / "sites" / PAGES[0]
    url = "https://reelnotes.example/2022/05/13/run-sweetheart-run/"
    result = run_scrapy("extract", str(page), "--url", url, "--site", "reelnotes")
    assert result.returncode == 0, result.stderr
    review = json.loads(result.stdout)
    assert review["work"]["runtime_minutes"] == 103
    assert review["work"]["content_rating"]["certificate"] == "R"
    assert review["field_sources"]["runtime_minutes"] == "prose"
    missing = run_scrapy("extract", str(tmp_path / "missing.html"))
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert "error: cannot read" in missing.stderr
