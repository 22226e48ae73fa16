"""End to end: crawl the demo sites, export, and check every file a user gets.

``scrapy crawlall`` with ``EXPORT_AFTER_CRAWL`` writes the first export (the
session's ``demo_crawl``); the tests then re-export with ``scrapy export`` and
compare, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aggregator.db.engine import make_engine
from aggregator.db.models import Review, Site
from aggregator.exports import ExportOptions, FeedOptions, Scope, export_all
from aggregator.exports.feeds import VERSION
from tests.conftest import DemoCrawl, run_scrapy
from tests.export.conftest import read_reviews, snapshot, validate_folder

BASE_URL = "https://reviews.example/exports/"


@pytest.fixture(scope="module")
def counts(demo_crawl: DemoCrawl) -> dict[str, int]:
    engine = make_engine(demo_crawl.database_url)
    with engine.connect() as connection:
        found = {
            "reviews": connection.execute(select(func.count()).select_from(Review)).scalar_one(),
            "works": connection.execute(
                select(func.count(func.distinct(Review.work_id)))
            ).scalar_one(),
            "sites": connection.execute(select(func.count()).select_from(Site)).scalar_one(),
        }
    engine.dispose()
    return found


def test_the_crawl_ends_with_the_export(demo_crawl: DemoCrawl, counts: dict[str, int]) -> None:
    assert f"Exported {counts['reviews']} reviews" in demo_crawl.output


def test_counts_and_schemas(demo_crawl: DemoCrawl, counts: dict[str, int]) -> None:
    validate_folder(demo_crawl.exports)
    works = json.loads((demo_crawl.exports / "works.json").read_text("utf-8"))
    assert len(read_reviews(demo_crawl.exports)) == counts["reviews"] >= 30
    assert len(works) == counts["works"]
    assert len(list((demo_crawl.exports / "feeds").glob("*.json"))) == counts["sites"]
    assert len(list((demo_crawl.exports / "feeds" / "works").glob("*.json"))) == counts["works"]
    text = "".join(path.read_text("utf-8") for path in demo_crawl.exports.rglob("*.json*"))
    assert "<script" not in text.lower()


def test_feeds_are_json_feed_1_1(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    engine = make_engine(demo_crawl.database_url)
    options = ExportOptions(feeds=FeedOptions(base_url=BASE_URL))
    export_all(engine, tmp_path, options)
    engine.dispose()
    for path in (tmp_path / "feeds").rglob("*.json"):
        feed = json.loads(path.read_text("utf-8"))
        assert feed["version"] == VERSION
        assert feed["feed_url"] == BASE_URL + str(path.relative_to(tmp_path))
        assert feed["title"]
        ids = [item["id"] for item in feed["items"]]
        assert ids
        assert len(ids) == len(set(ids))
        dates = [datetime.fromisoformat(item["date_published"]) for item in feed["items"]]
        assert all(d.tzinfo is not None for d in dates)
        assert dates == sorted(dates, reverse=True)
        assert all(item.get("content_text") or item.get("content_html") for item in feed["items"])
    validate_folder(tmp_path)


def test_reexport_is_byte_identical(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    result = run_scrapy("export", "--out", str(tmp_path), "--nolog", env=demo_crawl.env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert snapshot(tmp_path) == snapshot(demo_crawl.exports)


def test_since(demo_crawl: DemoCrawl, tmp_path: Path, counts: dict[str, int]) -> None:
    early = run_scrapy(
        "export", "--since", "2000-01-01", "--out", str(tmp_path), env=demo_crawl.env
    )
    assert early.returncode == 0, early.stderr[-3000:]
    assert f"Exported {counts['reviews']} reviews (changed since 2000-01-01T00:00:00Z)" in (
        early.stdout
    )
    assert len(read_reviews(tmp_path)) == counts["reviews"]
    engine = make_engine(demo_crawl.database_url)
    later = export_all(
        engine, tmp_path, ExportOptions(scope=Scope(since=datetime.now().astimezone()))
    )
    engine.dispose()
    assert (later.reviews, later.works, later.site_feeds) == (0, 0, 0)
    assert (tmp_path / "reviews.jsonl").read_bytes() == b""


def test_user_errors_are_one_line_and_status_2(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    for args in (["--since", "yesterday"], ["--site", "nowhere"]):
        result = run_scrapy("export", *args, "-s", f"EXPORT_DIR={tmp_path}", env=demo_crawl.env)
        assert result.returncode == 2, result.stderr[-3000:]
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_site_export_goes_to_partial_folder(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    result = run_scrapy(
        "export", "--site", "starcritic", "-s", f"EXPORT_DIR={tmp_path}", env=demo_crawl.env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reviews = read_reviews(tmp_path / "partial")
    assert reviews
    assert {review["site"] for review in reviews} == {"starcritic"}
    assert not (tmp_path / "reviews.jsonl").exists()
