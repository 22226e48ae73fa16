"""JSON Feed 1.1 documents (https://jsonfeed.org/version/1.1): one per site, one per work.

Items are reviews, newest first (published, else first seen), with the review
data a reader does not know about in the ``_review`` extension object. Keys
whose value is unknown are left out rather than written as ``null``, which
strict feed readers reject for string fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Row

from aggregator.exports.plaintext import excerpt, plain_list, plain_text
from aggregator.exports.records import score
from aggregator.exports.times import timestamp

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
    title: str, home: str | None, path: str, items: Iterable[Row[Any]], options: FeedOptions
) -> dict[str, Any]:
    header = _present(
        {"version": VERSION, "title": title, "home_page_url": home, "feed_url": options.url(path)}
    )
    return header | {"items": [feed_item(row) for row in items]}


def site_feed(
    name: str, publication: str | None, rows: Sequence[Row[Any]], options: FeedOptions
) -> dict[str, Any]:
    """A site's newest reviews (``rows`` come newest first)."""
    home = None
    if rows:
        parts = urlsplit(rows[0].url)
        home = f"{parts.scheme}://{parts.netloc}/"
    title = f"{plain_text(publication) or name} reviews"
    return feed(title, home, f"feeds/{name}.json", rows, options)


def work_feed(
    work: dict[str, Any], rows: Sequence[Row[Any]], options: FeedOptions
) -> dict[str, Any]:
    """The newest reviews of one work (``work`` is its ``works.json`` entry)."""
    year = f" ({work['year']})" if work["year"] else ""
    newest = newest_first(rows)[: options.max_items]
    path = f"feeds/works/{work['id']}.json"
    return feed(f"Reviews of {work['title']}{year}", options.base_url, path, newest, options)


def newest_first(rows: Sequence[Row[Any]]) -> list[Row[Any]]:
    by_id = sorted(rows, key=lambda row: row.public_id)
    return sorted(by_id, key=lambda row: _date(row) or "", reverse=True)


def _date(row: Row[Any]) -> str | None:
    return timestamp(row.published_at or row.first_seen_at)


def feed_item(row: Row[Any]) -> dict[str, Any]:
    body = plain_text(row.body_text)
    summary = plain_text(row.summary) or excerpt(body)
    title = plain_text(row.headline) or plain_text(row.work_title) or row.public_id
    item = {
        "id": row.public_id,
        "url": row.url,
        "title": title,
        "content_text": body or summary or title,
        "summary": summary,
        "date_published": _date(row),
        "date_modified": timestamp(row.updated_at),
        "authors": [{"name": name} for name in plain_list(row.authors)],
        "tags": _tags(row),
        "language": row.language,
    }
    return _present(item) | {"_review": review_extension(row)}


def _tags(row: Row[Any]) -> list[str]:
    tags = [row.work_type or "", *plain_list(row.genres)]
    return list(dict.fromkeys(tag for tag in tags if tag))


def review_extension(row: Row[Any]) -> dict[str, Any]:
    """The ``_review`` object: what the review is about and how it scored it."""
    work = None
    if row.work_public_id is not None:
        work = {
            "id": row.work_public_id,
            "type": row.work_type,
            "title": plain_text(row.work_title),
            "year": row.work_year,
        }
    return {
        "site": row.site_name,
        "publication": plain_text(row.publication),
        "score": score(row),
        "verdict": plain_text(row.verdict),
        "work": work,
    }
