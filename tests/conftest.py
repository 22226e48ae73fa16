"""Shared fixtures: the demo sites on a local server, databases, and a Scrapy runner.

Every crawl test talks to a server on 127.0.0.1 (``tests/mockserver``, port 0);
no test touches the internet. The demo sites are served once per test session
and crawled once per database (``demo_crawl``); a test that writes to that
database takes ``demo_crawl_copy``.
PostgreSQL tests use a throw-away database on $TEST_POSTGRES_URL; with CI=true
a missing PostgreSQL fails them, elsewhere they skip with the reason.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

# Before anything else can install Twisted's default reactor (see tests/inprocess.py).
from tests import inprocess  # isort: skip

from aggregator.db.engine import make_engine, upgrade_to_head
from tests.mockserver.demo import ROOT, demo_site_file
from tests.mockserver.demo import demo_server as serve_demo

__all__ = ["ROOT", "demo_site_file"]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"

#: Property tests: a few dozen examples each in `make test`;
#: `HYPOTHESIS_PROFILE=nightly make test` runs 10,000 each.
hypothesis_settings.register_profile("test", max_examples=40, deadline=None)
hypothesis_settings.register_profile("nightly", max_examples=10_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))


def pytest_sessionfinish() -> None:
    inprocess.stop_reactor()


@pytest.fixture(scope="session")
def demo_server() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/``) of the demo sites, served by a subprocess."""
    with serve_demo() as base_url:
        yield base_url


@pytest.fixture
def demo_sites_file(tmp_path: Path, demo_server: str) -> Path:
    return demo_site_file(tmp_path, demo_server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reviews.db'}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """PostgreSQL reachable at $TEST_POSTGRES_URL, or skip (fail under CI=true)."""
    engine = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    finally:
        engine.dispose()
    return POSTGRES_URL


def new_postgres_database(
    server: str, template: str | None = None
) -> tuple[str, Callable[[], None]]:
    """Create a database on ``server``, empty or a copy of ``template`` (which nobody
    may be connected to): (its URL, a function that drops it)."""
    name = f"aggregator_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def module_database(request: pytest.FixtureRequest, folder: Path) -> str:
    """For a module- or session-scoped fixture parametrised "sqlite"/"postgresql":
    a new database URL, dropped when the fixture's scope ends."""
    if request.param == "sqlite":
        return f"sqlite:///{folder / 'reviews.db'}"
    url, drop = new_postgres_database(str(request.getfixturevalue("postgres_server")))
    request.addfinalizer(drop)
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    url, drop = new_postgres_database(postgres_server)
    try:
        yield url
    finally:
        drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reviews.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a migrated database (SQLite, then PostgreSQL)."""
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class DemoCrawl:
    """``scrapy crawlall`` of every demo site with its export: shared, so read-only."""

    database_url: str
    sites_file: Path
    exports: Path
    #: What ``crawlall`` printed on stdout.
    output: str

    @property
    def env(self) -> dict[str, str]:
        """The environment a ``scrapy`` command needs to see this crawl's database."""
        return {"AGGREGATOR_SITES": str(self.sites_file), "DATABASE_URL": self.database_url}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def demo_crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, demo_server: str
) -> DemoCrawl:
    """The demo sites crawled once per test session (on SQLite, then PostgreSQL)
    the way a user runs it, and exported after the crawl."""
    folder = tmp_path_factory.mktemp(f"demo-crawl-{request.param}")
    url = module_database(request, folder)
    sites = demo_site_file(folder, demo_server)
    crawl = DemoCrawl(url, sites, folder / "exports", "")
    settings = ["-s", "EXPORT_AFTER_CRAWL=1", "-s", f"EXPORT_DIR={crawl.exports}"]
    result = run_scrapy("crawlall", *settings, env=crawl.env)
    assert result.returncode == 0, result.stderr[-3000:]
    return dataclasses.replace(crawl, output=result.stdout)


@pytest.fixture
def demo_crawl_copy(demo_crawl: DemoCrawl, tmp_path: Path) -> Iterator[DemoCrawl]:
    """The demo crawl with a database of this test's own, for tests that write to it."""
    source = make_url(demo_crawl.database_url)
    if source.get_backend_name() == "sqlite":
        copy = tmp_path / "reviews.db"
        # The backup API: consistent even with a write-ahead log beside the file.
        with (
            closing(sqlite3.connect(str(source.database))) as original,
            closing(sqlite3.connect(copy)) as target,
        ):
            original.backup(target)
        yield dataclasses.replace(demo_crawl, database_url=f"sqlite:///{copy}")
        return
    url, drop = new_postgres_database(POSTGRES_URL, template=str(source.database))
    try:
        yield dataclasses.replace(demo_crawl, database_url=url)
    finally:
        drop()


def run_scrapy(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy ARGS`` the way a user does, from the project folder."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SCRAPY_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
