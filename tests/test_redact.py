"""Database passwords never reach a log line, whatever the logger, level or format."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from aggregator.redact import RedactPasswords, install, protect
from tests.conftest import run_scrapy
from tests.mockserver.ports import refused_port

SECRET = "s3cr3t-Pa55"
URL = f"postgresql://reviews:{SECRET}@db.example/reviews"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """A root handler added after install(), as Scrapy adds its own."""
    install()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_child_logger_at_debug_is_masked(stream: io.StringIO) -> None:
    logging.getLogger("aggregator.db.engine.deeper").debug("connecting to %s", URL)
    logging.getLogger("some.library").warning("url=%(url)s", {"url": URL})
    assert SECRET not in stream.getvalue()
    assert "reviews:***@db.example" in stream.getvalue()


def test_numbers_still_format(stream: io.StringIO) -> None:
    logging.getLogger("aggregator.x").info("stored %d of %d reviews in %s", 3, 4, URL)
    logging.getLogger("aggregator.x").info("%(n)05.1f%%", {"n": 2.5})
    assert "stored 3 of 4 reviews in postgresql://reviews:***@" in stream.getvalue()
    assert "002.5%" in stream.getvalue()


def test_traceback_is_masked(stream: io.StringIO) -> None:
    try:
        raise ConnectionError(f"could not connect to {URL}")
    except ConnectionError:
        logging.getLogger("pipelines.storage").exception("database lost")
    assert "Traceback" in stream.getvalue()
    assert SECRET not in stream.getvalue()


def test_protect_is_idempotent() -> None:
    handler = logging.NullHandler()
    protect(protect(handler))
    assert sum(isinstance(f, RedactPasswords) for f in handler.filters) == 1


def test_crawl_at_debug_never_logs_the_password(
    postgres_url: str, demo_sites_file: Path, tmp_path: Path
) -> None:
    # PostgreSQL on 127.0.0.1 trusts the user, so any password is accepted.
    url = make_url(postgres_url).set(password=SECRET).render_as_string(hide_password=False)
    # Credentials in the start URL too: the requests for it are logged.
    sites = demo_sites_file.read_text(encoding="utf-8")
    demo_sites_file.write_text(
        sites.replace("http://127.0.0.1", f"http://critic:{SECRET}@127.0.0.1"), encoding="utf-8"
    )
    result = run_scrapy(
        "crawl", "reviews", "-a", "site=starcritic", "-L", "DEBUG",
        "-s", f"SPOOL_DIR={tmp_path / 'spool'}",
        env={"AGGREGATOR_SITES": str(demo_sites_file), "DATABASE_URL": url},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "http://critic:***@127.0.0.1" in result.stderr  # the request's URL, masked
    assert "postgres:***@127.0.0.1" in result.stderr  # "Storing reviews in ..."
    assert SECRET not in result.stderr + result.stdout


def test_unreachable_database_message_is_masked(demo_sites_file: Path) -> None:
    url = f"postgresql://reviews:{SECRET}@127.0.0.1:{refused_port()}/reviews"
    result = run_scrapy(
        "crawl", "reviews", "-a", "site=starcritic",
        env={"AGGREGATOR_SITES": str(demo_sites_file), "DATABASE_URL": url},
        timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "cannot use database" in result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr + result.stdout
