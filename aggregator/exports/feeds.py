"""JSON Feed 1.1 documents (https://jsonfeed.org/version/1.1): one per site, one per work.

Items are reviews, newest first (published, else first seen), with the review
data a reader does not know about in the ``_review`` extension object. Keys
whose value is unknown are left out rather than written as ``null``, which
strict feed readers reject for string fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aggregator.exports.files import dumps, with_array
from aggregator.exports.plaintext import excerpt, plain_text
from aggregator.exports.queries import Exported
from aggregator.exports.records import WorkHead, WorkReview, review_record

VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedOptions:
    #: Public URL of the export folder; without it feeds carry no ``feed_url``.
    base_url: str | None = None
    max_items: int = 100

    def url(self, relative: str) -> str | None:
        return f"{self.base_url.rstrip('/')}/{relative}" if self.base_url else None


def _present(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def feed(
    title: str, home: str | None, path: str, items: Sequence[str], options: FeedOptions
) -> str:
    """The feed as JSON, its ``items`` already JSON (:func:`feed_item`, encoded)."""
    header = _present(
        {"version": VERSION, "title": title, "home_page_url": home, "feed_url": options.url(path)}
    )
    return with_array(dumps(header), "items", items)


def site_feed(
    name: str, publication: str | None, rows: Sequence[Exported], options: FeedOptions
) -> str:
    """A site's newest reviews (``rows`` come newest first)."""
    home = None
    if rows:
        parts = urlsplit(rows[0].url)
        home = f"{parts.scheme}://{parts.netloc}/"
    title = f"{plain_text(publication) or name} reviews"
    items = [dumps(feed_item(review_record(row))) for row in rows]
    return feed(title, home, f"feeds/{name}.json", items, options)


def work_feed(work: WorkHead, reviews: Sequence[WorkReview], options: FeedOptions) -> str:
    """The newest reviews of one work."""
    title = plain_text(work.title)
    year = f" ({work.year})" if work.year else ""
    items = [r.item for r in newest_first(reviews)[: options.max_items]]
    path = f"feeds/works/{work.public_id}.json"
    return feed(f"Reviews of {title}{year}", options.base_url, path, items, options)


def newest_first(reviews: Sequence[WorkReview]) -> list[WorkReview]:
    by_id = sorted(reviews, key=lambda r: r.public_id)
    return sorted(by_id, key=lambda r: r.date or "", reverse=True)


def feed_item(review: dict[str, Any]) -> dict[str, Any]:
    """A feed item from the review's record (:func:`aggregator.exports.records.review_record`,
    whose texts are plain already)."""
    body, work = review["body_text"], review["work"]
    summary = review["summary"] or excerpt(body)
    title = review["headline"] or work["title"] or review["id"]
    item = {
        "id": review["id"],
        "url": review["url"],
        "title": title,
        "content_text": body or summary or title,
        "summary": summary,
        "date_published": review["published_at"] or review["first_seen_at"],
        "date_modified": review["updated_at"],
        "authors": [{"name": name} for name in review["authors"]],
        "tags": list(dict.fromkeys(tag for tag in (work["type"], *work["genres"]) if tag)),
        "language": review["language"],
    }
    return _present(item) | {"_review": review_extension(review)}


def review_extension(review: dict[str, Any]) -> dict[str, Any]:
    """The ``_review`` object: what the review is about and how it scored it."""
    work = review["work"]
    return {
        "site": review["site"],
        "publication": review["publication"],
        "score": review["score"],
        "verdict": review["verdict"],
        "work": None if work["id"] is None else {key: work[key] for key in _WORK_KEYS},
    }


#: The work's keys in ``_review``: who it is, not what the review says about it.
_WORK_KEYS = ("id", "type", "title", "year")
