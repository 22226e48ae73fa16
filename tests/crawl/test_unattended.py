"""What a cron wrapper and a person at a terminal see: the lock, exit statuses, progress.

Exit status: 0 fine, 1 some site failed or alarmed, 2 configuration error,
3 another run holds the lock. Crawls run as ``scrapy crawlall`` subprocesses
against a local site on 127.0.0.1.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aggregator.lock import CrawlLock
from tests.conftest import ROOT, run_scrapy
from tests.mockserver.site import SiteServer, review_site


@pytest.fixture
def slow_site() -> Iterator[SiteServer]:
    """A site that answers only once the test opens its gate: a crawl that lasts."""
    server = SiteServer()
    review_site(server)
    server.gate.clear()
    yield server
    server.gate.set()
    server.close()


def start_crawl(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawlall"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_lock(path: Path, process: subprocess.Popen[str], timeout: float = 60) -> None:
    """Until the crawl wrote its pid into the lock file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and f"pid {process.pid} " in path.read_text(encoding="utf-8"):
            return
        assert process.poll() is None, "the crawl ended before taking the lock"
        time.sleep(0.1)
    raise AssertionError("the crawl never took the lock")


def test_overlapping_run_is_refused_with_status_3(slow_site: SiteServer, tmp_path: Path) -> None:
    database = tmp_path / "reviews.db"
    env = {
        "AGGREGATOR_SITES": str(slow_site.site_file(tmp_path)),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    first = start_crawl(env)
    try:
        wait_for_lock(Path(f"{database}.lock"), first)
        started = time.monotonic()
        second = run_scrapy("crawlall", env=env)
        refused_in = time.monotonic() - started
        assert first.poll() is None, "the first run was still crawling"
    finally:
        slow_site.gate.set()
        _, errors = first.communicate(timeout=240)
    assert second.returncode == 3, second.stderr[-2000:]
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: another crawl holds {database}.lock (pid {first.pid} on ")
    assert refused_in < 30  # at once: scrapy's start-up, no crawling
    assert first.returncode == 0, errors[-2000:]


def test_lock_of_a_killed_run_does_not_block(slow_site: SiteServer, tmp_path: Path) -> None:
    database = tmp_path / "reviews.db"
    env = {
        "AGGREGATOR_SITES": str(slow_site.site_file(tmp_path)),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    killed = start_crawl(env)
    wait_for_lock(Path(f"{database}.lock"), killed)
    killed.kill()  # SIGKILL: no clean-up code runs
    killed.communicate(timeout=30)
    slow_site.gate.set()
    result = run_scrapy("crawlall", env=env)
    assert result.returncode == 0, result.stderr[-3000:]


def test_lock_can_be_held_by_the_caller(sqlite_url: str) -> None:
    """Lock held (here by the test itself): crawl reviews is refused too, before Scrapy starts."""
    env = {"AGGREGATOR_SITES": str(ROOT / "sites.toml"), "DATABASE_URL": sqlite_url}
    with CrawlLock(sqlite_url):
        result = run_scrapy("crawl", "reviews", "-a", "site=starcritic", env=env)
    assert result.returncode == 3
    assert f"(pid {os.getpid()} on " in result.stderr
    assert "Scrapy" not in result.stderr


def test_failing_site_and_configuration_error(tmp_path: Path, sqlite_url: str) -> None:
    server = SiteServer(status=500)
    review_site(server)
    try:
        env = {"AGGREGATOR_SITES": str(server.site_file(tmp_path)), "DATABASE_URL": sqlite_url}
        failed = run_scrapy("crawlall", "-s", "RETRY_TIMES=0", env=env)
    finally:
        server.close()
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert "watch  failed" in failed.stdout
    assert "errors watch: http_500 1" in failed.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text('[[sites]]\nname = "x"\ncolour = "red"\n', encoding="utf-8")
    config = run_scrapy("crawlall", env={"AGGREGATOR_SITES": str(bad), "DATABASE_URL": sqlite_url})
    assert config.returncode == 2
    assert config.stderr.startswith("error: ")


def run_in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with a pseudo-terminal as stdout and stderr; (status, everything shown)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=240), shown.decode("utf-8", "replace")


def test_progress_on_a_terminal_and_plain_lines_without(tmp_path: Path, sqlite_url: str) -> None:
    server = SiteServer(delay=0.2)
    review_site(server)
    try:
        env = {"AGGREGATOR_SITES": str(server.site_file(tmp_path)), "DATABASE_URL": sqlite_url}
        status, shown = run_in_terminal(["crawlall", "--full"], env)
        plain = run_scrapy("crawlall", "--full", env=env)
    finally:
        server.close()
    assert status == 0, shown[-3000:]
    assert "\x1b[2Kwatch" in shown  # the progress line, redrawn in place
    assert "done" in shown
    assert "Overridden settings" not in shown  # Scrapy's dumps stay off the terminal
    assert "watch  ok" in shown  # the summary

    assert plain.returncode == 0, plain.stderr[-3000:]
    assert "\x1b[" not in plain.stderr + plain.stdout
    assert "Overridden settings" in plain.stderr  # cron: plain log lines
    assert "watch  ok" in plain.stdout


def test_failed_export_is_one_line_and_status_1(tmp_path: Path, sqlite_url: str) -> None:
    server = SiteServer()
    review_site(server, count=1)
    blocked = tmp_path / "exports"
    blocked.write_text("a file where the export folder should be", encoding="utf-8")
    try:
        env = {"AGGREGATOR_SITES": str(server.site_file(tmp_path)), "DATABASE_URL": sqlite_url}
        result = run_scrapy("crawlall", "--export", "-s", f"EXPORT_DIR={blocked}", env=env)
    finally:
        server.close()
    assert result.returncode == 1, result.stderr[-3000:]
    assert "watch  ok" in result.stdout  # the crawl itself was fine and is stored
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [errors[0]]
    assert errors[0].startswith(f"error: export to {blocked} failed: ")
    assert "Traceback" not in result.stderr
