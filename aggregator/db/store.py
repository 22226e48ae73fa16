"""Batched writes: one transaction per batch; the database decides identity.

Per review, in order (README "Identity" explains the rules):

1. Its canonical URL is stored already: unchanged content only touches
   ``last_seen_at``; changed content updates the row and keeps the previous
   version in ``review_versions``.
2. Its canonical URL is a known copy's location: touched, nothing else.
3. Its text is an exact or near copy of a stored review (text key, MinHash
   bands): recorded as another location of that review, counted as a duplicate.
4. Otherwise it is a new review.

Writers take turns (:func:`aggregator.db.dialect.begin_write`), so two crawl
processes never decide "new" for the same review at the same moment; unique
constraints (canonical URL, text key, work key, person key) back that up, and a
batch that still collides is rolled back and retried, finding the winner's row.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from aggregator.db import copies
from aggregator.db.dialect import begin_write, insert
from aggregator.db.models import Review, ReviewLocation, ReviewVersion, Site
from aggregator.db.rows import CONTENT_FIELDS, content_digest, review_row
from aggregator.db.rows import jsonable as _jsonable
from aggregator.db.works import resolve_work
from aggregator.identity import public_id
from aggregator.items import ReviewItem
from aggregator.similarity import signature, text_key, to_bytes

logger = logging.getLogger(__name__)

#: Attempts for a batch that lost a race to another process (unique constraint).
ATTEMPTS = 3

#: A page's HTTP validators (ETag, Last-Modified), keyed by the URL it was fetched from.
Validators = Mapping[str, tuple[str | None, str | None]]


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    #: reason ("exact_text", "near_text") -> count
    duplicate: Counter[str] = field(default_factory=Counter)

    def add(self, other: BatchResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.duplicate.update(other.duplicate)

    def stats(self) -> dict[str, int]:
        """Crawl-stats counters: ``storage/new``, ``storage/duplicate/near_text``, ..."""
        counts = {"new": self.new, "updated": self.updated, "unchanged": self.unchanged}
        counts |= {f"duplicate/{reason}": n for reason, n in self.duplicate.items()}
        return {f"storage/{name}": n for name, n in counts.items() if n}


@dataclass
class _Write:
    """What one batch write needs to know besides the item."""

    connection: Connection
    sites: dict[str, int]
    run_id: int | None
    now: datetime
    seen: bool
    result: BatchResult
    validators: Validators = field(default_factory=dict)

    def validator_columns(self, item: ReviewItem) -> dict[str, str | None]:
        """``etag``/``last_modified`` when this fetch brought them (else leave the stored)."""
        if item.url is None or item.url not in self.validators:
            return {}
        etag, modified = self.validators[item.url]
        return {"etag": etag, "last_modified": modified}


class ReviewStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def write(
        self,
        items: Sequence[ReviewItem],
        crawl_run_id: int | None = None,
        *,
        seen: bool = True,
        validators: Validators | None = None,
    ) -> BatchResult:
        """Store a batch in one transaction; either all of it lands or none.

        ``seen=False`` (re-normalisation) changes content without claiming the
        pages were fetched again: ``last_seen_at`` and the crawl run stay.
        ``validators`` are stored with the reviews for conditional re-crawls.
        """
        unique = list({item.canonical_url: item for item in items if item.canonical_url}.values())
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._write(unique, crawl_run_id, seen, validators or {})
            except (IntegrityError, OperationalError) as exc:
                if attempt == ATTEMPTS or not _is_race(exc):
                    raise
                logger.info("Batch lost a race with another writer; retrying (%d)", attempt)
        raise AssertionError("unreachable")

    def _write(
        self, items: list[ReviewItem], run_id: int | None, seen: bool, validators: Validators
    ) -> BatchResult:
        result = BatchResult()
        if not items:
            return result
        now = datetime.now(UTC)
        with begin_write(self.engine) as connection:
            sites = _site_ids(connection, items, now)
            write = _Write(connection, sites, run_id, now, seen, result, validators)
            for item in items:
                _write_one(write, item)
        return result

    def touch(self, canonical_urls: Iterable[str], now: datetime | None = None) -> int:
        """Mark stored reviews and copies seen (a 304 said they are unchanged)."""
        urls = sorted(set(canonical_urls))
        now = now or datetime.now(UTC)
        touched = 0
        with begin_write(self.engine) as connection:
            for start in range(0, len(urls), 500):  # bounded IN lists
                chunk = urls[start : start + 500]
                for model in (Review, ReviewLocation):
                    touched += connection.execute(
                        update(model).where(model.canonical_url.in_(chunk)).values(last_seen_at=now)
                    ).rowcount
        return touched


def _is_race(exc: Exception) -> bool:
    """A unique-constraint clash or a lock wait that a retry resolves."""
    if isinstance(exc, IntegrityError):
        return True
    text = str(exc).lower()
    return "locked" in text or "deadlock" in text or "could not serialize" in text


def _site_ids(connection: Connection, items: Sequence[ReviewItem], now: datetime) -> dict[str, int]:
    names = {item.site or "unknown": item.publication for item in items}
    rows = [{"name": n, "publication": p, "created_at": now} for n, p in names.items()]
    connection.execute(
        insert(connection, Site).on_conflict_do_nothing(index_elements=["name"]), rows
    )
    found = connection.execute(select(Site.name, Site.id).where(Site.name.in_(names)))
    return {name: site_id for name, site_id in found}


def _write_one(write: _Write, item: ReviewItem) -> None:
    connection = write.connection
    stored = _stored(connection, item)
    if stored is None and copies.touch_location(
        connection, str(item.canonical_url), write.now, write.seen
    ):
        write.result.unchanged += 1
        return
    sig = signature(item.body_text) if stored is None else None
    copy = copies.find_copy(connection, text_key(item.body_text), sig) if stored is None else None
    if copy is not None:
        # Read again: another writer may have stored this very page a moment ago,
        # and then its "copy" is the page itself.
        stored = _stored(connection, item)
    if stored is not None:
        _update(write, item, stored.id, stored.content_digest)
    elif copy is not None:
        review_id, reason, score = copy
        copies.add_location(connection, review_id, item, write.sites, reason, score, write.now)
        write.result.duplicate[reason] += 1
    else:
        _insert(write, item, sig)


def _stored(connection: Connection, item: ReviewItem) -> Any:
    """(id, content_digest) of the review stored under the item's canonical URL."""
    return connection.execute(
        select(Review.id, Review.content_digest).where(Review.canonical_url == item.canonical_url)
    ).first()


