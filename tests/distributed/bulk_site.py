"""A site of many review pages served from memory, counting every request.

Listing pages ``/reviews/page/N/`` link to the next listing and to
``PER_PAGE`` review pages ``/reviews/rK/``; each review has its own text, so
no two are copies of each other.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.identity.sites import prose

PER_PAGE = 25
#: Seconds a review page waits for the workers a test expects (``BulkSite``).
WAIT_LIMIT = 30


def review_page(number: int) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": f"Film {number} review",
        "author": {"@type": "Person", "name": f"Critic {number % 7}"},
        "datePublished": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "itemReviewed": {"@type": "Movie", "name": f"Film {number}"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1 + number % 5, "bestRating": 5},
    }
    paragraphs = "".join(f"<p>{p}</p>" for p in prose(10_000 + number).split("\n\n"))
    return (
        f"<html><head><title>Film {number} review</title>"
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><article><h1>Film {number} review</h1>{paragraphs}</article></body></html>"
    )


def listing_page(page: int, reviews: int) -> str:
    first = (page - 1) * PER_PAGE
    links = "".join(
        f'<li><a href="/reviews/r{n}/">Film {n}</a></li>'
        for n in range(first, min(first + PER_PAGE, reviews))
    )
    more = f'<a href="/reviews/page/{page + 1}/">older</a>' if first + PER_PAGE < reviews else ""
    return f"<html><body><h1>Reviews</h1><ul>{links}</ul>{more}</body></html>"


class BulkSite(ThreadingHTTPServer):
    """``reviews`` review pages; ``requests`` counts (path, User-Agent) pairs.

    With ``wait_for_agents``, review pages are held back until that many
    User-Agents (one per worker) have asked for something, at most
    ``WAIT_LIMIT`` seconds: the crawl is over in a few seconds, and a test of
    how workers share it must not measure which of them started first.
    """

    daemon_threads = True

    def __init__(self, reviews: int, wait_for_agents: int = 0, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reviews = reviews
        self.requests: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.wait_for_agents = wait_for_agents
        #: Seconds each review page takes, as on a real server. With none, the
        #: worker that fetched a listing takes its pages before an idle peer next
        #: looks at the queue (``REDIS_IDLE_POLL``), and one worker can do most of
        #: the crawl; with some, each worker's download slots fill and the queue
        #: waits for whichever has room, as on a real site.
        self.latency = latency
        self.agents_joined = threading.Event()
        if wait_for_agents <= 0:
            self.agents_joined.set()

    def count(self, path: str, agent: str) -> None:
        with self.lock:
            self.requests[(path, agent)] += 1
            if len({seen for _, seen in self.requests}) >= self.wait_for_agents:
                self.agents_joined.set()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def page(self, path: str) -> str | None:
        parts = path.strip("/").split("/")
        if parts[:1] != ["reviews"]:
            return None
        if len(parts) == 1:
            return listing_page(1, self.reviews)
        if len(parts) == 3 and parts[1] == "page" and parts[2].isdigit():
            return listing_page(int(parts[2]), self.reviews)
        if len(parts) == 2 and parts[1][1:].isdigit() and int(parts[1][1:]) < self.reviews:
            return review_page(int(parts[1][1:]))
        return None

    def review_fetches(self) -> Counter[str]:
        """How often each review page was fetched, by anyone."""
        counts: Counter[str] = Counter()
        for (path, _), n in self.requests.items():
            if path.startswith("/reviews/r"):
                counts[path] += n
        return counts

    def fetches_by(self) -> Counter[str]:
        """Review pages fetched per User-Agent (one per worker)."""
        counts: Counter[str] = Counter()
        for (path, agent), n in self.requests.items():
            if path.startswith("/reviews/r"):
                counts[agent] += n
        return counts


class _Handler(BaseHTTPRequestHandler):
    server: BulkSite

    def do_GET(self) -> None:
        self.server.count(self.path, self.headers.get("User-Agent", ""))
        if self.path.startswith("/reviews/r"):
            self.server.agents_joined.wait(WAIT_LIMIT)
            time.sleep(self.server.latency)
        body = self.server.page(self.path)
        self.send_response(200 if body is not None else 404)
        payload = (body or "not found").encode()
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def site_file(base_url: str) -> str:
    return f"""
[[sites]]
name = "bulk"
publication = "Bulk Reviews"
start_urls = ["{base_url}/reviews/"]
review_urls = ['/reviews/r\\d+/$']
follow_urls = ['/reviews/page/\\d+/$']
work_type = "movie"
[sites.settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
CONCURRENT_REQUESTS_PER_DOMAIN = 8
"""
