"""An export as the project's settings describe it: options, folder, summary.

``scrapy export`` and ``scrapy crawlall --export`` both export through here;
the commands only parse their options and print what comes back.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import BaseSettings

from aggregator.db.engine import database_url, make_engine
from aggregator.exports.feeds import FeedOptions
from aggregator.exports.queries import Scope
from aggregator.exports.run import ExportOptions, ExportSummary, export_all
from aggregator.exports.times import timestamp


def export_options(settings: BaseSettings, scope: Scope | None = None) -> ExportOptions:
    """``EXPORT_MIN_SCORED_REVIEWS``, ``EXPORT_FEED_BASE_URL`` and ``EXPORT_FEED_ITEMS``."""
    feeds = FeedOptions(
        base_url=settings.get("EXPORT_FEED_BASE_URL") or None,
        max_items=settings.getint("EXPORT_FEED_ITEMS"),
    )
    minimum = settings.getint("EXPORT_MIN_SCORED_REVIEWS")
    return ExportOptions(scope=scope or Scope(), min_scored=minimum, feeds=feeds)


def output_dir(settings: BaseSettings, out: str | None, scope: Scope) -> Path:
    """``out`` when given; else ``EXPORT_DIR``, or its ``partial/`` for a partial export,
    so a partial export never replaces the full one by accident."""
    if out:
        return Path(out)
    base = Path(settings["EXPORT_DIR"])
    return base / "partial" if scope.since or scope.site else base


def export_to(url: str | None, out: Path, options: ExportOptions) -> ExportSummary:
    """Export the database at ``url`` (else ``$DATABASE_URL``, else the SQLite default)."""
    engine = make_engine(database_url(url))
    try:
        return export_all(engine, out, options)
    finally:
        engine.dispose()


def describe(summary: ExportSummary, scope: Scope) -> str:
    """What was written, for the terminal.

    >>> print(describe(ExportSummary(2, 1, 1, 1, [Path("out/reviews.jsonl")]), Scope(site="x")))
    Exported 2 reviews (of site x) and 1 works, 1 site feeds, 1 work feeds:
      out/reviews.jsonl
    """
    notes = [
        f"changed since {timestamp(scope.since)}" if scope.since else "",
        f"of site {scope.site}" if scope.site else "",
    ]
    scoped = "".join(f" ({note})" for note in notes if note)
    head = (
        f"Exported {summary.reviews} reviews{scoped} and {summary.works} works, "
        f"{summary.site_feeds} site feeds, {summary.work_feeds} work feeds:"
    )
    return "\n".join([head, *(f"  {path}" for path in summary.paths)])
