"""The generic review spider, driven entirely by the site file."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from aggregator.items import ReviewItem
from aggregator.pool import ExtractionPool, WorkerCrashedError
from aggregator.review import ReviewPage
from aggregator.sites import SiteConfig, load_sites, sites_file_path
from aggregator.spiders.links import LinkFinder
from aggregator.urls import strip_tracking


class ReviewsSpider(Spider):
    """``scrapy crawl reviews -a site=NAME``: follows listings, extracts review pages."""

    name = "reviews"
    site: SiteConfig
    allowed_domains: list[str]
    #: url -> (ETag, Last-Modified) of fetched review pages, until the storage
    #: pipeline takes them (conditional requests on the next re-crawl).
    validators: dict[str, tuple[str | None, str | None]]
    #: Worker processes running ``build_review`` (one pool per process).
    extractor: ExtractionPool
    #: The review and listing pages a page links to.
    links: LinkFinder

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReviewsSpider:
        site_name = kwargs.get("site")
        if not site_name:
            raise ValueError("missing spider argument: -a site=NAME (see `scrapy sites`)")
        sites = load_sites(sites_file_path(crawler.settings.get("SITES_FILE")))
        site = sites.get(site_name)
        # Per-site politeness (delay, concurrency) from the site file; settings are
        # still mutable here and Scrapy applies them to this crawler only.
        crawler.settings.setdict(dict(site.settings), priority="spider")
        spider: ReviewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.site = site
        spider.allowed_domains = list(site.allowed_domains)
        spider.validators = {}
        spider.links = LinkFinder(site)
        spider.extractor = ExtractionPool.shared(
            crawler.settings.getint("EXTRACT_WORKERS"),
            crawler.settings.getint("EXTRACT_WORKERS_AFTER"),
        )
        return spider

    async def start(self) -> AsyncIterator[Request]:
        # What exists by now (modules, settings, the engine and its components)
        # lasts the whole crawl: frozen, it is left out of every full collection,
        # which otherwise walked some 200,000 objects several times a crawl. Once
        # per process: a process running crawl after crawl (tests) would freeze
        # each one's garbage for good.
        if not gc.get_freeze_count():
            gc.freeze()
        for url in self.site.start_urls:
            yield Request(url, callback=self.parse)
        for url in self.site.sitemap_urls:
            yield Request(url, callback=self.parse_sitemap)

    async def parse(  # Scrapy passes a request's cb_kwargs; reviews take none
        self, response: Response, **_kwargs: Any
    ) -> AsyncIterator[ReviewItem | Request]:
        # The worker that extracts a review page reads its links from the same
        # parse; this process parses a page only when no worker has (listings)
        # or could (a page that is not HTML, a dead worker).
        page = await self.review(response) if self.site.is_review_url(response.url) else None
        if isinstance(response, TextResponse):
            for url in self.links.links(response, page.hrefs if page is not None else None):
                yield Request(url, callback=self.parse)
        if page is not None:
            yield page.item

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            url = strip_tracking(entry["loc"], self.site.tracking_params)
            if sitemap.type == "sitemapindex":
                yield Request(url, callback=self.parse_sitemap)
            elif self.site.is_review_url(url) or self.site.is_follow_url(url):
                # lastmod lets the re-crawl fetch a stored page the site says changed.
                yield Request(url, callback=self.parse, meta={"lastmod": entry.get("lastmod")})

    async def review(self, response: Response) -> ReviewPage | None:
        """The page's review and links, read in a worker process (None if the worker died)."""
        self.validators[response.url] = (
            _header(response, "ETag"),
            _header(response, "Last-Modified"),
        )
        try:
            return await self.extractor.build(
                response.url,
                response.body,
                self.site,
                content_type=_header(response, "Content-Type"),
            )
        except WorkerCrashedError as exc:
            self.logger.warning("%(error)s; the next run fetches it again", {"error": exc})
            self.crawler.stats.inc_value("extract/worker_crashed")
            return None

    def closed(self, _reason: str) -> None:
        self.extractor.release()


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1")[:300] if value else None
