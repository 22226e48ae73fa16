"""Store reviews in the database in batches, and record each crawl run.

Reviews are buffered and written as one transaction per batch (size and age
bounds, and at close). A batch the database refuses is retried at the next
flush; whatever is still refused at close is spooled to disk (see
:mod:`aggregator.db.spool`) and counted under ``storage/spooled``, and the
next run stores it first. A kill loses at most the batch in memory, which the
next crawl fetches again.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import task

from aggregator.db.engine import make_engine, safe_url, upgrade_to_head
from aggregator.db.models import CrawlRun
from aggregator.db.spool import Spool
from aggregator.db.store import BatchResult, ReviewStore
from aggregator.items import ReviewItem

logger = logging.getLogger(__name__)

#: Unwritten batches kept in memory while the database is down, before spooling.
SPOOL_AFTER_BATCHES = 10


def spool_dir(root: str, database_url: str) -> Path:
    """One spool folder per database: a batch is only ever replayed where it belongs."""
    digest = hashlib.sha1(safe_url(database_url).encode(), usedforsecurity=False).hexdigest()
    return Path(root) / digest[:12]


class DatabasePipeline:
    def __init__(
        self,
        crawler: Crawler,
        engine: Engine,
        batch_size: int,
        flush_seconds: float,
        spool: Spool,
    ) -> None:
        self.crawler = crawler
        self.engine = engine
        self.store = ReviewStore(engine)
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.spool = spool
        self.buffer: list[ReviewItem] = []
        self.oldest: float | None = None
        self.run_id: int | None = None
        #: After a failed write, no retry before this time (monotonic clock).
        self.retry_at = 0.0
        self.timer = task.LoopingCall(self.flush_if_due)
        crawler.signals.connect(self.record_run, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabasePipeline:
        settings = crawler.settings
        engine = make_engine(settings.get("DATABASE_URL"))
        return cls(
            crawler,
            engine,
            batch_size=settings.getint("DB_BATCH_SIZE", 100),
            flush_seconds=settings.getfloat("DB_FLUSH_SECONDS", 5.0),
            spool=Spool(spool_dir(settings.get("SPOOL_DIR", "data/spool"), str(engine.url))),
        )

    @property
    def site(self) -> str:
        spider = self.crawler.spider
        site = getattr(spider, "site", None)
        return str(getattr(site, "name", None) or getattr(spider, "name", "unknown"))

    def open_spider(self) -> None:
        logger.info("Storing reviews in %s", safe_url(str(self.engine.url)))
        upgrade_to_head(self.engine)
        with self.engine.begin() as connection:
            started = {"site": self.site, "started_at": datetime.now(UTC)}
            self.run_id = connection.execute(
                insert(CrawlRun).values(started).returning(CrawlRun.id)
            ).scalar_one()
        self.replay_spool()
        self.timer.start(self.flush_seconds, now=False)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        self.buffer.append(item)
        self.oldest = self.oldest or time.monotonic()
        if len(self.buffer) >= self.batch_size and time.monotonic() >= self.retry_at:
            self.flush()
        if len(self.buffer) >= SPOOL_AFTER_BATCHES * self.batch_size:
            self.spool_buffer()  # the database stays down: keep memory bounded
        return item

    def flush_if_due(self) -> None:
        if self.oldest is not None and time.monotonic() - self.oldest >= self.flush_seconds:
            self.flush()

    def flush(self) -> bool:
        """Write the buffer; on failure keep it for the next try. True when written."""
        if not self.buffer:
            return True
        try:
            result = self.store.write(self.buffer, self.run_id)
        except SQLAlchemyError as exc:
            self._count("storage/write_failed")
            self.retry_at = time.monotonic() + self.flush_seconds
            detail = str(exc).splitlines()[0]
            logger.error(
                "Database write of %(n)d reviews failed, will retry: %(error)s",
                {"n": len(self.buffer), "error": detail},
            )
            return False
        self._record(result)
        self.buffer, self.oldest = [], None
        return True

    def close_spider(self) -> None:
        if self.timer.running:
            self.timer.stop()
        if not self.flush():
            self.spool_buffer()

    def spool_buffer(self) -> None:
        path = self.spool.save(self.buffer)
        self._count("storage/spooled", len(self.buffer))
        logger.error(
            "Database unavailable: %(n)d reviews saved to %(path)s; the next run stores them",
            {"n": len(self.buffer), "path": path},
        )
        self.buffer, self.oldest = [], None

    def replay_spool(self) -> None:
        """Store batches an earlier run could not, before crawling anything new."""
        for path in self.spool.pending():
            items = self.spool.load(path)
            result = self.store.write(items, self.run_id)
            self._record(result)
            self._count("storage/replayed", len(items))
            path.unlink()
            logger.info(
                "Stored %(n)d spooled reviews from %(path)s", {"n": len(items), "path": path}
            )

    def record_run(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        values = {
            "finished_at": datetime.now(UTC),
            "finish_reason": str(stats.get("finish_reason", "")),
            "stats": {k: v if isinstance(v, int | float) else str(v) for k, v in stats.items()},
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    update(CrawlRun).where(CrawlRun.id == self.run_id).values(values)
                )
        except SQLAlchemyError as exc:
            logger.error("Could not record the crawl run: %s", exc.__class__.__name__)
        self.engine.dispose()

    def _record(self, result: BatchResult) -> None:
        for key, count in result.stats().items():
            self._count(key, count)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)
