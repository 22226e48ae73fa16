"""The crawl figures of ``make bench``: each crawler in a child process, on one local site.

Bare Scrapy, the hand-written peer and ``scrapy crawlall`` (SQLite, then the
unchanged re-crawl, then PostgreSQL) crawl the same generated site served from
its own process; every figure is the child's wall-clock time and CPU time,
and the CPU time of the crawl's own process apart from its extraction workers.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Measured, measure

_STAT = re.compile(
    r"'(response_received_count|robotstxt/response_count|item_scraped_count)': (\d+)"
)


@dataclass(frozen=True)
class CrawlFigures:
    name: str
    pages: int
    fetched: int
    items: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    #: The crawl's process alone (None when several processes crawl): single-threaded,
    #: its CPU time per page caps the crawl, however many workers extract beside it.
    own_cpu_seconds: float | None = None

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds / self.pages * 1000

    @property
    def own_cpu_ms_per_page(self) -> float | None:
        return None if self.own_cpu_seconds is None else self.own_cpu_seconds / self.pages * 1000


def _figures(name: str, pages: int, done: Measured, fetched: int, items: int) -> CrawlFigures:
    return CrawlFigures(
        name,
        pages,
        fetched,
        items,
        done.seconds,
        done.cpu_seconds,
        done.peak_rss_mb,
        done.own_cpu_seconds,
    )


def _checked(done: Measured, log: Path) -> Measured:
    if done.returncode:
        raise RuntimeError(f"a benchmark crawl failed (status {done.returncode}); see {log}")
    return done


def comparison(name: str, module: str, args: list[str], pages: int, folder: Path) -> CrawlFigures:
    """Bare Scrapy or the peer: ``python -m MODULE ARGS``."""
    log = folder / f"{name}.log"
    done = _checked(measure([sys.executable, "-m", module, *args], log), log)
    totals = json.loads(done.last_line)
    return _figures(name, pages, done, totals["pages"], totals["items"])


def ours(name: str, sites_file: Path, database_url: str, pages: int, folder: Path) -> CrawlFigures:
    """``scrapy crawlall`` with the benchmark site file, into ``database_url``."""
    log = folder / f"{name}.log"
    command = [sys.executable, "-m", "scrapy", "crawlall", "-s", f"SITES_FILE={sites_file}"]
    command += ["-s", f"DATABASE_URL={database_url}", "-s", f"SPOOL_DIR={folder / 'spool'}"]
    done = _checked(measure(command, log), log)
    stats = {"response_received_count": 0, "robotstxt/response_count": 0, "item_scraped_count": 0}
    for key, value in _STAT.findall(log.read_text(errors="replace")):
        stats[key] += int(value)
    fetched = stats["response_received_count"] - stats["robotstxt/response_count"]
    return _figures(name, pages, done, fetched, stats["item_scraped_count"])
