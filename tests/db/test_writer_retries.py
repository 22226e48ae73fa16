"""Who retries what: the writer waits out an outage, the store retries a lost race."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from aggregator.db.spool import Spool
from aggregator.db.store import RACE_ATTEMPTS, BatchResult, ReviewStore
from aggregator.db.writer import BatchWriter
from tests.factories import review


class RefusingStore:
    """Stands in for :class:`ReviewStore`: refuses the first ``refusals`` writes."""

    def __init__(self, error: SQLAlchemyError, refusals: int = 99) -> None:
        self.error = error
        self.refusals = refusals
        self.calls = 0

    def write(self, items: Any, _crawl_run_id: Any = None, **_: Any) -> BatchResult:
        self.calls += 1
        if self.calls <= self.refusals:
            raise self.error
        return BatchResult(new=len(items))


def run(store: RefusingStore, tmp_path: Path, attempts: int) -> dict[str, int]:
    counts: dict[str, int] = {}

    def report(values: dict[str, int]) -> None:
        for key, value in values.items():
            counts[key] = counts.get(key, 0) + value

    spool = Spool(tmp_path / "spool")
    writer = BatchWriter(cast(ReviewStore, store), spool, report, backoff=0, attempts=attempts)
    writer.put([review("a"), review("b")])
    writer.close()
    return counts


LOCKED = OperationalError("INSERT", {}, Exception("database is locked"))
CLASH = IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: reviews.text_key"))


@pytest.mark.parametrize("attempts", [1, 4])
def test_a_refusing_database_is_tried_attempts_times_then_spooled(
    tmp_path: Path, attempts: int
) -> None:
    store = RefusingStore(LOCKED)
    counts = run(store, tmp_path, attempts)
    assert store.calls == attempts
    assert counts == {"storage/write_failed": attempts, "storage/spooled": 2}
    assert len(list((tmp_path / "spool").glob("batch-*.jsonl"))) == 1


def test_a_database_back_within_the_attempts_stores_the_batch(tmp_path: Path) -> None:
    store = RefusingStore(LOCKED, refusals=2)
    assert run(store, tmp_path, attempts=3) == {"storage/write_failed": 2, "storage/new": 2}
    assert store.calls == 3


def test_a_race_the_store_still_lost_is_spooled_without_more_tries(tmp_path: Path) -> None:
    # The store has already retried the race (RACE_ATTEMPTS): retrying here would multiply.
    store = RefusingStore(CLASH)
    assert run(store, tmp_path, attempts=3) == {"storage/write_failed": 1, "storage/spooled": 2}
    assert store.calls == 1


@pytest.mark.parametrize(("error", "tries"), [(CLASH, RACE_ATTEMPTS), (LOCKED, 1)])
def test_the_store_retries_races_only(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, error: SQLAlchemyError, tries: int
) -> None:
    store = ReviewStore(engine)
    calls = []

    def refuse(*args: Any) -> BatchResult:
        calls.append(args)
        raise error

    monkeypatch.setattr(store, "_write", refuse)
    with pytest.raises(type(error)):
        store.write([review("a")])
    assert len(calls) == tries
