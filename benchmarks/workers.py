"""Two workers sharing one crawl through Redis against one worker, on the same site.

Each configuration crawls the generated site into its own fresh database with
``REDIS_URL`` set and its own Redis key prefix. Every worker extracts in its
own process (``EXTRACT_WORKERS=0``): with the default of one extraction process
per core, a single worker already keeps both cores of a small machine busy,
and the figure would say nothing about how the work divides.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
from pathlib import Path

import redis

from benchmarks.crawl import CrawlFigures
from benchmarks.measure import measure

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _worker(sites_file: Path, database_url: str, prefix: str) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawlall", "-s", f"SITES_FILE={sites_file}"]
    for name, value in {
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": prefix,
        "EXTRACT_WORKERS": "0",
    }.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl(
    name: str, workers: int, sites_file: Path, database_url: str, pages: int, folder: Path
) -> CrawlFigures:
    """``workers`` crawl processes started together; timed until the last one ends."""
    prefix = f"bench-{secrets.token_hex(4)}"
    line = " & ".join(shlex.join(_worker(sites_file, database_url, prefix)) for _ in range(workers))
    log = folder / f"{name}.log"
    done = measure(["sh", "-c", f"{line} & wait"], log)
    client = redis.Redis.from_url(REDIS_URL)
    leftovers = list(client.scan_iter(match=f"{prefix}:*"))
    if leftovers:
        client.delete(*leftovers)
    return CrawlFigures(name, pages, pages, 0, done.seconds, done.cpu_seconds, done.peak_rss_mb)
