"""Batched writes: one transaction per batch; the database decides identity.

Per review, in the batch's order (README "Identity" explains the rules):

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

The work is set-based: a batch reads the stored rows it could meet (its URLs,
text keys, LSH bands, title keys, credits) in a few queries, decides every
review in memory in order (so two reviews of one batch that are copies of each
other, or of one work under two spellings, end as they would one by one), and
writes each kind of row with one multi-row statement.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from aggregator.db import copies
from aggregator.db.dialect import any_of, begin_write, dialect_insert, insert_rows
from aggregator.db.models import Review, ReviewLocation, ReviewVersion, Site
from aggregator.db.rows import CONTENT_FIELDS, content_digest, review_row
from aggregator.db.rows import jsonable as _jsonable
from aggregator.db.works import WorkBatch
from aggregator.identity import public_id
from aggregator.items import ReviewItem
from aggregator.similarity import fingerprint, text_key, to_bytes

logger = logging.getLogger(__name__)

#: Attempts for a batch that lost a race to another writer (see :func:`lost_race`).
#: Only races are retried here; a database that is down or busy is retried,
#: with a wait, by the writer thread (:mod:`aggregator.db.writer`), never both.
RACE_ATTEMPTS = 3

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
        for attempt in range(1, RACE_ATTEMPTS + 1):
            try:
                return self._write(unique, crawl_run_id, seen, validators or {})
            except DBAPIError as exc:
                if attempt == RACE_ATTEMPTS or not lost_race(exc):
                    raise
                logger.info("Batch lost a race with another writer; retrying (%d)", attempt)
        raise AssertionError("unreachable")

    def _write(
        self, items: list[ReviewItem], run_id: int | None, seen: bool, validators: Validators
    ) -> BatchResult:
        if not items:
            return BatchResult()
        now = datetime.now(UTC)
        with begin_write(self.engine) as connection:
            sites = _site_ids(connection, items, now)
            batch = _Batch(connection, sites, run_id, now, seen, validators)
            batch.write(batch.decide(items))
        return batch.result

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
                        update(model)
                        .where(any_of(connection, model.canonical_url, chunk))
                        .values(last_seen_at=now)
                    ).rowcount
        return touched


def lost_race(exc: Exception) -> bool:
    """Another writer got there first (a unique key, a deadlock, a serialization
    failure): trying again at once reads the winner's rows and succeeds.

    A lock not granted within the busy timeout ("database is locked"), a
    refused connection or a full disk are not races: retrying them at once
    would fail again, so the caller (:mod:`aggregator.db.writer`) waits and
    retries those.
    """
    if isinstance(exc, IntegrityError):
        return True
    text = str(exc).lower()
    return "deadlock" in text or "could not serialize" in text


def _site_ids(connection: Connection, items: Sequence[ReviewItem], now: datetime) -> dict[str, int]:
    names = {item.site or "unknown": item.publication for item in items}
    rows = [{"name": n, "publication": p, "created_at": now} for n, p in names.items()]
    insert_rows(connection, Site, rows, skip_conflicts_on=["name"])
    found = connection.execute(
        select(Site.name, Site.id).where(any_of(connection, Site.name, list(names)))
    )
    return {name: site_id for name, site_id in found}


#: Ids for reviews a batch inserts, until the database gives them theirs: above
#: every stored id and in insertion order, as the real ids will be, so that the
#: copy search breaks ties between equally similar reviews the same way.
_NEW = 1 << 62


@dataclass
class _Batch:
    """One batch: stored state read in a few queries, every review decided in
    memory in the batch's order, then written with one statement per kind."""

    connection: Connection
    sites: dict[str, int]
    run_id: int | None
    now: datetime
    seen: bool
    validators: Validators
    result: BatchResult = field(default_factory=BatchResult)
    #: (item, stored id, stored digest, work ref)
    stored: list[tuple[ReviewItem, int, str, int | None]] = field(default_factory=list)
    #: (item, placeholder id, work ref)
    new: list[tuple[ReviewItem, int, int | None]] = field(default_factory=list)
    #: (item, review id or placeholder, reason, similarity)
    duplicates: list[tuple[ReviewItem, int, str, float]] = field(default_factory=list)
    seen_locations: list[int] = field(default_factory=list)
    texts: dict[str, copies.Text] = field(default_factory=dict)

    def site_id(self, item: ReviewItem) -> int:
        return self.sites[item.site or "unknown"]

    def decide(self, items: Sequence[ReviewItem]) -> WorkBatch:
        stored = _stored(self.connection, [str(item.canonical_url) for item in items])
        fresh = [str(item.canonical_url) for item in items if item.canonical_url not in stored]
        locations = copies.known_locations(self.connection, fresh)
        for item in items:
            url = str(item.canonical_url)
            if url in locations:
                continue
            # A stored review keeps its text key and bands unless its text changed.
            if url not in stored or text_key(item.body_text) != stored[url].text_key:
                self.texts[url] = copies.text_of(*fingerprint(item.body_text))
        index = copies.CopyIndex.load(self.connection, self.texts.values())
        works = WorkBatch(self.connection, [i for i in items if i.canonical_url not in locations])
        for item in items:
            self._decide(item, stored, locations, index, works)
        return works

    def _decide(
        self,
        item: ReviewItem,
        stored: Mapping[str, Any],
        locations: Mapping[str, int],
        index: copies.CopyIndex,
        works: WorkBatch,
    ) -> None:
        url = str(item.canonical_url)
        if url in stored:
            row = stored[url]
            if url in self.texts:
                index.put(row.id, self.texts[url])
            self.stored.append((item, row.id, row.content_digest, works.resolve(item)))
        elif url in locations:
            self.seen_locations.append(locations[url])
            self.result.unchanged += 1
        elif (copy := index.find(self.texts[url])) is not None:
            self.duplicates.append((item, *copy))
            self.result.duplicate[copy[1]] += 1
        else:
            ref = _NEW + len(self.new)
            index.put(ref, self.texts[url])
            self.new.append((item, ref, works.resolve(item)))

    def row(self, item: ReviewItem, work_id: int | None) -> dict[str, Any]:
        row = review_row(item) | {"work_id": work_id, "site_id": self.site_id(item)}
        row["content_digest"] = content_digest(row)
        return row

    def text(self, item: ReviewItem) -> copies.Text:
        url = str(item.canonical_url)
        if url not in self.texts:
            self.texts[url] = copies.text_of(*fingerprint(item.body_text))
        return self.texts[url]

    def text_columns(self, item: ReviewItem) -> dict[str, Any]:
        key, sig, _ = self.text(item)
        return {"text_key": key, "minhash": to_bytes(sig) if sig is not None else None}

    def seen_columns(self, item: ReviewItem) -> dict[str, Any]:
        """What a fetch updates: when, by which run, and the page's validators
        when this fetch brought them (else the stored ones stay)."""
        if not self.seen:
            return {}
        columns: dict[str, Any] = {"last_seen_at": self.now, "crawl_run_id": self.run_id}
        if item.url is not None and item.url in self.validators:
            columns["etag"], columns["last_modified"] = self.validators[item.url]
        return columns

    def write(self, works: WorkBatch) -> None:
        work_ids = works.write(self.connection, self.now)
        changed: dict[int, ReviewItem] = {}
        touched: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for item, review_id, digest, work in self.stored:
            row = self.row(item, None if work is None else work_ids[work])
            if row["content_digest"] == digest:
                touched.append({"b_id": review_id} | self.seen_columns(item))
                continue
            changed[review_id] = item
            values = row | self.text_columns(item) | {"updated_at": self.now}
            updates.append({"b_id": review_id} | values | self.seen_columns(item))
        if self.seen:
            # A touch records the fetch, not a new crawl run: the run stays.
            _update_rows(self.connection, [_without(t, "crawl_run_id") for t in touched])
        _keep_versions(self.connection, list(changed), self.now)
        _update_rows(self.connection, updates)  # before inserts: a text key may move
        ids = self._insert_reviews(work_ids)
        self.result.unchanged += len(touched)
        self.result.updated += len(changed)
        self.result.new += len(self.new)
        self._write_links(changed, ids)

    def _insert_reviews(self, work_ids: Mapping[int, int]) -> dict[int, int]:
        """Insert the new reviews; returns placeholder -> row id.

        An executemany, then the ids read by canonical URL: ``INSERT … RETURNING``
        in parameter order ran a statement per row on SQLite, and on PostgreSQL
        one statement of thousands of parameters that the driver parsed anew each batch.
        """
        if not self.new:
            return {}
        rows = [
            self.row(item, None if work is None else work_ids[work])
            | self.text_columns(item)
            | {
                "public_id": public_id("r", str(item.canonical_url)),
                "first_seen_at": self.now,
                "last_seen_at": self.now,
                "updated_at": self.now,
                "crawl_run_id": self.run_id,
                "etag": None,
                "last_modified": None,
            }
            | self.seen_columns(item)
            for item, _, work in self.new
        ]
        self.connection.execute(insert(Review), rows)
        found = _stored(self.connection, [str(item.canonical_url) for item, _, _ in self.new])
        return {ref: int(found[str(item.canonical_url)].id) for item, ref, _ in self.new}

    def _write_links(self, changed: Mapping[int, ReviewItem], ids: Mapping[int, int]) -> None:
        """Bands, critics and copies' locations of the batch's reviews."""
        written = dict(changed) | {ids[ref]: item for item, ref, _ in self.new}
        texts = {review_id: self.text(item) for review_id, item in written.items()}
        copies.set_bands(self.connection, texts, replace=list(changed))
        reviews = {review_id: (item, self.site_id(item)) for review_id, item in written.items()}
        copies.set_critics(self.connection, reviews, replace=list(changed))
        rows = [
            copies.location_row(ids.get(ref, ref), item, self.site_id(item), why, score, self.now)
            for item, ref, why, score in self.duplicates
        ]
        copies.add_locations(self.connection, rows)
        if self.seen:
            copies.touch_locations(self.connection, self.seen_locations, self.now)


