"""``scrapy queue status|clear|resume``: what a killed shared crawl left in Redis."""

from __future__ import annotations

import json
from pathlib import Path

import redis

from aggregator.distributed.crawl import CrawlKeys, SharedCrawl
from tests.conftest import run_scrapy
from tests.distributed.bulk_site import site_file
from tests.mockserver.ports import refused_port


def queue(sites: Path, *args: str, redis_url: str | None, prefix: str = "x") -> tuple[int, str]:
    env = {"AGGREGATOR_SITES": str(sites), "REDIS_URL": redis_url or ""}
    result = run_scrapy("queue", *args, "-s", f"REDIS_KEY_PREFIX={prefix}", env=env, timeout=60)
    return result.returncode, result.stdout + result.stderr


def test_status_and_clear_of_a_left_crawl(tmp_path: Path, redis_url: str, key_prefix: str) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(site_file("http://127.0.0.1:9"), encoding="utf-8")
    crawl = SharedCrawl(redis.Redis.from_url(redis_url), CrawlKeys(key_prefix, "bulk"), 30)
    crawl.begin("host:123")
    crawl.server.zadd(crawl.keys.requests, {b"a": 0, b"b": 0})
    crawl.server.sadd(crawl.keys.seen, "fp1", "fp2", "fp3")

    status, output = queue(sites, "status", "--json", redis_url=redis_url, prefix=key_prefix)
    assert status == 0, output
    [shown] = json.loads(output)
    assert shown["site"] == "bulk"
    assert shown["running"]
    assert (shown["pending"], shown["seen"]) == (2, 3)
    assert shown["started"]["worker"] == "host:123"

    status, output = queue(sites, "clear", "--site", "bulk", redis_url=redis_url, prefix=key_prefix)
    assert (status, output.strip()) == (0, "bulk: cleared")
    assert not crawl.status().running
    status, output = queue(sites, "resume", redis_url=redis_url, prefix=key_prefix)
    assert (status, output.strip()) == (0, "no shared crawl is under way; nothing to resume")


def test_user_mistakes_are_one_line(tmp_path: Path, redis_url: str) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(site_file("http://127.0.0.1:9"), encoding="utf-8")
    for args, url, message in [
        (("status",), None, "error: REDIS_URL is not set"),
        (("frob",), redis_url, "error: say one of: status, clear, resume"),
        (("status", "--site", "nope"), redis_url, "no site named 'nope'"),
        (("status",), f"redis://127.0.0.1:{refused_port()}/0", "error: cannot reach Redis"),
    ]:
        status, output = queue(sites, *args, redis_url=url)
        assert status == 2, output
        assert message in output
        assert "Traceback" not in output
