"""One export: ``reviews.jsonl``, ``works.json`` and the JSON Feeds, from the database.

One ordered pass over the reviews feeds every file: each review becomes its
``reviews.jsonl`` line at once, and what its work needs is set aside
(:mod:`aggregator.exports.spool`) for ``works.json`` and the work feeds,
written after the pass; only the site feeds read their few rows apart. Every
file is written atomically, and an unchanged database exports byte-identical
files (no export time inside).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from aggregator.exports import queries
from aggregator.exports.feeds import FeedOptions, feed_item, site_feed, work_feed
from aggregator.exports.files import (
    atomic_writer,
    dumps,
    remove_stale,
    write_if_changed,
    write_json_array,
)
from aggregator.exports.queries import Exported, Scope
from aggregator.exports.records import (
    WorkHead,
    WorkReview,
    by_date,
    review_entry,
    review_record,
    work_json,
    work_record,
    work_review,
)
from aggregator.exports.spool import WorkSpool, work_spool

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportOptions:
    scope: Scope = field(default_factory=Scope)
    #: Works with fewer scored reviews get ``score: null``.
    min_scored: int = 3
    feeds: FeedOptions = field(default_factory=FeedOptions)


@dataclass
class ExportSummary:
    reviews: int = 0
    works: int = 0
    site_feeds: int = 0
    work_feeds: int = 0
    paths: list[Path] = field(default_factory=list)


def export_all(
    engine: Engine, out_dir: Path, options: ExportOptions | None = None
) -> ExportSummary:
    """Write every export file under ``out_dir``; feeds of vanished sites and works go."""
    options = options or ExportOptions()
    scope = queries.resolve_site(engine, options.scope)
    summary = ExportSummary()
    with work_spool() as works:
        summary.reviews = write_reviews(engine, out_dir / "reviews.jsonl", scope, works)
        summary.works, work_files = write_works(works, out_dir, options)
    site_files = write_site_feeds(engine, out_dir / "feeds", scope, options.feeds)
    summary.site_feeds, summary.work_feeds = len(site_files), len(work_files)
    remove_stale(out_dir / "feeds", site_files)
    remove_stale(out_dir / "feeds" / "works", work_files)
    summary.paths = [out_dir / "reviews.jsonl", out_dir / "works.json", out_dir / "feeds"]
    logger.info("Exported %(reviews)d reviews, %(works)d works", vars(summary))
    return summary


def write_reviews(engine: Engine, path: Path, scope: Scope, works: WorkSpool) -> int:
    """``reviews.jsonl``, in the one pass over the reviews that also sets aside
    what ``works.json`` and the work feeds need of them (:func:`write_works`)."""
    count = 0
    with (
        atomic_writer(path) as out,
        closing(queries.stream(engine, queries.reviews(scope))) as rows,
    ):
        # Each chunk of reviews fetches its locations in one query, so that memory
        # stays flat and the queries stay few.
        for chunk in _chunks(rows, queries.CHUNK):
            listed = [row for row in chunk if row.listed]
            found = queries.locations(engine, [row.id for row in listed])
            lines = []
            for row in chunk:
                review = review_record(row, found.get(row.id, ()))
                if row.listed:
                    lines.append(f"{dumps(review)}\n")
                if row.in_works:
                    works.add(_work(row), _work_review(review, row.body_text))
            out.write("".join(lines))
            count += len(lines)
    return count


def _work(row: Exported) -> WorkHead:
    return WorkHead(row.work_public_id, row.w_type, row.w_title, row.w_year)


def _work_review(review: dict[str, Any], body_text: str | None) -> WorkReview:
    """What the review's work needs of it, its entry and feed item encoded."""
    entry, item = dumps(review_entry(review, body_text)), dumps(feed_item(review))
    return work_review(review, entry, item)


def write_works(works: WorkSpool, out_dir: Path, options: ExportOptions) -> tuple[int, set[str]]:
    """``works.json`` (a JSON array, one work a line) and each work's feed."""
    written: set[str] = set()
    with atomic_writer(out_dir / "works.json") as out:
        entries = (
            _work_with_feed(work, by_date(reviews), out_dir, options, written)
            for work, reviews in works.works()
        )
        count = write_json_array(out, entries)
    return count, written


def _work_with_feed(
    work: WorkHead,
    reviews: list[WorkReview],
    out_dir: Path,
    options: ExportOptions,
    written: set[str],
) -> str:
    name = f"{work.public_id}.json"
    write_if_changed(
        out_dir / "feeds" / "works" / name, work_feed(work, reviews, options.feeds) + "\n"
    )
    written.add(name)
    return work_json(work_record(work, reviews, options.min_scored), reviews)


def write_site_feeds(engine: Engine, folder: Path, scope: Scope, options: FeedOptions) -> set[str]:
    written: set[str] = set()
    for site in queries.feed_sites(engine, scope):
        rows = list(queries.stream(engine, queries.newest(site.id, options.max_items)))
        feed = site_feed(site.name, site.publication, rows, options)
        write_if_changed(folder / f"{site.name}.json", feed + "\n")
        written.add(f"{site.name}.json")
    return written


def _chunks(rows: Iterator[Exported], size: int) -> Iterator[list[Exported]]:
    while chunk := list(islice(rows, size)):
        yield chunk
