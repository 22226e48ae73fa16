"""A live progress display on a terminal: one line per site, redrawn in place.

Only on a terminal (``PROGRESS = "auto"``): under cron the output is a log
file, where redrawn lines would be noise. Every crawler of one process
(``scrapy crawlall`` runs one per site) shares one display, so the sites'
lines stay together.
"""

from __future__ import annotations

import sys
import time
from typing import IO, ClassVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from aggregator.runs.record import errors_by_kind

#: Stats shown per site, as (label, stats keys added up).
COLUMNS = (
    ("pages", ("downloader/response_count",)),
    ("new", ("storage/new",)),
    ("updated", ("storage/updated",)),
    ("304", ("recrawl/not_modified",)),
    ("skipped", ("recrawl/skipped",)),
)


def wanted(setting: str, stream: IO[str]) -> bool:
    """On a terminal only, unless switched on or off.

    >>> import io
    >>> wanted("auto", io.StringIO()), wanted("on", io.StringIO())
    (False, True)
    """
    if setting == "auto":
        return stream.isatty()
    return setting == "on"


class Display:
    """The lines of every site in this process, redrawn twice a second."""

    current: ClassVar[Display | None] = None

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.sites: dict[str, Crawler] = {}
        self.done: set[str] = set()
        self.started: dict[str, float] = {}
        self.drawn = 0
        self.timer = task.LoopingCall(self.draw)

    @classmethod
    def shared(cls, stream: IO[str]) -> Display:
        if cls.current is None:
            cls.current = cls(stream)
        return cls.current

    def add(self, name: str, crawler: Crawler) -> None:
        self.sites[name] = crawler
        self.started[name] = time.monotonic()
        if not self.timer.running:
            self.timer.start(0.5)

    def finish(self, name: str) -> None:
        self.done.add(name)
        self.draw()
        if self.done >= set(self.sites) and self.timer.running:
            self.timer.stop()

    def draw(self) -> None:
        lines = [self.line(name, crawler) for name, crawler in sorted(self.sites.items())]
        # Back to the first line of the last drawing, then overwrite each line.
        up = f"\x1b[{self.drawn}F" if self.drawn else ""
        self.stream.write(up + "".join(f"\x1b[2K{line}\n" for line in lines))
        self.stream.flush()
        self.drawn = len(lines)

    def line(self, name: str, crawler: Crawler) -> str:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        parts = [f"{label} {sum(int(stats.get(k, 0)) for k in keys)}" for label, keys in COLUMNS]
        parts.append(f"errors {sum(errors_by_kind(stats).values())}")  # as the run record counts
        if name in self.done:
            state = "done"
        else:
            scheduler = crawler.engine.scheduler if crawler.engine else None
            queued = (
                len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else 0
            )
            active = len(crawler.engine.downloader.active) if crawler.engine else 0
            state = f"queue {queued + active}"
        seconds = time.monotonic() - self.started[name]
        return f"{name:<16.16} {state:<10} " + "  ".join(parts) + f"  {seconds:5.0f}s"


class ProgressExtension:
    """Registers its crawler's site with the shared :class:`Display`."""

    def __init__(self, crawler: Crawler, display: Display) -> None:
        self.crawler = crawler
        self.display = display
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not wanted(str(crawler.settings.get("PROGRESS")), sys.stderr):
            raise NotConfigured("no terminal")
        return cls(crawler, Display.shared(sys.stderr))

    @property
    def name(self) -> str:
        site = getattr(self.crawler.spider, "site", None)
        return str(getattr(site, "name", None) or getattr(self.crawler.spider, "name", "?"))

    def opened(self) -> None:
        self.display.add(self.name, self.crawler)

    def closed(self) -> None:
        self.display.finish(self.name)
