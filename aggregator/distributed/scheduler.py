"""scrapy-redis's scheduler and duplicate filter, keyed per site, on our request fingerprints.

scrapy-redis keys its queue by spider name, which is ``reviews`` for every site,
and its duplicate filter hashes ``canonicalize_url`` itself; here the keys carry
the site's name and the seen-set uses the crawler's request fingerprinter (the
canonical URL: tracking parameters and AMP variants folded), the same one a
single-process crawl uses.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.connection import from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from aggregator.distributed.crawl import CrawlKeys, SharedCrawl

logger = logging.getLogger(__name__)


def site_name(spider: Spider) -> str:
    site = getattr(spider, "site", None)
    return str(getattr(site, "name", None) or spider.name)


def shared_crawl(crawler: Crawler, server: Any) -> SharedCrawl:
    """The shared crawl of the crawler's site, on ``server`` (a Redis client)."""
    assert crawler.spider is not None
    keys = CrawlKeys(crawler.settings["REDIS_KEY_PREFIX"], site_name(crawler.spider))
    return SharedCrawl(server, keys, crawler.settings.getint("REDIS_WORKER_TTL"))


class SharedSeenSet(RFPDupeFilter):  # type: ignore[misc]  # scrapy-redis is untyped
    """The site's seen-set in Redis, on the crawler's request fingerprints."""

    fingerprinter: Any

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        crawl = shared_crawl(spider.crawler, redis_client(spider.crawler))
        debug = spider.settings.getbool("DUPEFILTER_DEBUG")
        seen = cls(crawl.server, key=crawl.keys.seen, debug=debug)
        seen.fingerprinter = spider.crawler.request_fingerprinter
        return seen

    def request_fingerprint(self, request: Request) -> str:
        return str(self.fingerprinter.fingerprint(request).hex())


class SharedScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis is untyped
    """Starts the site's shared crawl, or joins the one under way, when the spider opens.

    Scrapy asks the scheduler of a spider with nothing in flight for requests
    only every five seconds (the engine's heartbeat), while a peer's listing
    may have queued pages a moment later: a worker that starts a second after
    another would sit out a short crawl. So a starved worker looks at the
    shared queue every ``REDIS_IDLE_POLL`` seconds, and when pages wait there
    it claims one and hands it to the engine (``engine.crawl``), which wakes
    the engine; the claimed request skips the seen-set (it is in it already)
    and is served first.
    """

    crawler: Crawler
    crawl: SharedCrawl

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler: Self = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        self.crawl = shared_crawl(self.crawler, self.server)
        self.queue_key = self.crawl.keys.requests
        if self.crawl.begin():
            logger.info("started the shared crawl of %(site)s", {"site": self.crawl.keys.site})
        else:
            logger.info(
                "joined the shared crawl of %(site)s (%(pending)d requests queued)",
                {"site": self.crawl.keys.site, "pending": self.crawl.pending()},
            )
        super().open(spider)
        self._claimed: deque[Request] = deque()
        self._claiming: Request | None = None
        self._starved = False
        self._poll = LoopingCall(self._claim_if_starved)
        self._poll.start(self.crawler.settings.getfloat("REDIS_IDLE_POLL"), now=False)

    def close(self, reason: str) -> None:
        if self._poll.running:
            self._poll.stop()
        super().close(reason)

    def has_pending_requests(self) -> bool:
        return bool(self._claimed) or len(self) > 0

    def _claim_if_starved(self) -> None:
        engine = self.crawler.engine
        if not self._starved or self._claimed or engine is None or not len(self):
            return
        request: Request | None = self.queue.pop(0)
        if request is None:  # a peer took it first
            return
        self.stats.inc_value("scheduler/dequeued/redis")
        self._claiming = request
        try:
            engine.crawl(request)
        finally:
            self._claiming = None

    # scrapy-redis 0.9.1 passes the deprecated ``spider`` argument to the stats;
    # the same two methods without it.
    def enqueue_request(self, request: Request) -> bool:
        if request is self._claiming:
            self._claimed.append(request)
            return True
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        if self._claimed:
            return self._claimed.popleft()
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        self._starved = request is None
        return request


def redis_client(crawler: Crawler) -> Any:
    """A Redis client on ``REDIS_URL``, configured the way scrapy-redis does it."""
    return from_settings(crawler.settings)
