"""Project commands (``scrapy sites``, ``crawlall``, ``export``, ``extract``, ...).

User mistakes (a bad setting, a broken site file, an unreachable database) end a
command with one clear message on stderr and exit status 2, never a traceback.
Every command is an :class:`aggregator.command_base.ProjectCommand`: the
project's settings are checked once, against the rules declared beside their
defaults, before the command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.settings import BaseSettings
from sqlalchemy.exc import SQLAlchemyError

from aggregator.db.engine import database_url, make_engine, safe_url, upgrade_to_head
from aggregator.sites import SiteConfigError, SiteFile, load_sites, sites_file_path

USER_ERROR = 2


class UserError(Exception):
    """A mistake the user can fix; its message is all they need to see."""


def report(command: ScrapyCommand, error: Exception) -> None:
    print_error(error)
    command.exitcode = USER_ERROR


def print_error(error: Exception) -> None:
    """One ``error:`` line per mistake (a site file can hold several)."""
    for line in str(error).splitlines() or [error.__class__.__name__]:
        print(f"error: {line}", file=sys.stderr)


def check_before_start(check: Callable[[], None]) -> None:
    """Run ``check`` before Scrapy starts its crawler process (and its start-up log),
    so a user mistake ends the command with its one line and status 2."""
    try:
        check()
    except UserError as exc:
        print_error(exc)
        raise SystemExit(USER_ERROR) from None


def site_file(settings: BaseSettings | None) -> SiteFile:
    try:
        return load_sites(sites_file_path(settings.get("SITES_FILE") if settings else None))
    except SiteConfigError as exc:
        raise UserError(str(exc)) from None


def prepare_database(settings: BaseSettings | None) -> None:
    """Reach the database and bring its schema to head, or explain why not."""
    url = database_url(settings.get("DATABASE_URL") if settings else None)
    try:
        engine = make_engine(url)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise UserError(f"cannot use database {safe_url(url)}: {detail}") from None
    except Exception as exc:  # a malformed URL raises ArgumentError/ValueError, not ours to list
        raise UserError(f"bad DATABASE_URL {safe_url(url)}: {exc}") from None


def storage_failed(crawler: Any) -> bool:
    """True when some reviews of this crawl could not be stored (they were spooled)."""
    stats = getattr(crawler, "stats", None)
    return bool(stats and stats.get_value("storage/spooled"))


def interrupted(crawler: Any) -> bool:
    """True when a signal (SIGTERM, Ctrl-C) stopped the crawl before its end: Scrapy's
    ``shutdown`` reason, or no reason at all when a second Ctrl-C stopped it at once."""
    stats = getattr(crawler, "stats", None)
    return stats is not None and stats.get_value("finish_reason") in (None, "shutdown")
