"""The one place that knows SQL dialects differ: INSERT … ON CONFLICT, the writer lock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, text
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ``on_conflict_do_update/do_nothing``."""
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    if connection.dialect.name == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)


#: PostgreSQL advisory lock key that review writers share.
WRITER_LOCK = 0x52455649  # "REVI"


@contextmanager
def begin_write(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds the database's one writer lock.

    Identity decisions (is this text a copy of a stored review? which work is
    this?) read before they write, so two processes deciding at once could both
    decide "new". Writers therefore take turns: SQLite's ``BEGIN IMMEDIATE``
    takes the write lock at the start (and waits for it, busy timeout, rather
    than failing on an upgrade), and PostgreSQL writers take a transaction-level
    advisory lock. Readers (exports) are never blocked.
    """
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        else:
            with connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
                yield connection
