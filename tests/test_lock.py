"""The crawl lock: a file lock next to SQLite, an advisory lock on PostgreSQL.

A second holder is refused with a message naming the first (pid, host, start);
a holder killed with SIGKILL leaves nothing that blocks the next run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from aggregator.lock import CrawlLock, LockHeldError
from tests.conftest import ROOT


def test_second_holder_is_refused_and_told_who_holds_it(database_url: str) -> None:
    with CrawlLock(database_url):
        with pytest.raises(LockHeldError) as refused:
            CrawlLock(database_url).acquire()
        assert f"pid {os.getpid()} on " in str(refused.value)
        assert "started 20" in str(refused.value)
    with CrawlLock(database_url):  # released: the next run gets it
        pass


def test_workers_of_one_shared_crawl_hold_it_together(database_url: str) -> None:
    # A lone crawl stays out while workers run, and workers while a lone crawl runs.
    with (
        CrawlLock(database_url, shared=True),
        CrawlLock(database_url, shared=True),
        pytest.raises(LockHeldError),
    ):
        CrawlLock(database_url).acquire()
    with CrawlLock(database_url), pytest.raises(LockHeldError):
        CrawlLock(database_url, shared=True).acquire()


HOLD = "import sys, time; from aggregator.lock import CrawlLock; lock = CrawlLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(300)"  # noqa: E501


def test_lock_of_a_killed_holder_is_released(database_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, database_url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(LockHeldError):
        CrawlLock(database_url).acquire()
    holder.kill()
    holder.wait(timeout=30)
    holder.stdout.close()
    deadline = time.monotonic() + 20  # PostgreSQL ends the session when it sees the socket close
    while True:
        try:
            with CrawlLock(database_url):
                return
        except LockHeldError:
            assert time.monotonic() < deadline, "the killed holder's lock was never released"
            time.sleep(0.2)
