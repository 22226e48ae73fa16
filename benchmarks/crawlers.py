"""Run a comparison spider over every site of a site file, as ``scrapy crawlall`` does.

One crawler per site in one process, with the project's politeness settings
(concurrency, robots.txt, user agent) and each site's own settings, so that a
comparison differs from our crawl only in what the callback and pipelines do.
The run ends with one line of JSON on stdout: pages downloaded (robots.txt
files not counted) and items.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from aggregator import settings as project
from aggregator.sites import SiteConfig, load_sites


class SiteSpider(Spider):
    """A comparison spider: one site of the site file, following the same links as ours."""

    site: SiteConfig
    links: LinkExtractor
    allowed_domains: list[str]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        crawler.settings.setdict(dict(kwargs["site"].settings), priority="spider")
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = list(spider.site.allowed_domains)
        spider.links = LinkExtractor(allow=[*spider.site.review_urls, *spider.site.follow_urls])
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.site.start_urls:
            yield Request(url)

    def follow(self, response: Response) -> Iterator[Request]:
        """Requests for the review and listing pages the response links to."""
        if not isinstance(response, TextResponse):
            return
        for link in self.links.extract_links(response):
            yield response.follow(link.url)


#: Project settings a comparison spider shares with ours.
SHARED = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
)


def run(spider: type[Spider], sites_file: str, settings: dict[str, Any] | None = None) -> int:
    """Crawl every site with ``spider`` (``-a site=NAME``); prints the totals."""
    base = {name: getattr(project, name) for name in SHARED}
    base.update(LOG_LEVEL="WARNING", TELNETCONSOLE_ENABLED=False, **(settings or {}))
    process = CrawlerProcess(base)
    crawlers: list[Crawler] = []
    for site in load_sites(sites_file).sites.values():
        crawler = process.create_crawler(spider)
        crawlers.append(crawler)
        process.crawl(crawler, site=site)
    process.start()
    totals = {"pages": 0, "items": 0}
    for crawler in crawlers:
        assert crawler.stats is not None
        totals["pages"] += crawler.stats.get_value("response_received_count", 0)
        totals["pages"] -= crawler.stats.get_value("robotstxt/response_count", 0)
        totals["items"] += crawler.stats.get_value("item_scraped_count", 0)
    print(json.dumps(totals), flush=True)
    return 0
