"""``scrapy crawlall``: every configured site in one process (the cron entry point)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler

from aggregator.commands import (
    UserError,
    check_before_start,
    prepare_database,
    site_file,
    storage_failed,
)
from aggregator.commands.export import export_options, run_export


class Command(ScrapyCommand):
    requires_project = True
    #: The sites to crawl, checked before the crawler process starts.
    names: list[str]

    def syntax(self) -> str:
        return "[--site NAME ...] [--export]"

    def short_desc(self) -> str:
        return "Crawl every configured site (or those named) in one process"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--site", action="append", default=[], metavar="NAME", help="only this site (repeat)"
        )
        parser.add_argument(
            "--export", action="store_true", help="write the exports when the crawl ends"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        check_before_start(lambda: self._check(opts))

    def _check(self, opts: argparse.Namespace) -> None:
        sites = site_file(self.settings)
        self.names = opts.site or list(sites.sites)
        try:
            for name in self.names:
                sites.get(name)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        prepare_database(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        assert self.crawler_process is not None
        names = self.names
        crawlers: list[Crawler] = []
        for name in names:
            crawler = self.crawler_process.create_crawler("reviews")
            crawlers.append(crawler)
            self.crawler_process.crawl(crawler, site=name)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or any(storage_failed(c) for c in crawlers):
            self.exitcode = 1
        if opts.export or self.settings.getbool("EXPORT_AFTER_CRAWL"):
            out = Path(self.settings["EXPORT_DIR"])
            run_export(self.settings.get("DATABASE_URL"), out, export_options(self.settings))
