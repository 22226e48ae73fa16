"""One crawl per database at a time.

SQLite: an exclusive ``flock`` on ``<database>.lock`` next to the database
file. PostgreSQL: a session-level advisory lock, which holds across machines.
Either way the operating system or the server lets go when the process dies,
so a run killed with ``kill -9`` never blocks the next one. The holder writes
who it is (pid, host, start time) where a refused run can read it: into the
lock file, or into its connection's ``application_name``.

Workers of one crawl shared through Redis take the lock in shared mode
(``flock(LOCK_SH)``, ``pg_try_advisory_lock_shared``): they run side by side,
while a lone crawl, which takes it exclusively, waits for none of them and is
refused while they run (and they while it runs).
"""

from __future__ import annotations

import fcntl
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from aggregator.db.engine import database_url, make_engine

#: Advisory lock key of crawl runs ("CRAW"); review writers use another one.
CRAWL_LOCK_KEY = 0x43524157


class LockHeldError(Exception):
    """Another run holds the lock; the message names it."""


def holder_label() -> str:
    """Who we are, as a refused run will read it: pid, host and start time."""
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"pid {os.getpid()} on {socket.gethostname()}, started {started}"


class CrawlLock:
    """``with CrawlLock(url): ...`` or ``acquire()``/``release()``.

    Raises :class:`LockHeldError` when another run holds the lock.
    """

    def __init__(self, url: str | None, *, shared: bool = False) -> None:
        self.url = database_url(url)
        #: Shared mode: any number of shared holders at once, but never with an
        #: exclusive one (workers of one distributed crawl against a lone crawl).
        self.shared = shared
        self._file: IO[str] | None = None
        self._engine: Engine | None = None
        self._connection: Connection | None = None

    def acquire(self) -> None:
        sa_url = make_url(self.url)
        if sa_url.get_backend_name() == "sqlite":
            if sa_url.database and sa_url.database != ":memory:":
                self._lock_file(Path(sa_url.database + ".lock"))
        else:
            self._lock_server()

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._connection is not None:
            self._connection.close()  # the advisory lock ends with the session
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def _lock_file(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # "a+" so that opening never truncates what the holder wrote.
        handle = path.open("a+", encoding="utf-8")  # held until release()
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LockHeldError(f"another crawl holds {path} ({holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(holder_label() + "\n")
        handle.flush()
        self._file = handle

    def _lock_server(self) -> None:
        # application_name is how other sessions can see who holds the lock
        # (pg_stat_activity); PostgreSQL keeps its first 63 bytes.
        label = "aggregator crawl: " + holder_label()
        engine = make_engine(self.url, connect_args={"application_name": label[:63]})
        connection = engine.connect()
        connection.execution_options(isolation_level="AUTOCOMMIT")
        function = "pg_try_advisory_lock_shared" if self.shared else "pg_try_advisory_lock"
        got = connection.execute(text(f"SELECT {function}(:key)"), {"key": CRAWL_LOCK_KEY}).scalar()
        if not got:
            holder = _server_holder(connection) or "unknown"
            connection.close()
            engine.dispose()
            raise LockHeldError(f"another crawl holds the database lock ({holder})")
        self._engine, self._connection = engine, connection


def _server_holder(connection: Connection) -> str | None:
    # A bigint advisory key shows as classid (high 32 bits) and objid (low 32 bits).
    row = connection.execute(
        text(
            "SELECT a.application_name, a.client_addr FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = :key AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"key": CRAWL_LOCK_KEY},
    ).first()
    if row is None:
        return None
    name = str(row.application_name or "").removeprefix("aggregator crawl: ")
    return name + (f" from {row.client_addr}" if row.client_addr else "")
