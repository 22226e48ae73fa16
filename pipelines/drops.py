"""Dropping an item with a counted reason (``drop_item/<reason>`` in the crawl stats)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


def drop(crawler: Crawler, reason: str, message: str) -> DropItem:
    """Count the drop and return the exception to raise.

    Usage: ``raise drop(self.crawler, "not_review", f"... {url}")``.
    """
    assert crawler.stats is not None
    crawler.stats.inc_value(f"drop_item/{reason}")
    return DropItem(message, log_level="INFO")
