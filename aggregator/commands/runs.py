"""``scrapy runs [--site NAME] [--json] [--limit N]``: recent crawl runs, newest first."""

from __future__ import annotations

import argparse
import json

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, check_before_start, prepare_database
from aggregator.db.engine import make_engine
from aggregator.runs.report import load_runs, table


class Command(ProjectCommand):
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[--site NAME] [--json] [--limit N]"

    def short_desc(self) -> str:
        return "Show recent crawl runs: counts, errors, coverage alarms"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", metavar="NAME", help="only this site's runs")
        parser.add_argument("--json", action="store_true", help="JSON, for scripts")
        parser.add_argument("--limit", type=int, default=20, metavar="N", help="most runs (20)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        check_before_start(lambda: self._check(opts))

    def _check(self, opts: argparse.Namespace) -> None:
        if opts.limit < 1:
            raise UserError("--limit must be at least 1")
        prepare_database(self.settings)

    def run(self, _args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        engine = make_engine(self.settings.get("DATABASE_URL"))
        try:
            runs = load_runs(engine, site=opts.site, limit=opts.limit)
        finally:
            engine.dispose()
        if opts.json:
            print(json.dumps(runs, indent=2, ensure_ascii=False))
        elif runs:
            print(table(runs))
        else:
            print("no crawl runs recorded" + (f" for site {opts.site!r}" if opts.site else ""))
