"""Copies of a review at other URLs, its LSH bands, and its critics, for a whole batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, select, update

from aggregator.db.dialect import any_of, insert_rows, row_table
from aggregator.db.models import Critic, Review, ReviewBand, ReviewCritic, ReviewLocation
from aggregator.identity import person_key
from aggregator.items import ReviewItem
from aggregator.similarity import band_hashes, best_match, to_bytes

#: Values in one ``IN (...)`` list (SQLite allows 32,766 parameters a statement).
CHUNK = 500
#: (band, hash) pairs looked up by one statement (they travel as one parameter).
PAIRS = 10_000

#: A review's text as the copy search sees it: text key, MinHash signature, band hashes.
Text = tuple[str | None, np.ndarray | None, list[int]]


def text_of(key: str | None, sig: np.ndarray | None) -> Text:
    return key, sig, band_hashes(sig) if sig is not None else []


class CopyIndex:
    """Text keys and LSH bands of the stored reviews a batch could copy, kept up to
    date in memory as the batch inserts and updates reviews, so that two reviews
    of one batch are found to be copies of each other as if stored one by one."""

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}
        self._key_of: dict[int, str] = {}
        self._bands: defaultdict[tuple[int, int], set[int]] = defaultdict(set)
        self._bands_of: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        self._minhash: dict[int, bytes] = {}

    @classmethod
    def load(cls, connection: Connection, texts: Iterable[Text]) -> CopyIndex:
        """The stored reviews sharing a text key or a band with one of ``texts``."""
        index = cls()
        texts = list(texts)
        keys = sorted({key for key, _, _ in texts if key is not None})
        for chunk in _chunks(keys):
            for row in connection.execute(
                select(Review.id, Review.text_key).where(any_of(connection, Review.text_key, chunk))
            ):
                index._add_key(row.id, row.text_key)
        pairs = sorted({pair for _, _, hashes in texts for pair in enumerate(hashes)})
        for chunk in _chunks(pairs, PAIRS):
            # One statement for every band: the (band, hash) index serves each pair.
            wanted = row_table(connection, ReviewBand, ["band", "hash"], chunk)
            query = select(ReviewBand.review_id, ReviewBand.band, ReviewBand.hash).join(
                wanted, (ReviewBand.band == wanted.c.band) & (ReviewBand.hash == wanted.c.hash)
            )
            for review_id, band, value in connection.execute(query):
                index._add_band(review_id, band, value)
        ids = sorted(index._bands_of)
        for chunk in _chunks(ids):
            signed = select(Review.id, Review.minhash).where(
                any_of(connection, Review.id, chunk), Review.minhash.is_not(None)
            )
            index._minhash |= {row.id: bytes(row.minhash) for row in connection.execute(signed)}
        return index

    def _add_key(self, review_id: int, key: str) -> None:
        self._keys[key] = review_id
        self._key_of[review_id] = key

    def _add_band(self, review_id: int, band: int, value: int) -> None:
        self._bands[(band, value)].add(review_id)
        self._bands_of[review_id].append((band, value))

    def find(self, text: Text) -> tuple[int, str, float] | None:
        """(review id, reason, similarity) of a review with the same text, if any."""
        key, sig, hashes = text
        if key is not None and key in self._keys:
            return self._keys[key], "exact_text", 1.0
        if sig is None:
            return None
        candidates = set().union(*(self._bands.get(pair, ()) for pair in enumerate(hashes)))
        found = [(i, self._minhash[i]) for i in sorted(candidates) if i in self._minhash]
        match = best_match(sig, found)
        return (match[0], "near_text", round(match[1], 3)) if match else None

    def put(self, review_id: int, text: Text) -> None:
        """The review now has this text (inserted, or updated in place)."""
        old = self._key_of.pop(review_id, None)
        if old is not None:
            del self._keys[old]
        for pair in self._bands_of.pop(review_id, []):
            self._bands[pair].discard(review_id)
        self._minhash.pop(review_id, None)
        key, sig, hashes = text
        if key is not None:
            self._add_key(review_id, key)
        if sig is not None:
            self._minhash[review_id] = to_bytes(sig)
            for band, value in enumerate(hashes):
                self._add_band(review_id, band, value)


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    return (values[start : start + size] for start in range(0, len(values), size))


def known_locations(connection: Connection, urls: Sequence[str]) -> dict[str, int]:
    """Canonical URL -> location id, for the URLs that are known copies."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(urls)):
        query = select(ReviewLocation.canonical_url, ReviewLocation.id).where(
            any_of(connection, ReviewLocation.canonical_url, chunk)
        )
        found |= {url: location_id for url, location_id in connection.execute(query)}
    return found


