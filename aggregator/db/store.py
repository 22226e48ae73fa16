"""Batched writes: one transaction and a few set-based upserts per batch of reviews.

The database decides identity: unique constraints on the canonical URL, the
work key and the person key, written with ``INSERT … ON CONFLICT`` so that two
crawl processes writing the same pages at once still leave one row each.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from aggregator.db.dialect import insert
from aggregator.db.models import Review, Site
from aggregator.db.works import resolve_work
from aggregator.identity import public_id
from aggregator.items import ReviewItem, review_to_dict

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: BatchResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


class ReviewStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def write(
        self, items: Sequence[ReviewItem], crawl_run_id: int | None = None, *, seen: bool = True
    ) -> BatchResult:
        """Store a batch in one transaction; either all of it lands or none.

        ``seen=False`` (re-normalisation) changes content without claiming the
        pages were fetched again: ``last_seen_at`` and the crawl run stay.
        """
        items = list({item.canonical_url: item for item in items if item.canonical_url}.values())
        if not items:
            return BatchResult()
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            site_ids = _site_ids(connection, items, now)
            work_ids = [resolve_work(connection, item, now) for item in items]
            rows = _review_rows(items, site_ids, work_ids)
            return _upsert_reviews(connection, rows, crawl_run_id, now, seen)


def _site_ids(connection: Connection, items: Iterable[ReviewItem], now: datetime) -> dict[str, int]:
    names = {item.site or "unknown": item.publication for item in items}
    rows = [{"name": n, "publication": p, "created_at": now} for n, p in names.items()]
    connection.execute(
        insert(connection, Site).on_conflict_do_nothing(index_elements=["name"]), rows
    )
    found = connection.execute(select(Site.name, Site.id).where(Site.name.in_(names)))
    return {name: site_id for name, site_id in found}


#: Columns that describe the review's content; a change in any is an update.
CONTENT_FIELDS = (
    "headline", "authors", "publication", "published_at", "language", "score_value",
    "score_raw", "score_best", "work_type", "work_title", "work_year", "runtime_minutes",
    "content_rating", "cast", "directors", "platforms", "genres", "body_text", "summary",
    "page_type", "work_id",
)  # fmt: skip


def review_row(item: ReviewItem) -> dict[str, Any]:
    """The ``reviews`` columns for an item (without ids and timestamps)."""
    data = review_to_dict(item)
    work = data["work"]
    return {
        "canonical_url": item.canonical_url,
        "url": item.url,
        "page_type": item.page_type or "review",
        "headline": item.headline,
        "authors": data["authors"],
        "publication": item.publication,
        "published_at": item.published_at,
        "language": item.language,
        "score_value": item.score.value if item.score else None,
        "score_raw": item.score.raw if item.score else None,
        "score_best": item.score.best if item.score else None,
        "work_type": item.work_type,
        "work_title": item.work_title,
        "work_year": item.work_year,
        "runtime_minutes": item.runtime_minutes,
        "content_rating": work["content_rating"],
        "cast": work["cast"],
        "directors": work["directors"],
        "platforms": work["platforms"],
        "genres": work["genres"],
        "body_text": item.body_text,
        "summary": item.summary,
        "field_sources": data["field_sources"],
        "raw": data["raw"],
        "fingerprint": item.fingerprint,
    }


def content_digest(row: dict[str, Any]) -> str:
    content = {name: row.get(name) for name in CONTENT_FIELDS}
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _review_rows(
    items: Sequence[ReviewItem], site_ids: dict[str, int], work_ids: Sequence[int | None]
) -> list[dict[str, Any]]:
    rows = []
    for item, work_id in zip(items, work_ids, strict=True):
        row = review_row(item) | {"work_id": work_id, "site_id": site_ids[item.site or "unknown"]}
        row["content_digest"] = content_digest(row)
        rows.append(row)
    return rows


def _upsert_reviews(
    connection: Connection,
    rows: list[dict[str, Any]],
    crawl_run_id: int | None,
    now: datetime,
    seen: bool,
) -> BatchResult:
    known = _known_digests(connection, [r["canonical_url"] for r in rows])
    result = BatchResult()
    changed = []
    for row in rows:
        previous = known.get(row["canonical_url"])
        if previous == row["content_digest"]:
            result.unchanged += 1
            continue
        if previous is None:
            result.new += 1
        else:
            result.updated += 1
        changed.append(row)
    if seen:
        _touch(connection, [r["canonical_url"] for r in rows], now)
    if changed:
        _write_changed(connection, changed, crawl_run_id, now, seen)
    return result


def _known_digests(connection: Connection, urls: list[str]) -> dict[str, str]:
    query = select(Review.canonical_url, Review.content_digest).where(
        Review.canonical_url.in_(urls)
    )
    return {url: digest for url, digest in connection.execute(query)}


def _touch(connection: Connection, urls: list[str], now: datetime) -> None:
    connection.execute(
        update(Review).where(Review.canonical_url.in_(urls)).values(last_seen_at=now)
    )


def _write_changed(
    connection: Connection,
    rows: list[dict[str, Any]],
    crawl_run_id: int | None,
    now: datetime,
    seen: bool,
) -> None:
    values = [
        row
        | {
            "public_id": public_id("r", row["canonical_url"]),
            "first_seen_at": now,
            "last_seen_at": now,
            "updated_at": now,
            "crawl_run_id": crawl_run_id,
        }
        for row in rows
    ]
    statement = insert(connection, Review)
    keep = {"public_id", "canonical_url", "first_seen_at"}
    if not seen:  # re-normalised, not fetched again
        keep |= {"last_seen_at", "crawl_run_id"}
    statement = statement.on_conflict_do_update(
        index_elements=["canonical_url"],
        set_={name: statement.excluded[name] for name in values[0] if name not in keep},
    )
    connection.execute(statement, values)
