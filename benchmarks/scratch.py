"""Throw-away databases for the benchmarks: a SQLite file, or a PostgreSQL database.

PostgreSQL: ``BENCH_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``)
names a server and a database to connect to; each run creates ``bench_<random>``
beside it and drops it afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_server() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)


@contextmanager
def postgres_database() -> Iterator[str]:
    """Yields the URL of a new, empty database; drops it on the way out."""
    server = make_url(postgres_server())
    name = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def postgres_available() -> bool:
    try:
        engine = create_engine(postgres_server())
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # any failure means: skip the PostgreSQL figures
        return False
