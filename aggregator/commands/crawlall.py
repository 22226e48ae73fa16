"""``scrapy crawlall``: every configured site in one process (the cron entry point).

Exit status: 0 every site fine; 1 some site failed (errors, nothing reached,
reviews spooled, a failed export) or raised a broken-selector alarm; 2 a
configuration mistake; 3 another run holds the crawl lock.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.crawler import Crawler

from aggregator.command_base import ProjectCommand
from aggregator.commands import (
    UserError,
    check_before_start,
    prepare_database,
    site_file,
    storage_failed,
)
from aggregator.db.engine import make_engine
from aggregator.exports import Scope
from aggregator.exports.configured import describe, export_options, export_to
from aggregator.lock import CrawlLock
from aggregator.runs.console import console_level, rotate, show_on_stdout, take_lock
from aggregator.runs.report import dry_run_summary, load_runs, notify, table


class Command(ProjectCommand):
    #: The sites to crawl, checked before the crawler process starts.
    names: list[str]
    lock: CrawlLock | None = None

    def syntax(self) -> str:
        return "[--site NAME ...] [--full] [--dry-run] [--export] [-v]"

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
        parser.add_argument(
            "--full",
            action="store_true",
            help="fetch every review page again, ignore what is stored",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list the review pages a run would fetch; store nothing",
        )
        parser.add_argument(
            "-v", "--verbose", action="store_true", help="Scrapy's INFO log on the terminal too"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        check_before_start(lambda: self._check(opts))
        settings = self.settings
        if opts.full:
            settings.set("RECRAWL_FULL", True, priority="cmdline")
        if opts.dry_run:
            settings.set("DRY_RUN", True, priority="cmdline")
            show_on_stdout("aggregator.recrawl")
        console_level(settings, opts, opts.verbose)
        rotate(
            settings.get("LOG_FILE"),
            settings.getint("LOG_FILE_MAX_BYTES"),
            settings.getint("LOG_FILE_BACKUPS"),
        )
        if not opts.dry_run:  # a dry run writes nothing, so it may run beside a crawl
            self.lock = take_lock(settings)

    def _check(self, opts: argparse.Namespace) -> None:
        sites = site_file(self.settings)
        self.names = opts.site or [name for name, site in sites.sites.items() if site.enabled]
        try:
            for name in self.names:
                sites.get(name)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        prepare_database(self.settings)

    def run(self, _args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        assert self.crawler_process is not None
        crawlers: list[Crawler] = []
        for name in self.names:
            crawler = self.crawler_process.create_crawler("reviews")
            crawlers.append(crawler)
            self.crawler_process.crawl(crawler, site=name)
        try:
            self.crawler_process.start()
            if opts.dry_run:
                stats = [c.stats.get_stats() if c.stats else {} for c in crawlers]
                print(dry_run_summary(dict(zip(self.names, stats, strict=True))))
                return
            if not self._report(crawlers) or self.crawler_process.bootstrap_failed:
                self.exitcode = 1
            if opts.export or self.settings.getbool("EXPORT_AFTER_CRAWL"):
                self._export()
        finally:
            if self.lock is not None:
                self.lock.release()

    def _report(self, crawlers: list[Crawler]) -> bool:
        """Print the summary (and notify); True when every site is fine."""
        assert self.settings is not None
        ids = [c.stats.get_value("run/id") for c in crawlers if c.stats]
        engine = make_engine(self.settings.get("DATABASE_URL"))
        try:
            runs = load_runs(engine, ids=[i for i in ids if i is not None])
        finally:
            engine.dispose()
        runs.sort(key=lambda run: str(run["site"]))
        summary = table(runs) if runs else "no run was recorded"
        print(summary, flush=True)
        fine = (
            len(runs) == len(crawlers)
            and all(run["status"] == "ok" for run in runs)
            and not any(storage_failed(c) for c in crawlers)
        )
        command = self.settings.get("NOTIFY_COMMAND")
        if command and not fine:
            notify(command, summary + "\n")
        return fine

    def _export(self) -> None:
        assert self.settings is not None
        out = Path(self.settings["EXPORT_DIR"])
        try:
            summary = export_to(
                self.settings.get("DATABASE_URL"), out, export_options(self.settings)
            )
            print(describe(summary, Scope()))
        except Exception as exc:  # the crawl is stored; say in one line why the export is not
            detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            print(f"error: export to {out} failed: {detail}", file=sys.stderr)
            self.exitcode = 1
