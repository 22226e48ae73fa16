"""The one place that knows SQL dialects differ: INSERT … ON CONFLICT."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ``on_conflict_do_update/do_nothing``."""
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    if connection.dialect.name == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)
