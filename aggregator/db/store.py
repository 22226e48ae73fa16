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

from sqlalchemy import Connection, Engine, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from aggregator.db.models import Person, Review, Site, Work, WorkCredit
from aggregator.identity import person_key, public_id, title_key, work_key
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


def insert(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ``on_conflict_do_update/do_nothing``."""
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    if connection.dialect.name == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)


class ReviewStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def write(self, items: Sequence[ReviewItem], crawl_run_id: int | None = None) -> BatchResult:
        """Store a batch in one transaction; either all of it lands or none."""
        items = list({item.canonical_url: item for item in items if item.canonical_url}.values())
        if not items:
            return BatchResult()
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            site_ids = _site_ids(connection, items, now)
            work_ids = [_work_id(connection, item, now) for item in items]
            result = _upsert_reviews(connection, items, site_ids, work_ids, crawl_run_id, now)
            _upsert_credits(connection, items, work_ids)
        return result


def _site_ids(connection: Connection, items: Iterable[ReviewItem], now: datetime) -> dict[str, int]:
    names = {item.site or "unknown": item.publication for item in items}
    rows = [{"name": n, "publication": p, "created_at": now} for n, p in names.items()]
    connection.execute(
        insert(connection, Site).on_conflict_do_nothing(index_elements=["name"]), rows
    )
    found = connection.execute(select(Site.name, Site.id).where(Site.name.in_(names)))
    return {name: site_id for name, site_id in found}


def _work_id(connection: Connection, item: ReviewItem, now: datetime) -> int | None:
    """Find or create the reviewed work; see README "Identity" for the rules."""
    if not item.work_title:
        return None
    tkey = title_key(item.work_title)
    if not tkey:
        return None
    rows = connection.execute(
        select(Work.id, Work.type, Work.year).where(Work.title_key == tkey)
    ).all()
    match = _choose_work(rows, item.work_type, item.work_year)
    if match is not None:
        work_id, year = match
        if year is None and item.work_year is not None:
            _fill_year(connection, work_id, item, tkey, now)
        return work_id
    if item.work_year is None and len(rows) > 1:
        logger.info("Work %r is ambiguous without a year; kept apart", item.work_title)
    return _create_work(connection, item, tkey, now)


def _choose_work(
    rows: Sequence[Any], work_type: str | None, year: int | None
) -> tuple[int, int | None] | None:
    """Same type (or unknown), and a year within one of the known one.

    An item without a year joins the only work of that title; with several
    works of one title it is ambiguous and kept apart rather than merged wrongly.
    """
    typed = [r for r in rows if work_type in (None, "other") or r.type in (work_type, "other")]
    if year is not None:
        near = sorted((abs(r.year - year), r.id, r.year) for r in typed if r.year is not None)
        if near and near[0][0] <= 1:
            return near[0][1], near[0][2]
        undated = [r for r in typed if r.year is None]
        return (undated[0].id, None) if len(undated) == 1 else None
    return (typed[0].id, typed[0].year) if len(typed) == 1 else None


def _create_work(connection: Connection, item: ReviewItem, tkey: str, now: datetime) -> int:
    wtype = item.work_type or "other"
    key = work_key(wtype, tkey, item.work_year)
    row = {
        "public_id": public_id("w", key),
        "key": key,
        "title_key": tkey,
        "type": wtype,
        "title": item.work_title,
        "year": item.work_year,
        "created_at": now,
        "updated_at": now,
    }
    connection.execute(insert(connection, Work).on_conflict_do_nothing(index_elements=["key"]), row)
    return int(connection.execute(select(Work.id).where(Work.key == key)).scalar_one())


def _fill_year(
    connection: Connection, work_id: int, item: ReviewItem, tkey: str, now: datetime
) -> None:
    """A work first seen without a year learns it; its public id stays the same."""
    key = work_key(item.work_type or "other", tkey, item.work_year)
    taken = connection.execute(select(Work.id).where(Work.key == key)).first()
    if taken is None:
        connection.execute(
            update(Work)
            .where(Work.id == work_id)
            .values(year=item.work_year, key=key, updated_at=now)
        )


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


def _upsert_reviews(
    connection: Connection,
    items: Sequence[ReviewItem],
    site_ids: dict[str, int],
    work_ids: Sequence[int | None],
    crawl_run_id: int | None,
    now: datetime,
) -> BatchResult:
    rows = []
    for item, work_id in zip(items, work_ids, strict=True):
        row = review_row(item) | {"work_id": work_id, "site_id": site_ids[item.site or "unknown"]}
        row["content_digest"] = content_digest(row)
        rows.append(row)
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
    _touch(connection, [r["canonical_url"] for r in rows], now)
    if changed:
        _write_changed(connection, changed, crawl_run_id, now)
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
    connection: Connection, rows: list[dict[str, Any]], crawl_run_id: int | None, now: datetime
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
    statement = statement.on_conflict_do_update(
        index_elements=["canonical_url"],
        set_={name: statement.excluded[name] for name in values[0] if name not in keep},
    )
    connection.execute(statement, values)


def _upsert_credits(
    connection: Connection, items: Sequence[ReviewItem], work_ids: Sequence[int | None]
) -> None:
    credits = [
        (work_id, person_key(name), name, role)
        for item, work_id in zip(items, work_ids, strict=True)
        if work_id is not None
        for role, names in (("cast", item.cast), ("director", item.directors))
        for name in names
        if person_key(name)
    ]
    if not credits:
        return
    people = {key: name for _, key, name, _ in credits}
    connection.execute(
        insert(connection, Person).on_conflict_do_nothing(index_elements=["key"]),
        [{"key": key, "name": name} for key, name in people.items()],
    )
    found = connection.execute(select(Person.key, Person.id).where(Person.key.in_(people)))
    ids = {key: person_id for key, person_id in found}
    rows = {(work_id, ids[key], role) for work_id, key, _, role in credits}
    connection.execute(
        insert(connection, WorkCredit).on_conflict_do_nothing(
            index_elements=["work_id", "person_id", "role"]
        ),
        [{"work_id": w, "person_id": p, "role": r} for w, p, r in sorted(rows)],
    )
