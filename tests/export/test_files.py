"""Files: byte-identical re-exports, atomic replacement, stale feeds removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from aggregator.db.store import ReviewStore
from aggregator.exports import run
from aggregator.exports.records import review_record
from tests.export.conftest import snapshot
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

    def failing(row: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        return review_record(row)

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
