"""Extraction in worker processes: the same item as in-process, and a dead worker
costs one page, not the crawl."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.items import review_to_dict
from aggregator.pool import ExtractionPool, WorkerCrashedError
from aggregator.review import build_review

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "demo/sites/starcritic/reviews/nope/index.html").read_bytes()
URL = "https://starcritic.example/reviews/nope/"
WHEN = datetime(2024, 5, 1, tzinfo=UTC)


def build(pool: ExtractionPool) -> dict[str, object]:
    item = asyncio.run(pool.build(URL, PAGE, None, crawled_at=WHEN)).item
    return review_to_dict(item)


@pytest.mark.timeout(120)
def test_a_worker_gives_the_in_process_item() -> None:
    pool = ExtractionPool(1)
    try:
        assert build(pool) == review_to_dict(build_review(URL, PAGE, None, crawled_at=WHEN))
        assert build(ExtractionPool(0))["headline"] == build(pool)["headline"]
    finally:
        pool.close()


@pytest.mark.timeout(120)
def test_a_killed_worker_costs_one_page() -> None:
    pool = ExtractionPool(1)
    try:
        build(pool)
        executor = pool._pool()
        for process in list(executor._processes.values()):  # the OOM killer, say
            assert process.pid is not None
            os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(WorkerCrashedError, match="extraction worker died"):
            build(pool)
        assert build(pool)["headline"]  # a new pool takes the next page
    finally:
        pool.close()


def test_the_first_pages_are_extracted_in_process() -> None:
    pool = ExtractionPool(1, start_after=2)
    try:
        build(pool)
        build(pool)
        assert pool._executor is None  # no worker started for a small crawl
        build(pool)
        assert pool._executor is not None
    finally:
        pool.close()


def test_crawls_of_one_process_share_one_pool() -> None:
    first, second = ExtractionPool.shared(2), ExtractionPool.shared(2)
    assert first is second
    first.release()
    second.release()
    assert first.users == 0


#: A crawl's process in short: a pool whose workers have started; prints their ids.
CRAWL = """
import asyncio, time
from aggregator.pool import ExtractionPool
pool = ExtractionPool(1)
asyncio.run(pool.build("https://a.example/r/", b"<html><body><p>x</p></body></html>", None))
print(*[process.pid for process in pool._pool()._processes.values()], flush=True)
time.sleep(300)
"""


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.timeout(120)
def test_workers_exit_when_the_crawl_is_killed() -> None:
    workers: list[int] = []
    with subprocess.Popen([sys.executable, "-c", CRAWL], cwd=ROOT, stdout=subprocess.PIPE) as crawl:
        try:
            assert crawl.stdout is not None
            workers = [int(pid) for pid in crawl.stdout.readline().split()]
            assert workers
            assert all(running(pid) for pid in workers)
        finally:
            crawl.kill()  # SIGKILL: no shutdown of the pool, no atexit handlers
    deadline = time.monotonic() + 60
    try:
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if running(pid)]
    finally:
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
