"""The batch writer thread: batches stored in order, refused ones retried then spooled, replay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from aggregator.db import writer as writer_module
from aggregator.db.engine import make_engine
from aggregator.db.models import Review
from aggregator.db.spool import Spool
from aggregator.db.store import BatchResult, ReviewStore
from aggregator.db.writer import BatchWriter, replay
from aggregator.items import ReviewItem
from aggregator.settings import DB_RETRY_ATTEMPTS
from tests.factories import review


class Counters:
    """The writer's reports, summed as the crawl stats sum them."""

    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()

    def __call__(self, counts: dict[str, int]) -> None:
        self.totals.update(counts)


def stored_urls(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(Review.canonical_url)).scalars())


def test_batches_are_stored_and_reported(engine: Engine, tmp_path: Path) -> None:
    report = Counters()
    writer = BatchWriter(ReviewStore(engine), Spool(tmp_path), report, backoff=0)
    writer.put([review("a"), review("b")])
    writer.put([])  # nothing to hand over
    writer.put([review("a"), review("c")], {"https://critic.example/reviews/c/": ('"e"', None)})
    writer.wait()
    writer.close()
    assert stored_urls(engine) == [f"https://critic.example/reviews/{s}" for s in "abc"]
    assert report.totals == {"storage/new": 3, "storage/unchanged": 1}
    with engine.connect() as connection:
        etag = connection.execute(select(Review.etag).where(Review.url.like("%/c/"))).scalar_one()
    assert etag == '"e"'
    assert Spool(tmp_path).pending() == []


def test_a_refused_batch_is_tried_again_then_spooled(tmp_path: Path) -> None:
    unusable = ReviewStore(make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'r.db'}"))
    report, spool = Counters(), Spool(tmp_path / "spool")
    writer = BatchWriter(unusable, spool, report, backoff=0)
    writer.put([review("a"), review("b")])
    writer.put([review("c")])
    writer.close()
    assert report.totals == {"storage/write_failed": 2 * DB_RETRY_ATTEMPTS, "storage/spooled": 3}
    assert [len(spool.load(path)) for path in spool.pending()] == [2, 1]


class Exploding(ReviewStore):
    # The signature of the method it overrides, arguments unused.
    def write(self, items: Sequence[ReviewItem], *args: Any, **kwargs: Any) -> BatchResult:  # noqa: ARG002
        raise ValueError("a bug, not a database problem")


def test_an_unexpected_error_spools_the_batch_and_the_writer_goes_on(
    engine: Engine, tmp_path: Path
) -> None:
    report, spool = Counters(), Spool(tmp_path)
    writer = BatchWriter(Exploding(engine), spool, report, backoff=0)
    for slug in "abcdef":  # more batches than the queue holds: put() must not hang
        writer.put([review(slug)])
    writer.close()
    assert report.totals == {"storage/spooled": 6}
    assert len(spool.pending()) == 6
    assert writer_module.QUEUED_BATCHES < 6


def test_replay_stores_spooled_batches_and_removes_them(engine: Engine, tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.save([review("a"), review("b")])
    spool.save([review("b"), review("c")])
    result = replay(ReviewStore(engine), spool, None)
    assert (result.new, result.unchanged) == (3, 1)
    assert spool.pending() == []
    assert len(stored_urls(engine)) == 3
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Review)).scalar_one() == 3
