"""Extraction in worker processes: the same item as in-process, and a dead worker
costs one page, not the crawl."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.items import review_to_dict
from aggregator.pool import ExtractionPool, WorkerCrashedError
from aggregator.review import build_review

PAGE = (
    Path(__file__).resolve().parents[1] / "demo/sites/starcritic/reviews/nope/index.html"
).read_bytes()
URL = "https://starcritic.example/reviews/nope/"
WHEN = datetime(2024, 5, 1, tzinfo=UTC)


def build(pool: ExtractionPool) -> dict[str, object]:
    item = asyncio.run(pool.build(URL, PAGE, None, crawled_at=WHEN))
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
