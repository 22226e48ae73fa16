"""Shared fixtures: the demo sites on a local server, databases, and a Scrapy runner.

Every crawl test talks to a server on 127.0.0.1 started here (port 0, in a
subprocess, once per test session); no test touches the internet.
PostgreSQL tests use a throw-away database on $TEST_POSTGRES_URL; with CI=true
a missing PostgreSQL fails them, elsewhere they skip with the reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from aggregator.db.engine import make_engine, upgrade_to_head

ROOT = Path(__file__).resolve().parents[1]
DEMO_PORT_IN_SITE_FILE = "127.0.0.1:8765"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"

#: Property tests: a few dozen examples each in `make test`;
#: `HYPOTHESIS_PROFILE=nightly make test` runs 10,000 each.
hypothesis_settings.register_profile("test", max_examples=40, deadline=None)
hypothesis_settings.register_profile("nightly", max_examples=10_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))


@pytest.fixture(scope="session")
def demo_server() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/``) of the demo sites served by a subprocess."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "demo" / "server.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        assert line.startswith("Serving demo sites at "), line
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def demo_site_file(folder: Path, demo_server: str) -> Path:
    """The shipped site file, pointed at the test's demo server."""
    host = demo_server.removeprefix("http://").rstrip("/")
    content = (ROOT / "sites.toml").read_text(encoding="utf-8")
    path = folder / "sites.toml"
    path.write_text(content.replace(DEMO_PORT_IN_SITE_FILE, host), encoding="utf-8")
    return path


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


def new_postgres_database(server: str) -> tuple[str, Callable[[], None]]:
    """Create an empty database on ``server``: (its URL, a function that drops it)."""
    name = f"aggregator_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def module_database(request: pytest.FixtureRequest, folder: Path) -> str:
    """For a module-scoped fixture parametrised "sqlite"/"postgresql": a new database URL."""
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
