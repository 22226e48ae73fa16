"""Several ``scrapy crawl`` workers share one crawl of a 500-page site through Redis
and store into one PostgreSQL database: each page fetched once, each review stored once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aggregator.db.engine import make_engine
from aggregator.db.models import Review
from tests.conftest import ROOT
from tests.distributed.bulk_site import BulkSite, site_file

REVIEWS = 500

pytestmark = [pytest.mark.crawl, pytest.mark.postgres]


@pytest.fixture
def bulk_site(tmp_path: Path) -> Iterator[tuple[BulkSite, Path]]:
    server = BulkSite(REVIEWS, wait_for_agents=2, latency=0.1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = tmp_path / "sites.toml"
    path.write_text(site_file(server.base_url), encoding="utf-8")
    yield server, path
    server.shutdown()
    server.server_close()


def worker(
    name: str, sites: Path, database_url: str, redis_url: str, prefix: str
) -> subprocess.Popen[str]:
    """One worker process, as a user on another machine would start it."""
    env = {
        **os.environ,
        "AGGREGATOR_SITES": str(sites),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "site=bulk"]
    settings = {"USER_AGENT": name, "REDIS_KEY_PREFIX": prefix, "REDIS_WORKER_TTL": "3"}
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    # Its own session: killing a worker kills its extraction processes with it,
    # as when its machine dies.
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> None:
    try:
        _, errors = process.communicate(timeout=240)
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 0, errors[-3000:]


def stored_reviews(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Review)).scalar_one())
    finally:
        engine.dispose()


def test_two_workers_share_one_crawl(
    bulk_site: tuple[BulkSite, Path], postgres_url: str, redis_url: str, key_prefix: str
) -> None:
    server, sites = bulk_site
    workers = [worker(f"w{i}", sites, postgres_url, redis_url, key_prefix) for i in (1, 2)]
    for process in workers:
        finish(process)

    fetches = server.review_fetches()
    assert len(fetches) == REVIEWS
    assert set(fetches.values()) == {1}, fetches.most_common(3)
    shares = server.fetches_by()
    assert min(shares["w1"], shares["w2"]) > REVIEWS / 10, shares
    assert stored_reviews(postgres_url) == REVIEWS


def test_a_killed_worker_loses_nothing_after_a_follow_up_run(
    bulk_site: tuple[BulkSite, Path], postgres_url: str, redis_url: str, key_prefix: str
) -> None:
    server, sites = bulk_site
    doomed, survivor = (worker(f"w{i}", sites, postgres_url, redis_url, key_prefix) for i in (1, 2))
    deadline = time.monotonic() + 120
    while sum(server.review_fetches().values()) < REVIEWS / 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.communicate(timeout=30)
    finish(survivor)  # the survivor ends the crawl once the killed one's mark expires
    assert sum(server.review_fetches().values()) < 2 * REVIEWS

    finish(worker("w3", sites, postgres_url, redis_url, key_prefix))  # next night's run
    assert set(server.review_fetches()) == {f"/reviews/r{n}/" for n in range(REVIEWS)}
    assert stored_reviews(postgres_url) == REVIEWS
