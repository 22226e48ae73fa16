"""Files: byte-identical re-exports, atomic replacement, stale feeds removed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from aggregator.db.models import Review
from aggregator.db.store import ReviewStore
from aggregator.exports import Scope, run
from aggregator.exports.records import review_record
from aggregator.exports.times import utc
from tests.export.conftest import read_reviews, snapshot, validate_folder
from tests.factories import review


@pytest.fixture
def folder(engine: Engine, export: Any, tmp_path: Path) -> Path:
    ReviewStore(engine).write([review(slug) for slug in ("dune", "tar", "barbie", "nope")])
    export()
    return tmp_path / "exports"


def test_unchanged_database_exports_identical_bytes(folder: Path, export: Any) -> None:
    before = snapshot(folder)
    feed = folder / "feeds" / "critic.json"
    mtime = feed.stat().st_mtime_ns
    export()
    assert snapshot(folder) == before
    assert feed.stat().st_mtime_ns == mtime  # unchanged feeds are not rewritten


def test_failed_export_leaves_old_file_and_no_temporary(
    folder: Path, export: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(folder)
    calls = 0

    def failing(row: Any, *found: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        return review_record(row, *found)

    monkeypatch.setattr(run, "review_record", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export()
    assert snapshot(folder) == before
    assert not list(folder.rglob("*.tmp"))


def test_feeds_of_vanished_works_are_removed(folder: Path, export: Any) -> None:
    stale = folder / "feeds" / "works" / "w_000000000000.json"
    stale.write_text("{}", encoding="utf-8")
    export()
    assert not stale.exists()
    assert len(list((folder / "feeds" / "works").glob("*.json"))) == 4


def test_a_review_found_at_another_url_lists_that_place(
    engine: Engine, export: Any, tmp_path: Path
) -> None:
    text = " ".join(f"sentence {n} of a review long enough to be recognised." for n in range(20))
    mirror = "https://mirror.example/copied/dune/"
    original, copy = (
        review("dune", body_text=text),
        review("dune", body_text=text, url=mirror, canonical_url=mirror.rstrip("/"), site="mirror"),
    )
    store = ReviewStore(engine)
    store.write([original])
    store.write([copy])
    export()
    folder = tmp_path / "exports"
    lines = (folder / "reviews.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 1  # one review, found in two places
    (location,) = json.loads(lines[0])["locations"]
    assert {k: location[k] for k in ("url", "site", "reason", "similarity")} == {
        "url": mirror,
        "site": "mirror",
        "reason": "exact_text",
        "similarity": 1.0,
    }
    assert location["first_seen_at"].endswith("Z")
    validate_folder(folder)


def test_since_lists_a_review_found_at_another_place_since(
    engine: Engine, export: Any, tmp_path: Path
) -> None:
    text = " ".join(f"sentence {n} of a review long enough to be recognised." for n in range(20))
    mirror = "https://mirror.example/copied/dune/"
    store = ReviewStore(engine)
    store.write([review("dune", body_text=text), review("tar")])
    mark = datetime.now(UTC)
    store.write([review("dune", body_text=text, url=mirror, canonical_url=mirror, site="mirror")])
    summary = export(scope=Scope(since=mark))
    (line,) = read_reviews(tmp_path / "exports")
    assert [location["url"] for location in line["locations"]] == [mirror]
    with engine.connect() as connection:
        updated = connection.execute(select(func.max(Review.updated_at))).scalar_one()
    assert utc(updated) < mark  # the review itself did not change
    assert (summary.reviews, summary.works) == (1, 0)
