"""``scrapy queue status|clear|resume [--site NAME]``: the shared crawls in Redis.

For crawls shared between workers (``REDIS_URL`` set): ``status`` shows each
site's crawl (started when and by whom, requests queued, pages seen, live
workers), ``clear`` forgets a crawl a killed run left so the next one starts
from the start URLs, and ``resume`` starts a worker (``scrapy crawlall``) for
each site whose crawl is still under way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict

import redis

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, report, site_file
from aggregator.distributed.addon import redis_url
from aggregator.distributed.crawl import CrawlKeys, CrawlStatus, SharedCrawl
from aggregator.sites import SiteConfigError

ACTIONS = ("status", "clear", "resume")


class Command(ProjectCommand):
    requires_crawler_process = False

    def syntax(self) -> str:
        return "status|clear|resume [--site NAME ...] [--json]"

    def short_desc(self) -> str:
        return "Show, clear or resume the crawls shared through Redis (REDIS_URL)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", action="append", default=[], metavar="NAME")
        parser.add_argument("--json", action="store_true", help="status as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            action = _action(args)
            crawls = self._crawls(opts.site)
            if action == "status":
                show([crawl.status() for crawl in crawls], as_json=opts.json)
            elif action == "clear":
                for crawl in crawls:
                    crawl.clear()
                    print(f"{crawl.keys.site}: cleared")
            else:
                resume([crawl.status() for crawl in crawls])
        except UserError as exc:
            report(self, exc)
        except redis.RedisError as exc:
            report(self, UserError(f"cannot reach Redis: {exc}"))

    def _crawls(self, names: list[str]) -> list[SharedCrawl]:
        assert self.settings is not None
        url = redis_url(self.settings)
        if not url:
            raise UserError("REDIS_URL is not set: there is no shared queue to manage")
        sites = site_file(self.settings)
        for name in names:
            try:
                sites.get(name)
            except SiteConfigError as exc:
                raise UserError(str(exc)) from None
        server = redis.Redis.from_url(url)
        prefix = self.settings["REDIS_KEY_PREFIX"]
        ttl = self.settings.getint("REDIS_WORKER_TTL")
        return [SharedCrawl(server, CrawlKeys(prefix, name), ttl) for name in names or sites.sites]


def _action(args: list[str]) -> str:
    if len(args) != 1 or args[0] not in ACTIONS:
        raise UserError(f"say one of: {', '.join(ACTIONS)} (scrapy queue status)")
    return args[0]


def show(statuses: list[CrawlStatus], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([asdict(status) for status in statuses], indent=2))
        return
    print(f"{'site':<20} {'crawl':<34} {'queued':>7} {'seen':>7}  workers")
    for status in statuses:
        started = status.started
        crawl = f"since {started.get('at')} ({started.get('worker')})" if status.running else "-"
        workers = ", ".join(f"{name} {state}" for name, state in status.workers.items()) or "-"
        print(f"{status.site:<20} {crawl:<34} {status.pending:>7} {status.seen:>7}  {workers}")


def resume(statuses: list[CrawlStatus]) -> None:
    """Join every crawl still under way, as a worker of it (``scrapy crawlall``)."""
    names = [status.site for status in statuses if status.running]
    if not names:
        print("no shared crawl is under way; nothing to resume")
        return
    command = [sys.executable, "-m", "scrapy", "crawlall"]
    command += [arg for name in names for arg in ("--site", name)]
    print(f"resuming: {' '.join(names)}", flush=True)
    os.execv(sys.executable, command)  # noqa: S606  # becomes the crawl; no shell involved
