"""Copies of a review at other URLs, its LSH bands, and its critics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, delete, or_, select, update

from aggregator.db.dialect import dialect_insert
from aggregator.db.models import Critic, Review, ReviewBand, ReviewCritic, ReviewLocation
from aggregator.identity import person_key
from aggregator.items import ReviewItem
from aggregator.similarity import band_hashes, best_match


def touch_location(connection: Connection, canonical_url: str, now: datetime, seen: bool) -> bool:
    """True when the URL is a known copy of a stored review (and mark it seen)."""
    found = connection.execute(
        select(ReviewLocation.id).where(ReviewLocation.canonical_url == canonical_url)
    ).first()
    if found is not None and seen:
        connection.execute(
            update(ReviewLocation).where(ReviewLocation.id == found.id).values(last_seen_at=now)
        )
    return found is not None


def find_copy(
    connection: Connection, key: str | None, sig: np.ndarray | None
) -> tuple[int, str, float] | None:
    """(review id, reason, similarity) of a stored review with the same text, if any."""
    if key is not None:
        exact = connection.execute(select(Review.id).where(Review.text_key == key)).first()
        if exact is not None:
            return exact.id, "exact_text", 1.0
    if sig is None:
        return None
    hashes = band_hashes(sig)
    # (band, hash) pairs: one index probe per band.
    candidates = (
        select(ReviewBand.review_id)
        .where(
            or_(*(and_(ReviewBand.band == b, ReviewBand.hash == h) for b, h in enumerate(hashes)))
        )
        .distinct()
    )
    rows = connection.execute(
        select(Review.id, Review.minhash).where(
            Review.id.in_(candidates), Review.minhash.is_not(None)
        )
    ).all()
    match = best_match(sig, [(row.id, bytes(row.minhash)) for row in rows])
    return (match[0], "near_text", round(match[1], 3)) if match else None


def add_location(
    connection: Connection,
    review_id: int,
    item: ReviewItem,
    sites: Mapping[str, int],
    reason: str,
    score: float,
    now: datetime,
) -> None:
    row: dict[str, Any] = {
        "review_id": review_id,
        "canonical_url": item.canonical_url,
        "url": item.url,
        "site_id": sites[item.site or "unknown"],
        "reason": reason,
        "similarity": score,
        "first_seen_at": now,
        "last_seen_at": now,
    }
    connection.execute(
        dialect_insert(connection, ReviewLocation).on_conflict_do_nothing(
            index_elements=["canonical_url"]
        ),
        row,
    )


def set_bands(connection: Connection, review_id: int, sig: np.ndarray | None) -> None:
    connection.execute(delete(ReviewBand).where(ReviewBand.review_id == review_id))
    if sig is None:
        return
    rows = [
        {"review_id": review_id, "band": band, "hash": value}
        for band, value in enumerate(band_hashes(sig))
    ]
    connection.execute(dialect_insert(connection, ReviewBand), rows)


def set_critics(
    connection: Connection, review_id: int, item: ReviewItem, sites: Mapping[str, int]
) -> None:
    """Link the review to its authors, matched by name key within the outlet."""
    site_id = sites[item.site or "unknown"]
    people = {person_key(name): name for name in item.authors if person_key(name)}
    connection.execute(delete(ReviewCritic).where(ReviewCritic.review_id == review_id))
    if not people:
        return
    connection.execute(
        dialect_insert(connection, Critic).on_conflict_do_nothing(
            index_elements=["site_id", "key"]
        ),
        [{"site_id": site_id, "key": key, "name": name} for key, name in people.items()],
    )
    found = connection.execute(
        select(Critic.id).where(Critic.site_id == site_id, Critic.key.in_(people))
    )
    connection.execute(
        dialect_insert(connection, ReviewCritic),
        [{"review_id": review_id, "critic_id": row.id} for row in found],
    )
