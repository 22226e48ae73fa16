"""Small builders for review items in tests."""

from __future__ import annotations

from typing import Any

from aggregator.items import ReviewItem
from aggregator.normalize import ContentRating, Score
from aggregator.review import text_digest


def review(slug: str = "dune", **fields: Any) -> ReviewItem:
    body = fields.pop("body_text", f"A long enough review text about {slug}. " * 5)
    defaults: dict[str, Any] = {
        "url": f"https://critic.example/reviews/{slug}/",
        "canonical_url": f"https://critic.example/reviews/{slug}",
        "site": "critic",
        "page_type": "review",
        "headline": f"{slug.title()} review",
        "authors": ["Ann Critic"],
        "publication": "Critic Weekly",
        "language": "en",
        "work_type": "movie",
        "work_title": slug.replace("-", " ").title(),
        "work_year": 2021,
        "score": Score("4/5", 80.0, 5.0),
        "content_rating": ContentRating("MPA", "PG-13", ("violence",), "PG-13 for violence"),
        "cast": ["Timothée Chalamet", "Zendaya"],
        "directors": ["Denis Villeneuve"],
        "body_text": body,
        "body_digest": text_digest(body),
        "field_sources": {"headline": "jsonld"},
        "raw": {"headline": f"{slug} review"},
    }
    return ReviewItem(**(defaults | fields))
