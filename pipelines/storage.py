"""Store reviews in the database in batches, and record each crawl run.

Reviews are buffered and handed over as batches (size and age bounds, and at
close) to a writer thread (:mod:`aggregator.db.writer`), so downloads go on
while the database works. A batch the database refuses is retried, then
spooled to disk and counted under ``storage/spooled``; the next run stores it
first. A kill loses at most the batches in memory, which the next crawl
fetches again.

When the crawl ends, the run's row in ``crawl_runs`` gets its counts, errors,
drops, field coverage and status, with broken-selector alarms found by
comparing the coverage with the site's recent runs (:mod:`aggregator.runs.record`).
With ``DRY_RUN`` nothing is stored, so the pipeline is off.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import task

from aggregator.db.engine import make_engine, safe_url, upgrade_to_head
from aggregator.db.models import CrawlRun
from aggregator.db.spool import Spool, spool_dir
from aggregator.db.store import ReviewStore
from aggregator.db.writer import BatchWriter, replay
from aggregator.items import ReviewItem
from aggregator.runs.record import Coverage, Thresholds, find_alarms, run_status, run_values
from aggregator.settings import DB_RETRY_ATTEMPTS, DB_RETRY_BACKOFF

logger = logging.getLogger(__name__)

#: The counts that say how many review pages a run reached.
RUN_COUNTS = (
    CrawlRun.new, CrawlRun.updated, CrawlRun.unchanged, CrawlRun.not_modified,
    CrawlRun.skipped, CrawlRun.duplicates,
)  # fmt: skip


class DatabasePipeline:
    """Buffers reviews and hands full batches to a :class:`BatchWriter` thread."""

    def __init__(
        self,
        crawler: Crawler,
        engine: Engine,
        batch_size: int,
        flush_seconds: float,
        spool: Spool,
        retry_backoff: float = DB_RETRY_BACKOFF,
        retry_attempts: int = DB_RETRY_ATTEMPTS,
        thresholds: Thresholds | None = None,
    ) -> None:
        self.crawler = crawler
        self.engine = engine
        self.store = ReviewStore(engine)
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.spool = spool
        self.retry_backoff = retry_backoff
        self.retry_attempts = retry_attempts
        self.thresholds = thresholds or Thresholds()
        self.coverage = Coverage()
        self.buffer: list[ReviewItem] = []
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.oldest: float | None = None
        self.run_id: int | None = None
        self.writer: BatchWriter | None = None
        self.stats_lock = threading.Lock()
        self.timer = task.LoopingCall(self.flush_if_due)
        crawler.signals.connect(self.record_run, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabasePipeline:
        settings = crawler.settings
        if settings.getbool("DRY_RUN"):
            raise NotConfigured("dry run: nothing is stored")
        engine = make_engine(settings.get("DATABASE_URL"))
        return cls(
            crawler,
            engine,
            batch_size=settings.getint("DB_BATCH_SIZE"),
            flush_seconds=settings.getfloat("DB_FLUSH_SECONDS"),
            spool=Spool(spool_dir(settings["SPOOL_DIR"], str(engine.url))),
            retry_backoff=settings.getfloat("DB_RETRY_BACKOFF"),
            retry_attempts=settings.getint("DB_RETRY_ATTEMPTS"),
            thresholds=Thresholds(
                points=settings.getfloat("COVERAGE_ALARM_POINTS"),
                runs=settings.getint("COVERAGE_ALARM_RUNS"),
                min_reviews=settings.getint("COVERAGE_ALARM_MIN_REVIEWS"),
            ),
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
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("run/id", self.run_id)
        replayed = replay(self.store, self.spool, self.run_id)
        self.count(replayed.stats() | {"storage/replayed": replayed.new + replayed.updated})
        self.writer = BatchWriter(
            self.store, self.spool, self.count, self.retry_backoff, self.retry_attempts
        )
        self.writer.run_id = self.run_id
        self.timer.start(self.flush_seconds, now=False)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        self.buffer.append(item)
        self.coverage.add(item)
        # The spider keeps each review page's ETag/Last-Modified until it is stored.
        fetched = getattr(self.crawler.spider, "validators", {})
        if item.url and item.url in fetched:
            self.validators[item.url] = fetched.pop(item.url)
        self.oldest = self.oldest or time.monotonic()
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def flush_if_due(self) -> None:
        if self.oldest is not None and time.monotonic() - self.oldest >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Hand the buffer to the writer thread."""
        assert self.writer is not None, "open_spider() starts the writer"
        batch, self.buffer, self.oldest = self.buffer, [], None
        validators, self.validators = self.validators, {}
        self.writer.put(batch, validators)

    def close_spider(self) -> None:
        if self.timer.running:
            self.timer.stop()
        if self.writer is not None:
            self.flush()
            self.writer.close()  # waits for the last batches to be stored or spooled

    def record_run(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        values = run_values(stats, self.coverage) | {
            "finished_at": datetime.now(UTC),
            "stats": {k: v if isinstance(v, int | float) else str(v) for k, v in stats.items()},
        }
        try:
            with self.engine.begin() as connection:
                history = self._history(connection)
                values["alarms"] = find_alarms(values, history, self.thresholds)
                values["status"] = run_status(values, values["alarms"], len(history))
                connection.execute(
                    update(CrawlRun).where(CrawlRun.id == self.run_id).values(values)
                )
        except SQLAlchemyError as exc:
            logger.error("Could not record the crawl run: %s", exc.__class__.__name__)
        for alarm in values.get("alarms") or []:
            logger.warning(
                "Broken-selector alarm: %(site)s: %(field)s on %(now)s%% of reviews "
                "(recent median %(median)s%%)",
                {"site": self.site, "field": alarm["field"], "now": alarm["coverage"],
                 "median": alarm["median"]},
            )  # fmt: skip
        self.engine.dispose()

    def _history(self, connection: Any) -> list[dict[str, Any]]:
        """The site's earlier finished runs, newest first (enough for the median)."""
        columns = [CrawlRun.coverage, CrawlRun.covered, *RUN_COUNTS]
        rows = connection.execute(
            select(*columns)
            .where(CrawlRun.site == self.site, CrawlRun.id != self.run_id)
            .where(CrawlRun.status.is_not(None))
            .order_by(CrawlRun.id.desc())
            .limit(self.thresholds.runs * 4)
        )
        return [dict(row._mapping) for row in rows]

    def count(self, counters: dict[str, int]) -> None:
        """Add to the crawl stats (called from the writer thread too)."""
        if self.crawler.stats is None:
            return
        with self.stats_lock:
            for key, value in counters.items():
                if value:
                    self.crawler.stats.inc_value(key, value)