def _row(write: _Write, item: ReviewItem) -> dict[str, Any]:
    work_id = resolve_work(write.connection, item, write.now)
    row = review_row(item) | {"work_id": work_id, "site_id": write.sites[item.site or "unknown"]}
    row["content_digest"] = content_digest(row)
    return row


def _update(write: _Write, item: ReviewItem, review_id: int, digest: str) -> None:
    row = _row(write, item)
    if row["content_digest"] == digest:
        if write.seen:
            seen: dict[str, Any] = {"last_seen_at": write.now, **write.validator_columns(item)}
            write.connection.execute(update(Review).where(Review.id == review_id).values(seen))
        write.result.unchanged += 1
        return
    _keep_version(write.connection, review_id, write.now)
    values = row | {"updated_at": write.now, "text_key": text_key(item.body_text)}
    sig = signature(item.body_text)
    values["minhash"] = to_bytes(sig) if sig is not None else None
    if write.seen:
        values |= {"last_seen_at": write.now, "crawl_run_id": write.run_id}
        values |= write.validator_columns(item)
    write.connection.execute(update(Review).where(Review.id == review_id).values(values))
    copies.set_bands(write.connection, review_id, sig)
    copies.set_critics(write.connection, review_id, item, write.sites)
    write.result.updated += 1


def _insert(write: _Write, item: ReviewItem, sig: Any) -> None:
    row = _row(write, item) | {
        "public_id": public_id("r", str(item.canonical_url)),
        "text_key": text_key(item.body_text),
        "minhash": to_bytes(sig) if sig is not None else None,
        "first_seen_at": write.now,
        "last_seen_at": write.now,
        "updated_at": write.now,
        "crawl_run_id": write.run_id,
        **write.validator_columns(item),
    }
    review_id = write.connection.execute(
        insert(write.connection, Review).values(row).returning(Review.id)
    ).scalar_one()
    copies.set_bands(write.connection, review_id, sig)
    copies.set_critics(write.connection, review_id, item, write.sites)
    write.result.new += 1


def _keep_version(connection: Connection, review_id: int, now: datetime) -> None:
    """Save what the review said before this change."""
    columns = [getattr(Review, name) for name in (*CONTENT_FIELDS, "content_digest")]
    previous = connection.execute(select(*columns).where(Review.id == review_id)).one()
    content = {name: _jsonable(value) for name, value in previous._mapping.items()}
    digest = content.pop("content_digest")
    connection.execute(
        insert(connection, ReviewVersion).values(
            review_id=review_id, changed_at=now, content_digest=digest, content=content
        )
    )
