"""Keeps a worker in the shared crawl while another may still add requests.

A worker whose own queue share is done is idle, but a busy peer may yet
schedule more pages (a listing it is parsing); so an idle worker stays open
(Scrapy polls the shared queue every few seconds) until the queue is empty and
no live worker is busy. The last one out marks the crawl finished, so the next
crawl starts again from the start URLs. A killed worker stops counting once its
``busy`` mark expires (``REDIS_WORKER_TTL``).
"""

from __future__ import annotations

from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from aggregator.distributed.crawl import SharedCrawl
from aggregator.distributed.scheduler import redis_client, shared_crawl


class WorkerPresence:
    """Marks this worker busy or idle in Redis and decides when it may close."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state = ""
        self.crawl: SharedCrawl
        self.refresh = LoopingCall(self._refresh)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set: one worker, Scrapy's own scheduler")
        presence = cls(crawler)
        crawler.signals.connect(presence.opened, signal=signals.spider_opened)
        crawler.signals.connect(presence.working, signal=signals.request_reached_downloader)
        crawler.signals.connect(presence.idle, signal=signals.spider_idle)
        crawler.signals.connect(presence.closed, signal=signals.spider_closed)
        return presence

    def opened(self) -> None:
        self.crawl = shared_crawl(self.crawler, redis_client(self.crawler))
        self._mark("busy")
        self.refresh.start(max(1, self.crawl.worker_ttl // 3), now=False)

    def working(self) -> None:
        if self.state != "busy":
            self._mark("busy")

    def idle(self) -> None:
        self._mark("idle")
        if self.crawl.pending() or self.crawl.busy_peers():
            raise DontCloseSpider

    def closed(self, reason: str) -> None:
        if self.refresh.running:
            self.refresh.stop()
        crawl = self.crawl
        crawl.leave()
        if reason == "finished" and not crawl.pending() and not crawl.busy_peers():
            crawl.finish()

    def _mark(self, state: str) -> None:
        self.state = state
        self.crawl.mark(state)

    def _refresh(self) -> None:
        self.crawl.mark(self.state)
