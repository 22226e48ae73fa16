"""The one place that knows SQL dialects differ: INSERT … ON CONFLICT."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ``on_conflict_do_update/do_nothing``."""
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    if connection.dialect.name == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)


@contextmanager
def begin_write(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes SQLite's write lock at its start.

    SQLite's default deferred transaction upgrades its lock on the first write
    and fails at once with "database is locked" when another process is
    writing; ``BEGIN IMMEDIATE`` waits for the lock (busy timeout) instead.
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
                yield connection
