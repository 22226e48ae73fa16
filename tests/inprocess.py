"""Crawls in the test process, for tests of crawl components (middlewares,
pipelines, extensions), as Scrapy's own tests run them.

The crawler is built from the project settings plus the test's, run by an
:class:`~scrapy.crawler.AsyncCrawlerRunner` on Twisted's asyncio reactor, and
its log records are collected. The reactor is installed when this module is
first imported (``tests/conftest.py`` imports it before any test module, so
nothing installs Twisted's default reactor first) and runs for the whole test
session: a Twisted reactor cannot be started twice in one process.

Tests of the command line (exit codes, terminal output, signals, locks) run
``scrapy`` in a subprocess instead (``tests.conftest.run_scrapy``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy import Spider
from scrapy.crawler import AsyncCrawlerRunner, Crawler
from scrapy.settings import Settings
from twisted.internet import asyncioreactor

from aggregator.spiders.reviews import ReviewsSpider

_LOOP = asyncio.new_event_loop()
asyncioreactor.install(eventloop=_LOOP)

from twisted.internet import reactor as installed  # noqa: E402  (installed just above)

#: Twisted types its reactor as a module; it is an ``AsyncioSelectorReactor``.
_REACTOR: Any = installed


def project_settings(**overrides: Any) -> Settings:
    """``aggregator.settings`` with ``overrides`` at command-line priority (like ``-s``)."""
    settings = Settings()
    settings.setmodule("aggregator.settings", priority="project")
    settings.setdict(overrides, priority="cmdline")
    return settings


class Records(logging.Handler):
    """Log records of a crawl; ``lines()`` formats them as the terminal shows them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("[%(name)s] %(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [self.format(record) for record in self.records]


@contextmanager
def _recorded() -> Iterator[Records]:
    root = logging.getLogger()
    handler, level = Records(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def crawl(
    settings: Settings, spidercls: type[Spider] = ReviewsSpider, **spider_args: Any
) -> tuple[Crawler, Records]:
    """Run one crawl to its end; the crawler (stats, signals) and its log records."""
    if not _REACTOR.running:
        _REACTOR.startRunning(installSignalHandlers=False)
    crawler = AsyncCrawlerRunner(settings).create_crawler(spidercls)
    with _recorded() as records:
        _LOOP.run_until_complete(crawler.crawl_async(**spider_args))
    return crawler, records


def stop_reactor() -> None:
    """At the end of the session: stop the reactor and its thread pool."""
    if _REACTOR.running:
        _REACTOR.stop()
        _LOOP.run_forever()  # until the reactor's shutdown stops the loop
    _LOOP.close()
