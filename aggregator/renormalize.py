"""Re-run today's normalisers over the raw values stored with each review.

After a normaliser improves (a new runtime format, a better rating splitter),
stored reviews are corrected without downloading anything again: each
review's raw values go back through the item loaders and the store, which
updates only the reviews whose normalised content changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from aggregator import plausible
from aggregator.db.models import Review, Site
from aggregator.db.store import BatchResult, ReviewStore
from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.items import ReviewItem, split_losers
from aggregator.loaders import load_review
from aggregator.review import loader_context, text_digest
from aggregator.sites import SiteFile

#: Reviews re-normalised per transaction.
BATCH = 200


@dataclass
class RenormalizeResult:
    checked: int = 0
    changed: int = 0


def stored_candidates(review: Review) -> Candidates:
    """The stored raw values as candidates, each with the layer it first came from."""
    sources = review.field_sources or {}
    winners, lost = split_losers(dict(review.raw or {}))
    candidates: Candidates = {
        field: [Candidate(value, str(sources.get(field, "stored")))]
        for field, value in winners.items()
    }
    # The candidates that lost follow, for a winner today's normalisers no longer read.
    for field, more in lost.items():
        candidates.setdefault(field, []).extend(more)
    return candidates


def renormalized(review: Review, site_name: str, sites: SiteFile | None) -> ReviewItem:
    site = sites.sites.get(site_name) if sites else None
    context = loader_context(review.url, site, review.first_seen_at)
    item = plausible.check(load_review(stored_candidates(review), context), context)
    item.url, item.canonical_url, item.site = review.url, review.canonical_url, site_name
    item.page_type = review.page_type
    item.crawled_at = review.last_seen_at
    item.body_digest = text_digest(item.body_text)
    return item


def renormalize(engine: Engine, sites: SiteFile | None) -> RenormalizeResult:
    """Re-normalise every stored review; only changed ones are written."""
    result = RenormalizeResult()
    store = ReviewStore(engine)
    for batch in _batches(engine, sites):
        outcome: BatchResult = store.write(batch, seen=False)
        result.checked += len(batch)
        result.changed += outcome.updated + outcome.new
    return result


def _batches(engine: Engine, sites: SiteFile | None) -> Iterator[list[ReviewItem]]:
    last_id = 0
    while True:
        with Session(engine) as session:
            rows = session.execute(
                select(Review, Site.name)
                .join(Site, Review.site_id == Site.id)
                .where(Review.id > last_id)
                .order_by(Review.id)
                .limit(BATCH)
            ).all()
            if not rows:
                return
            last_id = rows[-1][0].id
            batch = [renormalized(review, name, sites) for review, name in rows]
        yield batch
