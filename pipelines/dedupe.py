"""Within one crawl, each canonical URL is passed on once.

Across crawls and processes the database decides (unique canonical URL); this
pipeline only saves the work of writing a page twice in one run.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from aggregator.items import ReviewItem
from pipelines.drops import drop


class DuplicateUrlPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicateUrlPipeline:
        return cls(crawler)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        key = item.canonical_url or item.url or ""
        if key in self.seen:
            raise drop(self.crawler, "duplicate_url", f"Already seen in this crawl: {key}")
        self.seen.add(key)
        return item
