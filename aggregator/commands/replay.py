"""``scrapy replay``: store the batches a crawl had to spool, without crawling.

The next crawl does the same before it starts; this is for when no crawl is
due soon, or to see that the database takes them again.
"""

from __future__ import annotations

import argparse

from sqlalchemy.exc import SQLAlchemyError

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, prepare_database, print_error, report
from aggregator.db.engine import database_url, make_engine, safe_url
from aggregator.db.spool import Spool, spool_dir
from aggregator.db.store import ReviewStore
from aggregator.db.writer import replay

#: Exit status when the database refused the spool again (the files stay).
STILL_SPOOLED = 1


class Command(ProjectCommand):
    requires_crawler_process = False

    def short_desc(self) -> str:
        return "Store the reviews earlier crawls spooled to disk (no crawl)"

    def run(self, _args: list[str], _opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            prepare_database(self.settings)
        except UserError as exc:
            report(self, exc)
            return
        url = database_url(self.settings.get("DATABASE_URL"))
        engine = make_engine(url)
        spool = Spool(spool_dir(self.settings["SPOOL_DIR"], str(engine.url)))
        waiting = len(spool.pending())
        try:
            result = replay(ReviewStore(engine), spool, None)
        except SQLAlchemyError as exc:
            print_error(
                UserError(f"database {safe_url(url)} refused the spool: {exc.__class__.__name__}")
            )
            self.exitcode = STILL_SPOOLED
            return
        finally:
            engine.dispose()
        print(
            f"Replayed {waiting} spooled batches: {result.new} new, {result.updated} updated, "
            f"{result.unchanged} unchanged reviews"
        )
