"""One export: ``reviews.jsonl``, ``works.json`` and the JSON Feeds, from the database.

Every file is streamed from ordered queries and written atomically; an
unchanged database exports byte-identical files (no export time inside).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row

from aggregator.exports import queries
from aggregator.exports.feeds import FeedOptions, site_feed, work_feed
from aggregator.exports.files import (
    atomic_writer,
    dumps,
    remove_stale,
    write_if_changed,
    write_json_array,
)
from aggregator.exports.queries import Scope
from aggregator.exports.records import by_date, review_record, work_record

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
    summary.reviews = write_reviews(engine, out_dir / "reviews.jsonl", scope)
    summary.works, work_files = write_works(engine, out_dir, scope, options)
    site_files = write_site_feeds(engine, out_dir / "feeds", scope, options.feeds)
    summary.site_feeds, summary.work_feeds = len(site_files), len(work_files)
    remove_stale(out_dir / "feeds", site_files)
    remove_stale(out_dir / "feeds" / "works", work_files)
    summary.paths = [out_dir / "reviews.jsonl", out_dir / "works.json", out_dir / "feeds"]
    logger.info("Exported %(reviews)d reviews, %(works)d works", vars(summary))
    return summary


def write_reviews(engine: Engine, path: Path, scope: Scope) -> int:
    count = 0
    with (
        atomic_writer(path) as out,
        closing(queries.stream(engine, queries.reviews(scope))) as rows,
    ):
        # Each chunk of reviews fetches its locations in one query, so that memory
        # stays flat and the queries stay few.
        for chunk in _chunks(rows, queries.CHUNK):
            found = queries.locations(engine, [row.id for row in chunk])
            for row in chunk:
                out.write(dumps(review_record(row, found.get(row.id, ()))) + "\n")
            count += len(chunk)
    return count


def write_works(
    engine: Engine, out_dir: Path, scope: Scope, options: ExportOptions
) -> tuple[int, set[str]]:
    """``works.json`` (a JSON array, one work a line) and each work's feed, in one pass."""
    written: set[str] = set()
    with (
        atomic_writer(out_dir / "works.json") as out,
        closing(queries.stream(engine, queries.work_reviews(scope))) as rows,
    ):
        entries = (_work_with_feed(group, out_dir, options, written) for group in _by_work(rows))
        count = write_json_array(out, entries)
    return count, written


def _work_with_feed(
    rows: list[Row[Any]], out_dir: Path, options: ExportOptions, written: set[str]
) -> dict[str, Any]:
    record = work_record(rows, options.min_scored)
    name = f"{record['id']}.json"
    feed = work_feed(record, rows, options.feeds)
    write_if_changed(out_dir / "feeds" / "works" / name, dumps(feed) + "\n")
    written.add(name)
    return record


def _by_work(rows: Iterator[Row[Any]]) -> Iterator[list[Row[Any]]]:
    """The rows of each work (they arrive ordered by work), oldest review first."""
    for _, group in groupby(rows, key=lambda row: row.work_public_id):
        yield by_date(list(group))


def write_site_feeds(engine: Engine, folder: Path, scope: Scope, options: FeedOptions) -> set[str]:
    written: set[str] = set()
    for site in queries.feed_sites(engine, scope):
        rows = list(queries.stream(engine, queries.newest(site.id, options.max_items)))
        feed = site_feed(site.name, site.publication, rows, options)
        write_if_changed(folder / f"{site.name}.json", dumps(feed) + "\n")
        written.add(f"{site.name}.json")
    return written


def _chunks(rows: Iterator[Row[Any]], size: int) -> Iterator[list[Row[Any]]]:
    while chunk := list(islice(rows, size)):
        yield chunk