def touch_locations(connection: Connection, ids: Sequence[int], now: datetime) -> None:
    for chunk in _chunks(sorted(ids)):
        connection.execute(
            update(ReviewLocation)
            .where(any_of(connection, ReviewLocation.id, chunk))
            .values(last_seen_at=now)
        )


def add_locations(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """``review_locations`` rows (a URL already recorded keeps its row)."""
    insert_rows(connection, ReviewLocation, rows, skip_conflicts_on=["canonical_url"])


def location_row(
    review_id: int, item: ReviewItem, site_id: int, reason: str, score: float, now: datetime
) -> dict[str, Any]:
    return {
        "review_id": review_id,
        "canonical_url": item.canonical_url,
        "url": item.url,
        "site_id": site_id,
        "reason": reason,
        "similarity": score,
        "first_seen_at": now,
        "last_seen_at": now,
    }


def set_bands(connection: Connection, sigs: Mapping[int, Text], replace: Sequence[int]) -> None:
    """Store the reviews' bands; those of ``replace`` (updated reviews) go first."""
    for chunk in _chunks(sorted(replace)):
        connection.execute(
            delete(ReviewBand).where(any_of(connection, ReviewBand.review_id, chunk))
        )
    rows = [
        {"review_id": review_id, "band": band, "hash": value}
        for review_id, (_, _, hashes) in sigs.items()
        for band, value in enumerate(hashes)
    ]
    insert_rows(connection, ReviewBand, rows)


def set_critics(
    connection: Connection, reviews: Mapping[int, tuple[ReviewItem, int]], replace: Sequence[int]
) -> None:
    """Link reviews (id -> (item, site id)) to their authors, matched by name key
    within the outlet; the links of ``replace`` (updated reviews) go first."""
    for chunk in _chunks(sorted(replace)):
        connection.execute(
            delete(ReviewCritic).where(any_of(connection, ReviewCritic.review_id, chunk))
        )
    critics: dict[tuple[int, str], str] = {}
    links: dict[tuple[int, int, str], None] = {}
    for review_id, (item, site_id) in reviews.items():
        for key, name in {person_key(name): name for name in item.authors}.items():
            if key:
                critics.setdefault((site_id, key), name)
                links[(review_id, site_id, key)] = None
    if not critics:
        return
    insert_rows(
        connection,
        Critic,
        [{"site_id": s, "key": k, "name": name} for (s, k), name in critics.items()],
        skip_conflicts_on=["site_id", "key"],
    )
    ids = _critic_ids(connection, list(critics))
    insert_rows(
        connection, ReviewCritic, [{"review_id": r, "critic_id": ids[(s, k)]} for r, s, k in links]
    )


def _critic_ids(connection: Connection, wanted: list[tuple[int, str]]) -> dict[Any, int]:
    ids: dict[tuple[int, str], int] = {}
    for chunk in _chunks(sorted(wanted), PAIRS):
        keys = row_table(connection, Critic, ["site_id", "key"], chunk)
        query = select(Critic.site_id, Critic.key, Critic.id).join(
            keys, (Critic.site_id == keys.c.site_id) & (Critic.key == keys.c.key)
        )
        ids |= {(site_id, key): critic_id for site_id, key, critic_id in connection.execute(query)}
    return ids
