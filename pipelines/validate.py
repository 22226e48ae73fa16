"""Only critics' reviews go on: other pages matched by a review URL pattern are dropped.

Fields that :mod:`aggregator.plausible` set aside are counted here, once per
page, under ``field_rejected/<field>/<reason>``.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from aggregator.items import ReviewItem
from pipelines.drops import drop

logger = logging.getLogger(__name__)


class ReviewPagePipeline:
    """Drops pages that are not reviews (``drop_item/not_review``), not HTML
    (``drop_item/not_html``) or without text (``drop_item/no_body``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReviewPagePipeline:
        return cls(crawler)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        self.count_rejected(item)
        if item.page_type != "review":
            reasons = ", ".join(item.page_kind_reasons) or "no review signals"
            # A binary or empty body is a different problem from an article that is no review.
            reason = "not_html" if "not_html" in item.page_kind_reasons else "not_review"
            raise drop(self.crawler, reason, f"Not a review ({reasons}): {item.url}")
        if not item.body_text:
            raise drop(self.crawler, "no_body", f"No review text found: {item.url}")
        return item

    def count_rejected(self, item: ReviewItem) -> None:
        assert self.crawler.stats is not None
        for name, reason in sorted(item.rejected_fields.items()):
            self.crawler.stats.inc_value(f"field_rejected/{name}/{reason}")
            logger.info(
                "Set aside %(field)s of %(url)s (%(reason)s): raw value %(raw).80r",
                {"field": name, "url": item.url, "reason": reason, "raw": item.raw.get(name)},
            )
