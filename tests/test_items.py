"""The field declarations and what is derived from them: the loader's processors,
the JSON shape, the database row, the content digest and the export record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from itemadapter import ItemAdapter
from sqlalchemy import Engine

from aggregator.db.models import Review
from aggregator.db.rows import CONTENT_FIELDS, content_digest, review_row
from aggregator.db.store import ReviewStore
from aggregator.exports import ExportOptions, export_all
from aggregator.extraction.candidates import Candidate
from aggregator.fields import FIELDS
from aggregator.items import ReviewItem, meta, names, review_from_dict, review_to_dict
from aggregator.loaders import ReviewLoader, load_review
from aggregator.plausible import check
from aggregator.runs.record import COVERAGE_FIELDS
from tests.export.conftest import read_reviews, read_works, validator
from tests.factories import review

#: Columns the database keeps about a review besides its fields.
DATABASE_FACTS = {
    "id", "public_id", "site_id", "work_id", "content_digest", "text_key", "minhash",
    "first_seen_at", "last_seen_at", "updated_at", "etag", "last_modified", "crawl_run_id",
}  # fmt: skip


def full_item() -> ReviewItem:
    return review(
        verdict="Worth the wait.",
        page_kind_reasons=["schema_review"],
        published_at=datetime(2021, 10, 21, 9, tzinfo=UTC),
        crawled_at=datetime(2021, 10, 22, tzinfo=UTC),
        runtime_minutes=155,
        rejected_fields={"work_year": "too_early"},
        raw={"headline": "Dune review", "score": {"ratingValue": "4"}},
        losers={"score": [Candidate("8", "meta")]},
    )


def test_the_loader_reads_processors_from_the_declaration() -> None:
    declared = ItemAdapter(ReviewItem()).get_field_meta("runtime_minutes")
    loader = ReviewLoader()
    assert loader.get_input_processor("runtime_minutes") is declared["input_processor"]
    item = load_review(
        {
            "runtime_minutes": [Candidate("2 hr. 35 min.", "prose")],
            "cast": [Candidate("Zendaya, Oscar Isaac", "jsonld")],
            "verdict": [Candidate("  Worth   the wait. ", "printed")],
        },
        {},
    )
    assert (item.runtime_minutes, item.cast) == (155, ["Zendaya", "Oscar Isaac"])
    assert item.verdict == "Worth the wait."


def test_to_dict_and_back_keeps_every_field() -> None:
    item = full_item()
    data = review_to_dict(item)
    assert data["verdict"] == "Worth the wait."
    assert data["work"]["runtime_minutes"] == 155
    assert data["raw"]["losers"] == {"score": [{"source": "meta", "value": "8"}]}
    assert review_from_dict(data) == item
    validator("item.schema.json").validate(data)


def test_derived_lists() -> None:
    assert "verdict" in FIELDS
    assert "body_digest" not in FIELDS  # computed, never offered by a page
    assert COVERAGE_FIELDS == (
        "headline", "authors", "published_at", "score", "work_title", "runtime_minutes",
        "content_rating", "cast",
    )  # fmt: skip
    assert {"score_value", "score_raw", "score_best", "verdict", "work_id"} <= set(CONTENT_FIELDS)
    assert "body_digest" not in CONTENT_FIELDS
    assert names(work="title") == ("work_title",)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown field kind 'txt'"):
        meta("txt")


def test_the_row_has_a_column_for_every_stored_field() -> None:
    row = review_row(full_item())
    assert set(row) == set(Review.__table__.columns.keys()) - DATABASE_FACTS
    assert row["verdict"] == "Worth the wait."
    assert (row["score_value"], row["score_raw"], row["score_best"]) == (80.0, "4/5", 5.0)
    assert row["page_kind_reasons"] == ["schema_review"]


def test_a_null_late_field_leaves_the_digest_as_before() -> None:
    row = review_row(review()) | {"work_id": 1}
    stored_before = {name: value for name, value in row.items() if name != "verdict"}
    assert content_digest(row) == content_digest(stored_before)
    assert content_digest(row | {"verdict": "Worth it."}) != content_digest(row)


def test_markup_in_a_verdict_is_removed() -> None:
    item = load_review({"verdict": [Candidate("Fine <script>x()</script>film", "printed")]}, {})
    assert check(item, {}).verdict == "Fine film"


def test_verdict_is_stored_and_exported(engine: Engine, tmp_path: Path) -> None:
    ReviewStore(engine).write([full_item(), review("tar", verdict=None)])
    export_all(engine, tmp_path, ExportOptions())
    records = {r["canonical_url"].rsplit("/", 1)[1]: r for r in read_reviews(tmp_path)}
    assert records["dune"]["verdict"] == "Worth the wait."
    assert records["tar"]["verdict"] is None
    assert records["dune"]["rejected_fields"] == {"work_year": "too_early"}
    assert records["dune"]["page_kind_reasons"] == ["schema_review"]
    assert records["dune"]["body_digest"] == full_item().body_digest
    entries = [entry for work in read_works(tmp_path).values() for entry in work["reviews"]]
    feed = json.loads((tmp_path / "feeds" / "critic.json").read_text("utf-8"))
    for listed in (entries, [item["_review"] for item in feed["items"]]):
        assert sorted(str(entry["verdict"]) for entry in listed) == ["None", "Worth the wait."]
