"""works.json aggregates against a hand computation, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from aggregator.db.store import ReviewStore
from aggregator.exports import ExportError, Scope
from aggregator.normalize import ContentRating, Score
from tests.export.conftest import read_reviews, read_works, validate_folder
from tests.factories import review

PG13 = ContentRating("MPA", "PG-13", ("violence",), "PG-13 for violence")


def day(n: int) -> datetime:
    return datetime(2021, 9, n, 12, tzinfo=UTC)


def dune(slug: str, **fields: Any) -> Any:
    return review(slug, work_title="Dune", work_year=2021, **fields)


DUNE = [
    dune("d1", score=Score("3.5/5", 70.0, 5.0), runtime_minutes=155, published_at=day(1),
         cast=["Timothée Chalamet", "Zendaya"]),
    dune("d2", score=Score("Grade: B-", 66.7, None), runtime_minutes=156, published_at=day(2),
         cast=["Zendaya", "Rebecca Ferguson"]),
    dune("d3", score=Score("10/10", 100.0, 10.0), runtime_minutes=155, published_at=day(3),
         cast=["Rebecca Ferguson", "ZENDAYA", "Oscar Isaac"],
         content_rating=ContentRating("MPA", "PG-13", (), "PG-13")),
    dune("d4", score=None, runtime_minutes=None, published_at=None, cast=["Oscar Isaac"],
         content_rating=ContentRating(None, "R", ("violence",), "R")),
]  # fmt: skip
TAR = [
    review("t1", work_title="Tár", work_year=2022, directors=["Todd Field"], cast=[],
           runtime_minutes=158, score=Score("4/5", 80.0, 5.0), published_at=day(5)),
    review("t2", work_title="Tár", work_year=2022, directors=["Todd Field"], cast=[],
           runtime_minutes=157, score=Score("2/5", 40.0, 5.0), published_at=day(6)),
    review("t3", work_title="Tár", work_year=2022, directors=["Todd Field"], cast=[],
           score=None, published_at=day(7)),
]  # fmt: skip


@pytest.fixture
def stored(engine: Engine) -> Engine:
    ReviewStore(engine).write([*DUNE, *TAR])
    return engine


@pytest.mark.usefixtures("stored")
def test_scores_by_hand(export: Any, tmp_path: Path) -> None:
    export()
    work = read_works(tmp_path / "exports")["Dune"]
    assert (work["review_count"], work["scored_review_count"]) == (4, 3)
    assert work["score"] == {
        "mean": 78.9,  # (70 + 66.7 + 100) / 3 = 78.9
        "median": 70.0,
        "min": 66.7,
        "max": 100.0,
        "distribution": [0, 0, 0, 0, 0, 0, 1, 1, 0, 1],
    }
    assert work["first_review_at"] == "2021-09-01T12:00:00Z"
    assert work["last_review_at"] == "2021-09-03T12:00:00Z"
    assert [r["id"] for r in work["reviews"]][-1] == read_id(tmp_path, "d4")  # undated last


def read_id(tmp_path: Path, slug: str) -> str:
    reviews = read_reviews(tmp_path / "exports")
    return str(next(r["id"] for r in reviews if r["canonical_url"].endswith(f"/{slug}")))


@pytest.mark.usefixtures("stored")
def test_score_is_null_below_the_minimum_but_counts_stay(export: Any, tmp_path: Path) -> None:
    export()
    tar = read_works(tmp_path / "exports")["Tár"]
    assert tar["score"] is None
    assert (tar["review_count"], tar["scored_review_count"]) == (3, 2)
    export(min_scored=2)
    assert read_works(tmp_path / "exports")["Tár"]["score"]["mean"] == 60.0


@pytest.mark.usefixtures("stored")
def test_agreement_lists_disagreements(export: Any, tmp_path: Path) -> None:
    export()
    works = read_works(tmp_path / "exports")
    dune = works["Dune"]
    assert dune["runtime_minutes"] == 155
    assert dune["content_rating"] == {
        "system": "MPA",
        "certificate": "PG-13",
        "reasons": ["violence"],
    }
    assert dune["disagreements"] == {
        "runtime_minutes": [{"value": 156, "count": 1}],
        "content_rating": [{"value": "R", "count": 1}],
        "content_rating_reasons": [],
    }
    # 158 and 157 once each: the tie goes to the shorter runtime.
    assert works["Tár"]["runtime_minutes"] == 157
    assert works["Tár"]["disagreements"]["runtime_minutes"] == [{"value": 158, "count": 1}]


@pytest.mark.usefixtures("stored")
def test_cast_most_cited_first_then_first_mention(export: Any, tmp_path: Path) -> None:
    export()
    dune = read_works(tmp_path / "exports")["Dune"]
    assert dune["cast"] == ["Zendaya", "Rebecca Ferguson", "Oscar Isaac", "Timothée Chalamet"]
    assert dune["directors"] == ["Denis Villeneuve"]
    validate_folder(tmp_path / "exports")


def test_text_fields_carry_text_only(engine: Engine, export: Any, tmp_path: Path) -> None:
    body = "<p>Bold &amp; brave.</p><script>alert(1)</script> &lt;script&gt;x&lt;/script&gt;End"
    ReviewStore(engine).write([review("html", headline="Dune &amp; <b>more</b>", body_text=body)])
    export()
    folder = tmp_path / "exports"
    text = "".join(path.read_text("utf-8") for path in folder.rglob("*.json*"))
    assert "<script" not in text
    assert "&amp;" not in text
    line = read_reviews(folder)[0]
    assert line["headline"] == "Dune & more"
    assert line["body_text"] == "Bold & brave.\nEnd"
    validate_folder(folder)


def test_since_selects_changed_reviews_and_whole_works(
    stored: Engine, export: Any, tmp_path: Path
) -> None:
    mark = datetime.now(UTC)
    ReviewStore(stored).write([dune("d5", score=Score("1/5", 20.0, 5.0)), review("barbie")])
    summary = export(scope=Scope(since=mark))
    folder = tmp_path / "exports"
    assert (summary.reviews, summary.works) == (2, 2)
    assert {r["work"]["title"] for r in read_reviews(folder)} == {"Dune", "Barbie"}
    assert read_works(folder)["Dune"]["review_count"] == 5  # the whole work, not the change
    assert sorted(p.name for p in (folder / "feeds").glob("*.json")) == ["critic.json"]
    assert export(scope=Scope(since=datetime(2999, 1, 1, tzinfo=UTC))).reviews == 0
    assert (folder / "works.json").read_text("utf-8") == "[]\n"


def test_site_limits_reviews_and_aggregates(stored: Engine, export: Any, tmp_path: Path) -> None:
    other = dune(
        "o1", site="other", canonical_url="https://other.example/dune", runtime_minutes=999
    )
    ReviewStore(stored).write([other])
    summary = export(scope=Scope(site="other"))
    assert (summary.reviews, summary.works, summary.site_feeds) == (1, 1, 1)
    dune_work = read_works(tmp_path / "exports")["Dune"]
    assert (dune_work["review_count"], dune_work["runtime_minutes"]) == (1, 999)
    with pytest.raises(ExportError, match="no reviews stored for site 'nowhere'"):
        export(scope=Scope(site="nowhere"))
