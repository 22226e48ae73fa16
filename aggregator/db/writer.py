"""Database writes in a thread of their own, so a crawl never waits on the database.

The crawl hands over whole batches; one writer thread stores them in order.
A batch the database refuses (down, busy past its timeout, disk full) is
tried again, ``attempts`` times in all with ``backoff`` × attempt seconds in
between, and then spooled to disk, so nothing is lost and the crawl goes on;
the next run stores the spool. This is the only retry of a refused batch: the
store retries nothing but a race lost to another writer, at once
(:data:`aggregator.db.store.RACE_ATTEMPTS`), and a race it still loses is
spooled here without a second round of retries. At most ``QUEUED_BATCHES``
batches wait in memory: when the database falls that far behind, handing over
a batch waits for it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError

from aggregator.db.spool import Spool
from aggregator.db.store import BatchResult, ReviewStore, Validators, lost_race
from aggregator.items import ReviewItem
from aggregator.settings import DB_RETRY_ATTEMPTS, DB_RETRY_BACKOFF

logger = logging.getLogger(__name__)

QUEUED_BATCHES = 4

#: Called in the writer thread with counters ("storage/new", ...) after each batch.
Report = Callable[[dict[str, int]], None]
#: A batch of reviews and the validators of the pages they came from.
Batch = tuple[list[ReviewItem], Validators]


class BatchWriter:
    def __init__(
        self,
        store: ReviewStore,
        spool: Spool,
        report: Report,
        backoff: float = DB_RETRY_BACKOFF,
        attempts: int = DB_RETRY_ATTEMPTS,
    ) -> None:
        self.store = store
        self.spool = spool
        self.report = report
        self.backoff = backoff
        self.attempts = max(1, attempts)
        self.run_id: int | None = None
        self._queue: queue.Queue[Batch | None] = queue.Queue(QUEUED_BATCHES)
        self._thread = threading.Thread(target=self._work, name="review-writer", daemon=True)
        self._thread.start()

    def put(self, batch: Sequence[ReviewItem], validators: Validators | None = None) -> None:
        """Hand a batch over (waits only when the database is far behind)."""
        if batch:
            self._queue.put((list(batch), validators or {}))

    def wait(self) -> None:
        """Until every batch handed over is stored or spooled."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _work(self) -> None:
        while (queued := self._queue.get()) is not None:
            batch, validators = queued
            try:
                self._store(batch, validators)
            except Exception:  # never let the thread die: the crawl would hang on put()
                logger.exception("Unexpected error storing %d reviews; spooling them", len(batch))
                self._spool(batch)
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def _store(self, batch: list[ReviewItem], validators: Validators) -> None:
        for attempt in range(1, self.attempts + 1):
            try:
                result = (
                    self.store.write(batch, self.run_id, validators=validators)
                    if validators
                    else self.store.write(batch, self.run_id)
                )
                self.report(result.stats())
                return
            except SQLAlchemyError as exc:
                self.report({"storage/write_failed": 1})
                logger.error(
                    "Database write of %(n)d reviews failed (attempt %(a)d of %(all)d): %(e)s",
                    {"n": len(batch), "a": attempt, "all": self.attempts, "e": _first_line(exc)},
                )
                if lost_race(exc):  # the store has retried it already
                    break
                if attempt < self.attempts:
                    time.sleep(self.backoff * attempt)
        self._spool(batch)

    def _spool(self, batch: list[ReviewItem]) -> None:
        path = self.spool.save(batch)
        self.report({"storage/spooled": len(batch)})
        logger.error(
            "%(n)d reviews saved to %(path)s; the next run stores them",
            {"n": len(batch), "path": path},
        )


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def replay(store: ReviewStore, spool: Spool, run_id: int | None) -> BatchResult:
    """Store batches an earlier run spooled; each file is removed once stored."""
    total = BatchResult()
    for path in spool.pending():
        items = spool.load(path)
        total.add(store.write(items, run_id))
        path.unlink()
        logger.info("Stored %(n)d spooled reviews from %(path)s", {"n": len(items), "path": path})
    return total
