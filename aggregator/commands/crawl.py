"""``scrapy crawl``, with the site file and the database checked before starting.

Everything else (``-a``, ``-O``, ``-s``, ``-L``) is Scrapy's own crawl command.
The exit status is 1 when reviews could not be stored (they wait in the spool)
or a signal interrupted the crawl, 3 when another run holds the crawl lock of
the database.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from aggregator.command_base import ProjectCommand
from aggregator.commands import (
    UserError,
    check_before_start,
    interrupted,
    prepare_database,
    site_file,
    storage_failed,
)
from aggregator.lock import CrawlLock
from aggregator.runs.console import take_lock


class Command(ProjectCommand, ScrapyCrawl):
    lock: CrawlLock | None = None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Scrapy's log stays on the terminal here, and redrawn lines would tear it;
        # the live display is crawlall's (`-s PROGRESS=on` still asks for it).
        assert self.settings is not None
        self.settings.set("PROGRESS", "off", priority="command")
        if args[:1] == ["reviews"]:
            check_before_start(lambda: self._check(opts))
            self.lock = take_lock(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError(
                "give exactly one spider name, e.g. `scrapy crawl reviews -a site=NAME`"
            )
        assert self.crawler_process is not None
        crawler: Crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        try:
            self.crawler_process.start()
        finally:
            if self.lock is not None:
                self.lock.release()
        if self.crawler_process.bootstrap_failed or storage_failed(crawler) or interrupted(crawler):
            self.exitcode = 1

    def _check(self, opts: argparse.Namespace) -> None:
        name = dict(opts.spargs).get("site")
        if not name:
            raise UserError("missing spider argument: -a site=NAME (see `scrapy sites`)")
        try:
            site_file(self.settings).get(name)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        prepare_database(self.settings)
