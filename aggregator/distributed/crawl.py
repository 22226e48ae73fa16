"""The state of one site's shared crawl in Redis: queue, seen-set, start marker, workers.

Keys, for a site ``S`` under the prefix ``P`` (``REDIS_KEY_PREFIX``):

- ``P:S:requests``: the request queue (a scrapy-redis priority queue, a sorted set);
- ``P:S:seen``: request fingerprints already scheduled (the shared seen-set);
- ``P:S:crawl``: present while a crawl is under way; the first worker creates it,
  clearing what a finished crawl left, and later workers join;
- ``P:S:worker:ID``: ``busy`` or ``idle`` for each live worker, expiring when a
  worker stops refreshing it (a killed worker stops counting after the TTL).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis

#: This process, as other workers see it.
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of one site's shared crawl.

    >>> CrawlKeys("aggregator", "blog").requests
    'aggregator:blog:requests'
    """

    prefix: str
    site: str

    def _key(self, part: str) -> str:
        return f"{self.prefix}:{self.site}:{part}"

    @property
    def requests(self) -> str:
        return self._key("requests")

    @property
    def seen(self) -> str:
        return self._key("seen")

    @property
    def marker(self) -> str:
        return self._key("crawl")

    def worker(self, worker_id: str) -> str:
        return self._key(f"worker:{worker_id}")


@dataclass
class CrawlStatus:
    """What ``scrapy queue status`` shows for one site."""

    site: str
    running: bool
    started: dict[str, Any]
    pending: int
    seen: int
    workers: dict[str, str]


class SharedCrawl:
    """One site's crawl as every worker sees it."""

    def __init__(self, server: redis.Redis, keys: CrawlKeys, worker_ttl: int) -> None:
        self.server = server
        self.keys = keys
        self.worker_ttl = worker_ttl

    def begin(self, worker_id: str = WORKER_ID) -> bool:
        """Start a crawl, or join the one under way: True when this worker started it.

        The starter clears the queue and seen-set a finished or cleared crawl
        may have left; a joining worker's start requests then fall to the
        shared seen-set, so start URLs are scheduled once per crawl.
        """
        started = {"worker": worker_id, "at": datetime.now(UTC).isoformat(timespec="seconds")}
        if not self.server.set(self.keys.marker, json.dumps(started), nx=True):
            return False
        self.server.delete(self.keys.requests, self.keys.seen)
        return True

    def mark(self, state: str, worker_id: str = WORKER_ID) -> None:
        """Record this worker as ``busy`` or ``idle`` for the next ``worker_ttl`` seconds."""
        self.server.set(self.keys.worker(worker_id), state, ex=self.worker_ttl)

    def leave(self, worker_id: str = WORKER_ID) -> None:
        self.server.delete(self.keys.worker(worker_id))

    def workers(self) -> dict[str, str]:
        """Live workers and their state."""
        prefix = self.keys.worker("")
        names = sorted(self.server.scan_iter(match=prefix + "*", count=100))
        states = self.server.mget(names) if names else []
        return {
            _text(name).removeprefix(prefix): _text(state)
            for name, state in zip(names, states, strict=True)
            if state is not None
        }

    def busy_peers(self, worker_id: str = WORKER_ID) -> list[str]:
        """Other workers that may still add requests to the queue."""
        workers = self.workers().items()
        return [name for name, state in workers if name != worker_id and state == "busy"]

    def pending(self) -> int:
        return int(self.server.zcard(self.keys.requests))

    def finish(self) -> None:
        """The crawl is over: the next worker starts a new one from the start URLs."""
        self.server.delete(self.keys.marker, self.keys.seen, self.keys.requests)

    def clear(self) -> None:
        """Forget the crawl entirely (``scrapy queue clear``), workers included."""
        workers = list(self.server.scan_iter(match=self.keys.worker("*"), count=100))
        self.server.delete(self.keys.marker, self.keys.seen, self.keys.requests, *workers)

    def status(self) -> CrawlStatus:
        raw = self.server.get(self.keys.marker)
        return CrawlStatus(
            site=self.keys.site,
            running=raw is not None,
            started=json.loads(raw) if raw else {},
            pending=self.pending(),
            seen=int(self.server.scard(self.keys.seen)),
            workers=self.workers(),
        )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
