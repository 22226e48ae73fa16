"""Extraction on every core: a pool of worker processes that run ``build_review``.

Extraction is pure (URL, body bytes, site config in; item out), so the spider
hands each review page to a worker process and awaits the item while the
reactor goes on downloading. Scrapy's own back-pressure bounds the pages in
flight: a callback awaiting a worker keeps its response in the scraper's slot,
and Scrapy stops starting downloads while that slot is full
(``SCRAPER_SLOT_MAX_ACTIVE_SIZE``), so memory stays flat however far the
downloads run ahead. A worker that dies (a crash in a C extension, the OOM
killer) costs the page it held: the pool is rebuilt and the page reported, never
the crawl; a crawl that dies (``kill -9``) takes its workers with it.
``EXTRACT_WORKERS = 0`` extracts in the crawl's own process, for debugging.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from aggregator.review import ReviewPage, build_review, read_review_page
from aggregator.sites import SiteConfig

logger = logging.getLogger(__name__)


class WorkerCrashedError(Exception):
    """The worker process extracting a page died; the page is lost to this crawl."""


def _start_worker() -> None:
    """Initializer of a worker process."""
    _exit_with_crawl()
    _warm_up()
    # What the worker holds from here on (modules, lazy tables) lives as long as
    # it does: frozen, it is no longer walked by every full collection, which
    # cost about 1 ms of a page's extraction.
    gc.freeze()


def _warm_up() -> None:
    # The first call builds lazy tables (dateparser, trafilatura); pay it once per
    # worker, before pages wait on it.
    build_review("https://warm.example/review/", b"<html><body><p>warm</p></body></html>")


def _exit_with_crawl() -> None:
    """End this worker as soon as the crawl's process is gone.

    A crawl killed outright (``kill -9``, the OOM killer) cannot shut its pool
    down, and a worker would wait for its next page forever. multiprocessing
    gives each worker a sentinel of its parent, a pipe whose other end the
    parent holds, which reads as closed once the parent is gone: a thread
    waits on it.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing
        return
    sentinel = parent.sentinel

    def wait_for_the_crawl() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)  # nothing to clean up, nobody to report to

    threading.Thread(target=wait_for_the_crawl, name="exit-with-crawl", daemon=True).start()


_SHARED: dict[int, ExtractionPool] = {}


class ExtractionPool:
    """``await pool.build(...)`` runs ``read_review_page`` in a worker process."""

    def __init__(self, workers: int, start_after: int = 0) -> None:
        self.workers = workers
        #: Pages extracted in-process before the workers start: each worker costs
        #: about a second of CPU to import and warm up, more than a small crawl's
        #: pages cost in the crawl's own process.
        self.start_after = start_after
        self.pages = 0
        self._executor: ProcessPoolExecutor | None = None
        self.users = 0

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: the crawl process has threads (database writer, DNS) and
            # a running reactor, which a plain fork would copy half-way.
            context = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker
            )
        return self._executor

    async def build(
        self,
        url: str,
        body: bytes,
        site: SiteConfig | None,
        *,
        content_type: str | None = None,
        crawled_at: datetime | None = None,
    ) -> ReviewPage:
        """The page's item and links, from a worker process (or in-process when
        there are none)."""
        self.pages += 1
        if self.workers <= 0 or self.pages <= self.start_after:
            return read_review_page(
                url, body, site, content_type=content_type, crawled_at=crawled_at
            )
        try:
            future = self._pool().submit(
                read_review_page, url, body, site, content_type=content_type, crawled_at=crawled_at
            )
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            self._discard()
            raise WorkerCrashedError(f"extraction worker died on {url}") from exc

    def _discard(self) -> None:
        """Drop a broken pool; the next page starts a new one."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    @classmethod
    def shared(cls, workers: int, start_after: int = 0) -> ExtractionPool:
        """The process's pool: the crawls of ``crawlall`` share the cores."""
        pool = _SHARED.get(workers)
        if pool is None:
            pool = _SHARED[workers] = cls(workers, start_after)
        pool.users += 1
        return pool

    def release(self) -> None:
        """One crawl is done with the shared pool; the last one shuts it down."""
        self.users -= 1
        if self.users <= 0:
            self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
