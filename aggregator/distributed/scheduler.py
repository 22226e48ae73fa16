"""scrapy-redis's scheduler and duplicate filter, keyed per site, on our request fingerprints.

scrapy-redis keys its queue by spider name, which is ``reviews`` for every site,
and its duplicate filter hashes ``canonicalize_url`` itself; here the keys carry
the site's name and the seen-set uses the crawler's request fingerprinter (the
canonical URL: tracking parameters and AMP variants folded), the same one a
single-process crawl uses.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.connection import from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

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
    """Starts the site's shared crawl, or joins the one under way, when the spider opens."""

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

    # scrapy-redis 0.9.1 passes the deprecated ``spider`` argument to the stats;
    # the same two methods without it.
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


def redis_client(crawler: Crawler) -> Any:
    """A Redis client on ``REDIS_URL``, configured the way scrapy-redis does it."""
    return from_settings(crawler.settings)