def _stored(connection: Connection, urls: list[str]) -> dict[str, Any]:
    """canonical URL -> (id, content_digest, text_key) of the reviews stored under them."""
    found: dict[str, Any] = {}
    columns = (Review.id, Review.canonical_url, Review.content_digest, Review.text_key)
    for start in range(0, len(urls), copies.CHUNK):
        chunk = urls[start : start + copies.CHUNK]
        query = select(*columns).where(any_of(connection, Review.canonical_url, chunk))
        found |= {row.canonical_url: row for row in connection.execute(query)}
    return found


def _without(row: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != name}


def _update_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """``UPDATE reviews`` by id (``b_id``), one executemany per set of columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        if len(row) > 1:
            groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        connection.execute(update(Review).where(Review.id == bindparam("b_id")), group)


def _keep_versions(connection: Connection, review_ids: list[int], now: datetime) -> None:
    """Save what the reviews said before this change."""
    columns = [getattr(Review, name) for name in (*CONTENT_FIELDS, "content_digest")]
    versions = []
    for start in range(0, len(review_ids), copies.CHUNK):
        chunk = review_ids[start : start + copies.CHUNK]
        for row in connection.execute(
            select(Review.id, *columns).where(any_of(connection, Review.id, chunk))
        ):
            content = {name: _jsonable(value) for name, value in row._mapping.items()}
            del content["id"]
            digest = content.pop("content_digest")
            versions.append(
                {"review_id": row.id, "changed_at": now, "content_digest": digest}
                | {"content": content}
            )
    if versions:
        connection.execute(dialect_insert(connection, ReviewVersion), versions)
