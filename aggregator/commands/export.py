"""``scrapy export [--out DIR] [--since TIMESTAMP] [--site NAME]``: write the exports.

A full export goes to ``EXPORT_DIR``. ``--since`` and ``--site`` make a partial
export (same files and shapes, fewer entries); it goes to ``EXPORT_DIR/partial``
unless ``--out`` says otherwise, so it never replaces the full export by accident.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, prepare_database, report
from aggregator.exports import ExportError, Scope
from aggregator.exports.configured import describe, export_options, export_to, output_dir
from aggregator.exports.times import utc

SINCE_HELP = "an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z"


class Command(ProjectCommand):
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

    def run(self, _args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            scope = Scope(since=parse_since(opts.since), site=opts.site)
            prepare_database(self.settings)
            out = output_dir(self.settings, opts.out, scope)
            options = export_options(self.settings, scope)
            print(describe(export_to(self.settings.get("DATABASE_URL"), out, options), scope))
        except (UserError, ExportError) as exc:
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
