"""``scrapy renormalize``: apply the current normalisers to stored raw values."""

from __future__ import annotations

import argparse

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, prepare_database, report, site_file
from aggregator.db.engine import database_url, make_engine
from aggregator.renormalize import renormalize


class Command(ProjectCommand):
    requires_crawler_process = False

    def short_desc(self) -> str:
        return "Re-normalise stored reviews from their raw values (no re-crawl)"

    def run(self, _args: list[str], _opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            sites = site_file(self.settings)
            prepare_database(self.settings)
        except UserError as exc:
            report(self, exc)
            return
        engine = make_engine(database_url(self.settings.get("DATABASE_URL")))
        try:
            result = renormalize(engine, sites)
        finally:
            engine.dispose()
        print(f"Re-normalised {result.checked} reviews: {result.changed} changed")
