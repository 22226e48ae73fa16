"""Storage faults: kill -9, SIGTERM, a database that is not there, a damaged spool file.

Every review ends up stored exactly once, a database that cannot be used is
one clear line and a non-zero exit status before anything is crawled, and a
damaged spool file is set aside without stopping the run.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from aggregator.db.engine import make_engine
from aggregator.db.models import CrawlRun, Review
from aggregator.db.spool import Spool, spool_dir
from aggregator.db.store import ReviewStore
from aggregator.db.writer import replay
from aggregator.items import review_to_dict
from tests.conftest import ROOT, run_scrapy
from tests.factories import review
from tests.mockserver.ports import refused_port
from tests.mockserver.site import SiteServer, review_site

pytestmark = [pytest.mark.crawl, pytest.mark.timeout(240)]

PAGES = 40


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """Forty reviews, each answered after a short pause: a crawl that lasts a few seconds."""
    server = SiteServer(delay=0.1)
    review_site(server, count=PAGES)
    yield server
    server.close()


def start_crawl(env: dict[str, str], *settings: str) -> subprocess.Popen[str]:
    options = [arg for setting in settings for arg in ("-s", setting)]
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "site=watch", *options],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_count(url: str) -> tuple[int, int]:
    """(rows, distinct canonical URLs) in the reviews table; (0, 0) before it exists."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(func.count()).select_from(Review)).scalar_one()
            urls = connection.execute(
                select(func.count(func.distinct(Review.canonical_url)))
            ).scalar_one()
        return int(rows), int(urls)
    except Exception:
        return 0, 0
    finally:
        engine.dispose()


