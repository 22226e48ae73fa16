"""Alembic environment: uses the caller's connection, or $DATABASE_URL from the CLI."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from aggregator.db.engine import make_engine
from aggregator.db.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with make_engine().begin() as own_connection:
        _run(own_connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
