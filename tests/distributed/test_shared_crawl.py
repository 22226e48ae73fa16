"""The shared crawl's bookkeeping in Redis, and the settings switch."""

from __future__ import annotations

import time

import pytest
import redis
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from aggregator import settings as project_settings
from aggregator.distributed.addon import Distributed
from aggregator.distributed.crawl import CrawlKeys, SharedCrawl
from aggregator.distributed.scheduler import SharedScheduler, SharedSeenSet


@pytest.fixture
def crawl(redis_url: str, key_prefix: str) -> SharedCrawl:
    return SharedCrawl(redis.Redis.from_url(redis_url), CrawlKeys(key_prefix, "blog"), 1)


def test_first_worker_starts_the_crawl_later_ones_join(crawl: SharedCrawl) -> None:
    crawl.server.sadd(crawl.keys.seen, "left-over-fingerprint")
    assert crawl.begin("a") is True
    assert crawl.server.scard(crawl.keys.seen) == 0  # a new crawl forgets the last one
    crawl.server.sadd(crawl.keys.seen, "fp")
    assert crawl.begin("b") is False
    assert crawl.server.scard(crawl.keys.seen) == 1  # joining keeps the crawl's state
    assert crawl.status().started["worker"] == "a"


def test_busy_peers_and_expiry(crawl: SharedCrawl) -> None:
    crawl.mark("busy", "a")
    crawl.mark("idle", "b")
    assert crawl.busy_peers("b") == ["a"]
    assert crawl.busy_peers("a") == []
    time.sleep(1.6)  # a killed worker stops counting once its mark expires
    assert crawl.workers() == {}


def test_finish_and_clear(crawl: SharedCrawl) -> None:
    crawl.begin("a")
    crawl.mark("busy", "a")
    crawl.server.zadd(crawl.keys.requests, {b"request": 0})
    assert crawl.status().pending == 1
    crawl.finish()
    assert not crawl.status().running
    assert crawl.status().pending == 0
    crawl.begin("a")
    crawl.clear()
    assert crawl.status().workers == {}
    assert not crawl.server.keys(crawl.keys.prefix + ":*")


def _updated(values: dict[str, object]) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(values, priority="cmdline")
    Distributed().update_settings(settings)
    return settings


def test_redis_url_switches_the_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(NotConfigured):  # Scrapy then leaves its own scheduler in place
        _updated({})
    settings = _updated({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert settings["SCHEDULER"].endswith("SharedScheduler")
    assert settings["DUPEFILTER_CLASS"].endswith("SharedSeenSet")
    assert "aggregator.distributed.presence.WorkerPresence" in settings["EXTENSIONS"]


def test_redis_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert _updated({})["REDIS_URL"] == "redis://127.0.0.1:6379/3"


def test_seen_set_uses_the_canonical_fingerprint(redis_url: str, key_prefix: str) -> None:
    crawler = get_crawler(
        settings_dict={
            "REQUEST_FINGERPRINTER_CLASS": project_settings.REQUEST_FINGERPRINTER_CLASS,
            "REDIS_URL": redis_url,
            "REDIS_KEY_PREFIX": key_prefix,
            "REDIS_WORKER_TTL": 30,
        }
    )
    crawler.spider = crawler._create_spider("reviews-test")
    seen = SharedSeenSet.from_spider(crawler.spider)
    assert seen.key == f"{key_prefix}:reviews-test:seen"
    assert not seen.request_seen(Request("https://x.example/reviews/dune/?utm_source=feed"))
    assert seen.request_seen(Request("https://x.example/reviews/dune/"))
    assert not seen.request_seen(Request("https://x.example/reviews/nope/"))


class _Engine:
    """The part of Scrapy's engine a scheduler meets: ``crawl`` schedules a request."""

    def __init__(self) -> None:
        self.scheduler: SharedScheduler | None = None
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        assert self.scheduler is not None
        if self.scheduler.enqueue_request(request):
            self.crawled.append(request)


def _scheduler(redis_url: str, key_prefix: str) -> tuple[SharedScheduler, _Engine]:
    crawler = get_crawler(
        settings_dict={
            "REQUEST_FINGERPRINTER_CLASS": project_settings.REQUEST_FINGERPRINTER_CLASS,
            "DUPEFILTER_CLASS": "aggregator.distributed.scheduler.SharedSeenSet",
            "REDIS_URL": redis_url,
            "REDIS_KEY_PREFIX": key_prefix,
            "REDIS_WORKER_TTL": 30,
            "REDIS_IDLE_POLL": 0.5,
        }
    )
    crawler.spider = crawler._create_spider("reviews-test")
    engine = _Engine()
    crawler.engine = engine  # type: ignore[assignment]
    scheduler = SharedScheduler.from_crawler(crawler)
    engine.scheduler = scheduler
    scheduler.open(crawler.spider)
    return scheduler, engine


def test_a_starved_worker_claims_what_a_peer_queued(redis_url: str, key_prefix: str) -> None:
    ours, engine = _scheduler(redis_url, key_prefix)
    peer, _ = _scheduler(redis_url, key_prefix)
    try:
        ours._claim_if_starved()  # it has not asked for anything yet: nothing to do
        assert ours.next_request() is None  # the engine asked, and the queue was empty
        ours._claim_if_starved()
        assert engine.crawled == []  # still nothing queued
        assert peer.enqueue_request(Request("https://x.example/reviews/dune/"))
        ours._claim_if_starved()
        # Handed to the engine although the seen-set holds it, and served first.
        assert [r.url for r in engine.crawled] == ["https://x.example/reviews/dune/"]
        assert ours.has_pending_requests()
        assert ours.next_request() is engine.crawled[0]
        assert not ours.has_pending_requests()
        # A request from a callback is still checked against the seen-set.
        assert not ours.enqueue_request(Request("https://x.example/reviews/dune/"))
    finally:
        ours.close("finished")
        peer.close("finished")
