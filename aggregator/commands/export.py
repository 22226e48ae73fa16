"""``scrapy export [--out DIR]``: write the JSON exports from the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand

from aggregator.commands import UserError, prepare_database, report
from aggregator.db.engine import database_url, make_engine
from aggregator.export import export_all


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[--out DIR]"

    def short_desc(self) -> str:
        return "Write reviews.jsonl and works.json from the database"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--out", metavar="DIR", help="output folder (default: EXPORT_DIR)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            prepare_database(self.settings)
        except UserError as exc:
            report(self, exc)
            return
        out = Path(opts.out or self.settings.get("EXPORT_DIR", "exports"))
        run_export(self.settings.get("DATABASE_URL"), out)


def run_export(url: str | None, out: Path) -> None:
    engine = make_engine(database_url(url))
    try:
        summary = export_all(engine, out)
    finally:
        engine.dispose()
    print(f"Exported {summary.reviews} reviews of {summary.works} works:")
    for path in summary.paths:
        print(f"  {path}")
