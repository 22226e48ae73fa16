"""Incremental re-crawls: which stored review pages to request again, and how.

Listing pages, sitemaps and robots.txt always go through. A review page that
is already stored (as a review or as a copy's location) is not requested
until ``RECRAWL_AFTER_DAYS`` have passed since it was last seen, unless its
sitemap ``lastmod`` says it changed since. Then it is requested with the
validators stored with it (``If-None-Match``, ``If-Modified-Since``), so an
unchanged page costs a 304, which marks the review seen again.

The decision reads the database, not a local cache file: it holds for every
process that crawls into the same database. (scrapy-deltafetch keeps a local
file and predates Scrapy 2.16; Scrapy's HTTP cache is a cache, not a record.)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from sqlalchemy import Engine, null, select

from aggregator.db.engine import make_engine
from aggregator.db.models import Review, ReviewLocation, Site
from aggregator.db.store import ReviewStore
from aggregator.sites import SiteConfig
from aggregator.urls import canonical_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredPage:
    canonical_url: str
    last_seen_at: datetime
    etag: str | None = None
    last_modified: str | None = None


def decide(
    page: StoredPage | None, now: datetime, after: timedelta, lastmod: datetime | None = None
) -> str:
    """ "new" (not stored), "fresh" (seen recently: skip) or "due" (ask again).

    >>> now = datetime(2025, 1, 10, tzinfo=UTC)
    >>> page = StoredPage("https://a.example/r/1", datetime(2025, 1, 8, tzinfo=UTC))
    >>> decide(None, now, timedelta(days=7)), decide(page, now, timedelta(days=7))
    ('new', 'fresh')
    >>> decide(page, now, timedelta(days=1))
    'due'
    >>> decide(page, now, timedelta(days=7), lastmod=datetime(2025, 1, 9, tzinfo=UTC))
    'due'
    """
    if page is None:
        return "new"
    if lastmod is not None and lastmod > page.last_seen_at:
        return "due"  # the site says it changed after we last saw it
    return "due" if now - page.last_seen_at >= after else "fresh"


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime) as an aware datetime, or None.

    >>> parse_lastmod("2025-01-09"), parse_lastmod("2025-01-09T10:00:00Z").hour
    (datetime.datetime(2025, 1, 9, 0, 0, tzinfo=datetime.timezone.utc), 10)
    >>> parse_lastmod("last week") is None
    True
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def stored_pages(engine: Engine, site: str) -> list[Any]:
    """(url, canonical_url, last_seen_at, etag, last_modified) of a site's stored
    reviews and copies."""
    columns = (Review.url, Review.canonical_url, Review.last_seen_at)
    reviews = select(*columns, Review.etag, Review.last_modified).join(
        Site, Review.site_id == Site.id
    )
    located = (ReviewLocation.url, ReviewLocation.canonical_url, ReviewLocation.last_seen_at)
    copies = select(*located, null(), null()).join(Site, ReviewLocation.site_id == Site.id)
    with engine.connect() as connection:
        return [
            *connection.execute(reviews.where(Site.name == site)),
            *connection.execute(copies.where(Site.name == site)),
        ]


class RecrawlMiddleware:
    """Downloader middleware: skips fresh stored pages, asks about due ones, takes 304s."""

    def __init__(self, crawler: Crawler, after: timedelta, full: bool, dry_run: bool) -> None:
        self.crawler = crawler
        self.after = after
        self.full = full
        self.dry_run = dry_run
        self.engine: Engine | None = None
        self.pages: dict[str, StoredPage] = {}
        self.not_modified: list[str] = []
        self.started = datetime.now(UTC)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecrawlMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            after=timedelta(days=settings.getfloat("RECRAWL_AFTER_DAYS")),
            full=settings.getbool("RECRAWL_FULL"),
            dry_run=settings.getbool("DRY_RUN"),
        )

    @property
    def site(self) -> SiteConfig | None:
        return getattr(self.crawler.spider, "site", None)

    def key(self, url: str) -> str:
        site = self.site
        return canonical_url(url, extra_params=site.tracking_params if site else ())

    def spider_opened(self) -> None:
        if self.site is None or self.full:
            return
        self.engine = make_engine(self.crawler.settings.get("DATABASE_URL"))
        for url, canonical, seen, etag, modified in stored_pages(self.engine, self.site.name):
            seen = seen if seen.tzinfo else seen.replace(tzinfo=UTC)  # SQLite keeps no zone
            page = StoredPage(canonical, seen, etag, modified)
            self.pages[self.key(url)] = self.pages[self.key(canonical)] = page
        logger.info("%(n)d stored pages known for re-crawl decisions", {"n": len(self.pages)})

    def spider_closed(self) -> None:
        if self.engine is None:
            return
        if self.not_modified and not self.dry_run:
            ReviewStore(self.engine).touch(self.not_modified)
        self.engine.dispose()

    def process_request(self, request: Request) -> None:
        site = self.site
        if site is None or not site.is_review_url(request.url) or request.meta.get("recrawl"):
            return
        page = None if self.full else self.pages.get(self.key(request.url))
        lastmod = parse_lastmod(request.meta.get("lastmod"))
        decision = decide(page, self.started, self.after, lastmod)
        self._count(f"recrawl/{decision}")
        if decision == "fresh":
            self._count("recrawl/skipped")
            raise IgnoreRequest("stored and seen recently")
        if self.dry_run:
            logger.info("Would fetch (%(why)s) %(url)s", {"why": decision, "url": request.url})
            self._count("dry_run/would_fetch")
            raise IgnoreRequest("dry run")
        if page is not None:
            request.meta["recrawl"] = page.canonical_url
            if page.etag:
                request.headers["If-None-Match"] = page.etag
            if page.last_modified:
                request.headers["If-Modified-Since"] = page.last_modified

    def process_response(self, request: Request, response: Response) -> Response:
        stored = request.meta.get("recrawl")
        if response.status == 304 and stored:
            self.not_modified.append(stored)
            self._count("recrawl/not_modified")
            raise IgnoreRequest("not modified")
        return response

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
