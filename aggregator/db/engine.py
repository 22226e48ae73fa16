"""Engine set-up: which database, SQLite tuning, and migrations to head on start."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from aggregator.redact import redact

DEFAULT_DATABASE_URL = "sqlite:///data/aggregator.db"
#: The package holding the Alembic scripts (``env.py``, ``versions/``).
MIGRATIONS_PACKAGE = "aggregator.migrations"
#: PostgreSQL advisory lock key held while migrating.
MIGRATION_LOCK = 0x4D494752  # "MIGR"


def database_url(setting: str | None = None) -> str:
    """The database to use: the ``DATABASE_URL`` setting, else the environment, else SQLite."""
    return setting or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def safe_url(url: str) -> str:
    """The URL with its password masked, for logs and messages.

    >>> safe_url("postgresql://bob:secret@db:5432/reviews")
    'postgresql://bob:***@db:5432/reviews'
    >>> safe_url("not a url")
    'not a url'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Messages about a malformed URL quote it too, so this must not raise.
        return redact(url)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url``; PostgreSQL goes through psycopg 3, SQLite runs in WAL mode."""
    sa_url = make_url(database_url(url))
    if sa_url.drivername in ("postgresql", "postgres"):
        sa_url = sa_url.set(drivername="postgresql+psycopg")
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_engine(sa_url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (exports) run while a crawl writes; the busy timeout lets
    # several crawl processes share one file instead of failing on a lock.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@cache
def migrations_dir() -> Path:
    """The folder of the Alembic scripts, as a real path Alembic can read.

    In a checkout or an installed copy that is the package folder itself. In a
    zipped egg (what ``scrapyd-deploy`` uploads) the scripts are copied once per
    process to a temporary folder, removed at exit.
    """
    scripts = resources.files(MIGRATIONS_PACKAGE)
    if isinstance(scripts, Path):
        return scripts
    folder = Path(tempfile.mkdtemp(prefix="aggregator-migrations-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy_tree(scripts, folder)
    return folder


def _copy_tree(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                (target / entry.name).mkdir()
                _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration (a new database is created here)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Workers started together on a new database would otherwise all create
            # the tables; the others wait here, then find the schema at head.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
