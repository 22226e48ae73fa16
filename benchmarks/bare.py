"""Bare Scrapy: follows the same links as our spider and does nothing else.

    python -m benchmarks.bare SITES_FILE

The ceiling for a crawl of the benchmark site on this machine: downloads,
response objects and link extraction, no extraction and no storage.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from aggregator.sites import SiteConfig
from benchmarks import crawlers


class BareSpider(Spider):
    name = "bare"
    site: SiteConfig
    links: LinkExtractor
    allowed_domains: list[str]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        crawler.settings.setdict(dict(kwargs["site"].settings), priority="spider")
        spider: BareSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = list(spider.site.allowed_domains)
        spider.links = LinkExtractor(allow=[*spider.site.review_urls, *spider.site.follow_urls])
        return spider

    async def start(self) -> Any:
        for url in self.site.start_urls:
            yield Request(url)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        for link in self.links.extract_links(response):
            yield response.follow(link.url)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    return crawlers.run(BareSpider, args[0])


if __name__ == "__main__":
    sys.exit(main())
