"""``scrapy export [--out DIR] [--since TIMESTAMP] [--site NAME]``: write the exports.

A full export goes to ``EXPORT_DIR``. ``--since`` and ``--site`` make a partial
export (same files and shapes, fewer entries); it goes to ``EXPORT_DIR/partial``
unless ``--out`` says otherwise, so it never replaces the full export by accident.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.settings import BaseSettings
from scrapy.utils.project import get_project_settings

from aggregator.commands import UserError, prepare_database, report
from aggregator.db.engine import database_url, make_engine
from aggregator.exports import ExportError, ExportOptions, FeedOptions, Scope, export_all
from aggregator.exports.text import timestamp, utc

SINCE_HELP = "an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z"


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[--out DIR] [--since TIMESTAMP] [--site NAME]"

    def short_desc(self) -> str:
        return "Write reviews.jsonl, works.json and JSON Feeds from the database"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--out", metavar="DIR", help="output folder (default: EXPORT_DIR)")
        parser.add_argument(
            "--since", metavar="TIMESTAMP", help=f"only what changed since; {SINCE_HELP}"
        )
        parser.add_argument("--site", metavar="NAME", help="only this site's reviews")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            scope = Scope(since=parse_since(opts.since), site=opts.site)
            options = export_options(self.settings, scope)
            prepare_database(self.settings)
            run_export(self.settings.get("DATABASE_URL"), output_dir(self.settings, opts), options)
        except UserError as exc:
            report(self, exc)


def parse_since(text: str | None) -> datetime | None:
    """``--since`` as an aware UTC time; a time without a zone is UTC.

    >>> parse_since("2024-05-01").isoformat()
    '2024-05-01T00:00:00+00:00'
    >>> parse_since("2024-05-01T12:00:00+02:00").isoformat()
    '2024-05-01T10:00:00+00:00'
    """
    if text is None:
        return None
    try:
        return utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise UserError(f"bad --since {text!r}: expected {SINCE_HELP}") from None


def output_dir(settings: BaseSettings, opts: argparse.Namespace) -> Path:
    base = Path(settings.get("EXPORT_DIR") or "exports")
    if opts.out:
        return Path(opts.out)
    return base / "partial" if opts.since or opts.site else base


def export_options(settings: BaseSettings, scope: Scope | None = None) -> ExportOptions:
    """The export's settings.

    ``EXPORT_MIN_SCORED_REVIEWS`` (3), ``EXPORT_FEED_BASE_URL`` (none) and
    ``EXPORT_FEED_ITEMS`` (100), read with their defaults here.
    """
    minimum = settings.getint("EXPORT_MIN_SCORED_REVIEWS", 3)
    items = settings.getint("EXPORT_FEED_ITEMS", 100)
    if minimum < 0 or items < 1:
        raise UserError(
            "EXPORT_MIN_SCORED_REVIEWS must be 0 or more and EXPORT_FEED_ITEMS 1 or more"
        )
    feeds = FeedOptions(base_url=settings.get("EXPORT_FEED_BASE_URL") or None, max_items=items)
    return ExportOptions(scope=scope or Scope(), min_scored=minimum, feeds=feeds)


def run_export(url: str | None, out: Path, options: ExportOptions | None = None) -> None:
    """Export and print a short summary; ``scrapy crawlall`` calls this after a crawl.

    Without ``options`` the project settings decide (a caller without a
    command's settings object, such as the crawl-then-export path).
    """
    options = options or export_options(get_project_settings())
    engine = make_engine(database_url(url))
    try:
        summary = export_all(engine, out, options)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    finally:
        engine.dispose()
    print(
        f"Exported {summary.reviews} reviews{_scope_note(options.scope)} and {summary.works} works",
        end="",
    )
    print(f", {summary.site_feeds} site feeds, {summary.work_feeds} work feeds:")
    for path in summary.paths:
        print(f"  {path}")


def _scope_note(scope: Scope) -> str:
    notes = [
        f"changed since {timestamp(scope.since)}" if scope.since else "",
        f"of site {scope.site}" if scope.site else "",
    ]
    return "".join(f" ({note})" for note in notes if note)
