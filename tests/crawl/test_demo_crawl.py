"""End to end: the demo sites on a local server → crawlall → database → exports.

The crawl (``demo_crawl``, shared by the test session) runs the way a user
runs it (``scrapy crawlall`` in a subprocess) and is checked against
``demo/expected.json``, the hand-written truth of the demo sites, on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from aggregator.db.engine import make_engine
from aggregator.db.models import CrawlRun, Review, Site, Work
from tests.conftest import ROOT, DemoCrawl, run_scrapy

EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
REVIEWS = {review["path"]: review for review in EXPECTED["reviews"]}


@pytest.fixture
def demo_db(demo_crawl: DemoCrawl) -> Iterator[Engine]:
    """The shared crawl's database, for this test only (a database copy needs it closed)."""
    engine = make_engine(demo_crawl.database_url)
    yield engine
    engine.dispose()


def stored_reviews(engine: Engine) -> list[Any]:
    """Rows of (Review, site name)."""
    with Session(engine) as session:
        query = select(Review, Site.name).join(Site, Review.site_id == Site.id)
        return list(session.execute(query))


def test_every_demo_review_is_stored_once(demo_db: Engine) -> None:
    rows = stored_reviews(demo_db)
    paths = Counter(urlsplit(row.Review.url).path for row in rows)
    assert set(paths) == set(REVIEWS), "stored pages differ from the demo's review pages"
    assert max(paths.values()) == 1
    assert Counter(row.name for row in rows) == Counter(r["site"] for r in EXPECTED["reviews"])
    assert not set(paths) & set(EXPECTED["non_review"])


def test_non_review_pages_are_dropped_and_counted(demo_db: Engine) -> None:
    with demo_db.connect() as connection:
        runs = connection.execute(select(CrawlRun.stats)).scalars().all()
    dropped = sum(stats.get("drop_item/not_review", 0) for stats in runs if stats)
    assert dropped >= len([p for p in EXPECTED["non_review"] if "/reviews/" in p or "/20" in p])


def test_works_are_one_per_film(demo_db: Engine) -> None:
    with demo_db.connect() as connection:
        works = connection.execute(select(func.count()).select_from(Work)).scalar_one()
    assert works == len({r["work_key"] for r in EXPECTED["reviews"]})


def test_second_crawl_adds_nothing(demo_crawl_copy: DemoCrawl) -> None:
    engine = make_engine(demo_crawl_copy.database_url)
    before = len(stored_reviews(engine))
    result = run_scrapy("crawlall", env=demo_crawl_copy.env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(stored_reviews(engine)) == before
    with engine.connect() as connection:
        last = connection.execute(select(CrawlRun.stats).order_by(CrawlRun.id.desc())).first()
    engine.dispose()
    assert last is not None
    assert last.stats.get("storage/new", 0) == 0
    assert last.stats.get("storage/updated", 0) == 0


def test_exports_parse_and_agree_with_the_database(demo_crawl: DemoCrawl, demo_db: Engine) -> None:
    lines = (demo_crawl.exports / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    exported = [json.loads(line) for line in lines]
    rows = stored_reviews(demo_db)
    assert sorted(r["canonical_url"] for r in exported) == sorted(
        row.Review.canonical_url for row in rows
    )
    works = json.loads((demo_crawl.exports / "works.json").read_text(encoding="utf-8"))
    assert sum(work["review_count"] for work in works) == len(
        [row for row in rows if row.Review.work_id is not None]
    )
    assert {r["work"]["id"] for r in exported} == {work["id"] for work in works}
    for work in works:
        assert work["review_count"] == len(work["reviews"])


def test_crawl_reviews_with_feed_output(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    env = demo_crawl.env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    result = run_scrapy("crawl", "reviews", "-a", "site=starcritic", "-O", str(out), env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    reviews = [item for item in items if item["page_type"] == "review"]
    assert len(reviews) == sum(r["site"] == "starcritic" for r in EXPECTED["reviews"])
    assert set(reviews[0]) >= {"url", "canonical_url", "score", "work", "field_sources"}
    assert set(reviews[0]["work"]) >= {"type", "title", "year", "runtime_minutes", "cast"}


def test_seed_review_through_spider_loaders_and_database(demo_db: Engine) -> None:
    """The seed review (credits only in its prose) comes out with every credit right."""
    rows = [r for r in stored_reviews(demo_db) if "run-sweetheart-run" in r.Review.url]
    seed = next(r.Review for r in rows if "/reelnotes/" in r.Review.url)
    assert seed.work_title == "Run Sweetheart Run"
    assert seed.runtime_minutes == 103
    assert seed.content_rating["certificate"] == "R"
    assert seed.content_rating["reasons"] == [
        "horror violence",
        "bloody images",
        "language",
        "sexual references",
        "brief nudity",
    ]
    assert seed.cast == ["Pilou Asbæk", "Ella Balinska"]
    assert "Prime Video" in seed.platforms
    assert seed.field_sources["runtime_minutes"] == "prose"
    assert seed.raw["runtime_minutes"]  # the raw text is kept for re-normalisation


def _fields(review: Review) -> dict[str, Any]:
    rating = review.content_rating or {}
    return {
        "work_title": review.work_title,
        "work_type": review.work_type,
        "score_0_100": review.score_value,
        "runtime_minutes": review.runtime_minutes,
        "certificate": rating.get("certificate"),
        "reasons": rating.get("reasons", []),
        "cast": review.cast,
        "directors": review.directors,
        "authors": review.authors,
        "published": review.published_at.date().isoformat() if review.published_at else None,
    }


@pytest.mark.parametrize(
    "field",
    [
        "work_title",
        "work_type",
        "score_0_100",
        "runtime_minutes",
        "certificate",
        "reasons",
        "cast",
        "directors",
        "authors",
        "published",
    ],
)
def test_demo_fields_match_the_truth(demo_db: Engine, field: str) -> None:
    """Every normalised field of every demo review equals the hand-written truth."""
    wrong = []
    for row in stored_reviews(demo_db):
        truth = REVIEWS[urlsplit(row.Review.url).path]
        got = _fields(row.Review)[field]
        if got != truth[field]:
            wrong.append(f"{truth['path']}: {got!r} != {truth[field]!r}")
    assert not wrong, "\n".join(wrong)
