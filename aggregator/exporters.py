"""Feed exporters for ``scrapy crawl -O file.jsonl``: reviews in their documented JSON shape."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonItemExporter, JsonLinesItemExporter

from aggregator.items import ReviewItem, review_to_dict


def _shaped(item: Any) -> Any:
    return review_to_dict(item) if isinstance(item, ReviewItem) else item


class ReviewJsonLinesExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        super().export_item(_shaped(item))


class ReviewJsonExporter(JsonItemExporter):
    def export_item(self, item: Any) -> None:
        super().export_item(_shaped(item))