def wait_until(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, process.communicate()[1][-3000:]
        time.sleep(0.1)
    raise AssertionError("the crawl never got that far")


def test_kill_9_half_way_then_a_new_run_stores_every_review_once(
    site: SiteServer, database_url: str, tmp_path: Path
) -> None:
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": database_url}
    settings = ("DB_BATCH_SIZE=4", "DB_FLUSH_SECONDS=0.5", "CONCURRENT_REQUESTS=2")
    killed = start_crawl(env, *settings, f"SPOOL_DIR={tmp_path / 'spool'}")
    wait_until(lambda: stored_count(database_url)[0] >= 8, killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    half = stored_count(database_url)[0]
    assert 8 <= half < PAGES, "killed half-way"

    again = run_scrapy(
        "crawl", "reviews", "-a", "site=watch", "-s", f"SPOOL_DIR={tmp_path / 'spool'}", env=env
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Traceback" not in again.stderr
    assert stored_count(database_url) == (PAGES, PAGES)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        if database_url.startswith("sqlite"):
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        else:
            assert connection.execute(text("SELECT count(*) FROM pg_prepared_xacts")).scalar() == 0
    engine.dispose()


def test_sigterm_writes_the_batch_in_flight(site: SiteServer, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'reviews.db'}"
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": database}
    # Nothing is written before the crawl ends: the whole crawl is the batch in flight.
    crawl = start_crawl(env, "DB_BATCH_SIZE=1000", "DB_FLUSH_SECONDS=3600", "CONCURRENT_REQUESTS=2")
    wait_until(lambda: len(site.answered(200)) >= 12, crawl)
    crawl.send_signal(signal.SIGTERM)
    _, errors = crawl.communicate(timeout=120)
    assert "Traceback" not in errors
    rows, _ = stored_count(database)
    engine = make_engine(database)
    with engine.connect() as connection:
        stats, status = connection.execute(select(CrawlRun.stats, CrawlRun.status)).one()
    engine.dispose()
    assert 10 <= rows < PAGES
    assert rows == stats["item_scraped_count"] == stats["storage/new"]
    assert stats["finish_reason"] == "shutdown"
    assert status == "interrupted"
    assert crawl.returncode == 1


def test_ctrl_c_twice_stops_with_a_failed_status(site: SiteServer, tmp_path: Path) -> None:
    # Whether the second Ctrl-C finds the graceful stop still running (Scrapy then
    # stops at once) depends on timing; either way the crawl ends promptly, says
    # no traceback and exits non-zero.
    database = f"sqlite:///{tmp_path / 'reviews.db'}"
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": database}
    crawl = start_crawl(env, "CONCURRENT_REQUESTS=2")
    wait_until(lambda: len(site.answered(200)) >= 4, crawl)
    crawl.send_signal(signal.SIGINT)
    time.sleep(0.3)
    crawl.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, errors = crawl.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert crawl.returncode != 0  # 1, or killed by the signal when it came last
    assert "Traceback" not in errors


UNUSABLE = {
    "postgresql-down": lambda _tmp: f"postgresql://reviews:pw@127.0.0.1:{refused_port()}/reviews",
    "unknown-scheme": lambda _tmp: "mysqlx://reviews@127.0.0.1/reviews",
    "not-a-url": lambda _tmp: "reviews.db",
    "folder-is-a-file": lambda tmp: f"sqlite:///{tmp / 'sites.toml' / 'r.db'}",
    "read-only-sqlite": lambda tmp: f"sqlite:///file:{tmp / 'ro.db'}?mode=ro&uri=true",
}


@pytest.mark.parametrize("case", sorted(UNUSABLE))
def test_unusable_database_is_one_line_and_no_crawl(
    case: str, site: SiteServer, tmp_path: Path
) -> None:
    url = UNUSABLE[case](tmp_path)
    if case == "read-only-sqlite":
        (tmp_path / "ro.db").write_bytes(b"")
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": url}
    result = run_scrapy("crawl", "reviews", "-a", "site=watch", env=env, timeout=90)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("error: "), lines
    assert "Traceback" not in result.stderr
    assert "pw@" not in result.stderr
    assert site.paths() == []  # no crawl into the void


def test_full_disk_is_one_line_and_no_crawl(site: SiteServer, tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the database cannot grow."""

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    env = {
        **os.environ,
        "AGGREGATOR_SITES": str(site.site_file(tmp_path)),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'reviews.db'}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "site=watch"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=90, check=False,
        preexec_fn=small_files,
    )  # fmt: skip
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("error: cannot use database"), lines
    assert site.paths() == []


def test_damaged_spool_file_is_set_aside_and_the_rest_stored(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spool = Spool(tmp_path / "spool")
    spool.save([review("a"), review("b")])
    damaged = spool.save([review("c"), review("d")])
    lines = damaged.read_text(encoding="utf-8").splitlines()
    damaged.write_text(lines[0] + "\n" + lines[1][:40] + "\n{not json\n", encoding="utf-8")
    garbage = spool.directory / "batch-99990101T000000000000-1.jsonl"
    garbage.write_bytes(b"\xff\xfe\x00binary garbage")
    engine = make_engine(sqlite_url)
    from aggregator.db.engine import upgrade_to_head

    upgrade_to_head(engine)
    with caplog.at_level(logging.WARNING, logger="aggregator.db.spool"):
        result = replay(ReviewStore(engine), spool, None)
    engine.dispose()
    assert result.new == 3  # a, b and c; d was cut in half
    assert spool.pending() == []
    kept = sorted(path.name for path in (spool.directory / "corrupt").iterdir())
    assert kept == sorted([damaged.name, garbage.name])
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert any("2 unreadable line(s): 2, 3" in message for message in messages)


def test_damaged_spool_file_does_not_stop_a_crawl(
    site: SiteServer, sqlite_url: str, tmp_path: Path
) -> None:
    folder = spool_dir(str(tmp_path / "spool"), sqlite_url)
    folder.mkdir(parents=True)
    good = json.dumps(review_to_dict(review("spooled")))
    (folder / "batch-20240101T000000000000-1.jsonl").write_text(good + "\n}{\n", encoding="utf-8")
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": sqlite_url}
    result = run_scrapy(
        "crawl", "reviews", "-a", "site=watch", "-s", f"SPOOL_DIR={tmp_path / 'spool'}", env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "is damaged" in line]
    assert len(warnings) == 1
    assert stored_count(sqlite_url)[0] == PAGES + 1


def test_a_crawl_paused_with_jobdir_resumes_where_it_stopped(
    site: SiteServer, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'reviews.db'}"
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": database}
    job = f"JOBDIR={tmp_path / 'job'}"
    paused = start_crawl(env, job, "CONCURRENT_REQUESTS=2", "DB_FLUSH_SECONDS=0.5")
    wait_until(lambda: len(site.answered(200)) >= 10, paused)
    paused.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy keeps the queue in JOBDIR
    _, errors = paused.communicate(timeout=120)
    assert "Traceback" not in errors
    first, _ = stored_count(database)
    assert 0 < first < PAGES
    site.reset()

    resumed = run_scrapy("crawl", "reviews", "-a", "site=watch", "-s", job, env=env)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert stored_count(database) == (PAGES, PAGES)
    assert "/reviews/" not in site.paths()  # the listing was not read again: the queue was


def test_database_lost_mid_crawl_spools_then_replay_stores_everything(
    site: SiteServer, postgres_server: str, postgres_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = make_url(postgres_url).database
    admin = create_engine(
        make_url(postgres_server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )

    def connections(allowed: bool) -> None:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {allowed}'))
            if not allowed:
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = :name AND pid <> pg_backend_pid()"),
                    {"name": name},
                )  # fmt: skip

    spool = f"SPOOL_DIR={tmp_path / 'spool'}"
    env = {"AGGREGATOR_SITES": str(site.site_file(tmp_path)), "DATABASE_URL": postgres_url}
    settings = ("DB_BATCH_SIZE=4", "DB_FLUSH_SECONDS=0.3", "DB_RETRY_BACKOFF=0.1")
    crawl = start_crawl(env, *settings, "CONCURRENT_REQUESTS=2", spool)
    try:
        wait_until(lambda: stored_count(postgres_url)[0] >= 8, crawl)
        connections(allowed=False)
        _, errors = crawl.communicate(timeout=180)
    finally:
        connections(allowed=True)
        admin.dispose()
    assert crawl.returncode == 1, errors[-3000:]  # reviews spooled: not a clean run
    assert "Traceback" not in errors
    spooled = list((tmp_path / "spool").glob("*/batch-*.jsonl"))
    assert spooled
    before, _ = stored_count(postgres_url)

    replayed = run_scrapy("replay", "-s", spool, env=env)
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    assert replayed.stdout.startswith(f"Replayed {len(spooled)} spooled batches: ")
    assert not list((tmp_path / "spool").glob("*/batch-*.jsonl"))
    after, _ = stored_count(postgres_url)
    assert after > before

    rest = run_scrapy("crawl", "reviews", "-a", "site=watch", "-s", spool, env=env)
    assert rest.returncode == 0, rest.stderr[-3000:]
    assert stored_count(postgres_url) == (PAGES, PAGES)
