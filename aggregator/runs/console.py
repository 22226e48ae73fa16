"""What an unattended run writes where: console log level, log rotation, the lock.

On a terminal the console shows the progress display and warnings; Scrapy's
start-up and stats dumps stay in ``LOG_FILE`` (or appear with ``-L INFO`` /
``-v``). Without a terminal (cron) nothing changes: plain log lines.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from scrapy.settings import BaseSettings

from aggregator.distributed.addon import redis_url
from aggregator.lock import CrawlLock, LockHeldError

#: Exit status when another run holds the lock.
LOCKED = 3


def console_level(settings: BaseSettings, opts: argparse.Namespace, verbose: bool) -> None:
    """Keep Scrapy's INFO dumps off a terminal unless asked for (-L, -v, --logfile)."""
    if verbose:
        settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    elif not (opts.loglevel or opts.nolog or settings.get("LOG_FILE")) and sys.stderr.isatty():
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")


def rotate(path: str | None, max_bytes: int, backups: int) -> None:
    """``crawl.log`` → ``crawl.log.1`` → … before a run, once it reached ``max_bytes``.

    >>> import tempfile
    >>> log = Path(tempfile.mkdtemp()) / "logs" / "crawl.log"
    >>> rotate(str(log), 10, 2); log.write_text("x" * 20); rotate(str(log), 10, 2)
    20
    >>> sorted(p.name for p in log.parent.iterdir())
    ['crawl.log.1']

    Done before the run opens the file, so no handle points at a moved file.
    """
    if not path:
        return
    log = Path(path)
    log.parent.mkdir(parents=True, exist_ok=True)  # `-s LOG_FILE=logs/crawl.log` just works
    if max_bytes <= 0:
        return
    if not log.exists() or log.stat().st_size < max_bytes:
        return
    for n in range(backups - 1, 0, -1):
        older = log.with_name(f"{log.name}.{n}")
        if older.exists():
            older.replace(log.with_name(f"{log.name}.{n + 1}"))
    if backups > 0:
        log.replace(log.with_name(f"{log.name}.1"))
    else:
        log.unlink()


def show_on_stdout(logger_name: str) -> None:
    """Send one logger's INFO lines to stdout (what a dry run would fetch)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def take_lock(settings: BaseSettings) -> CrawlLock | None:
    """The crawl lock for this database, or exit with status 3 naming its holder."""
    if not settings.getbool("CRAWL_LOCK"):
        return None
    # Workers of one crawl shared through Redis share the database on purpose: they
    # take the lock in shared mode, which still keeps a lone crawl out (and them out
    # while a lone crawl runs).
    lock = CrawlLock(settings.get("DATABASE_URL"), shared=bool(redis_url(settings)))
    try:
        lock.acquire()
    except LockHeldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(LOCKED) from None
    return lock
