"""Spooled batches: what is saved reads back the same, in order, and damage is set aside."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.db.spool import Spool
from aggregator.items import review_to_dict
from aggregator.normalize import Score
from tests.factories import review


def test_a_batch_reads_back_field_for_field(tmp_path: Path) -> None:
    items = [
        review("dune", published_at=datetime(2021, 10, 22, 9, tzinfo=UTC), runtime_minutes=155),
        review("tár", work_title="Tár", score=Score("8.5/10", 85.0, 10.0), cast=[]),
    ]
    spool = Spool(tmp_path / "spool")
    path = spool.save(items)
    assert spool.pending() == [path]
    assert not list(spool.directory.glob("*.tmp"))
    back = spool.load(path)
    assert [review_to_dict(item) for item in back] == [review_to_dict(item) for item in items]
    assert back[1].work_title == "Tár"
    assert back[0].published_at == datetime(2021, 10, 22, 9, tzinfo=UTC)


def test_batches_are_pending_in_the_order_saved(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    saved = [spool.save([review(slug)]) for slug in ("a", "b", "c")]
    assert spool.pending() == saved
    assert [spool.load(path)[0].headline for path in spool.pending()] == [
        "A review",
        "B review",
        "C review",
    ]


def test_a_missing_folder_has_nothing_pending(tmp_path: Path) -> None:
    assert Spool(tmp_path / "never-made").pending() == []


def test_a_damaged_line_is_skipped_and_the_file_kept_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spool = Spool(tmp_path)
    path = spool.save([review("a"), review("b")])
    good, _ = path.read_text(encoding="utf-8").splitlines()
    path.write_text(good + "\n{cut off\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="aggregator.db.spool"):
        back = spool.load(path)
    assert [item.headline for item in back] == ["A review"]
    assert (tmp_path / "corrupt" / path.name).read_text(encoding="utf-8") == good + "\n{cut off\n"
    assert [record.getMessage() for record in caplog.records] == [
        f"Spool file {path} is damaged (1 unreadable line(s): 2); the rest of it is stored, "
        f"a copy is kept as {tmp_path / 'corrupt' / path.name}"
    ]
