"""A review site on 127.0.0.1 whose pages fail in every way a server can.

``/f/`` lists good reviews and one page per fault; each fault path behaves
the same on every request except ``busy`` (429 with ``Retry-After`` once,
then the page). Started in a thread of the test process, on port 0.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from tests.identity.sites import Page, prose

GOOD = [f"ok-{n}" for n in range(1, 6)]
#: fault path -> the download_failed/<reason> counter it must raise
FAULTS = {
    "error500": "http_500",
    "missing": "http_404",
    "slow": "timeout",
    "reset": "connection_lost",
    "truncated": "truncated",
    "loop": "redirect_loop",
    "huge": "too_large",
    "huge-streamed": "too_large",
}
#: Good in the end: answers 429 with Retry-After first.
RECOVERS = ["busy"]
#: Never requested: a redirect to another host, a page robots.txt disallows.
FORBIDDEN = ["offsite", "private"]
ROBOTS = b"User-agent: *\nDisallow: /f/reviews/private/\n"
SIZE_LIMIT = 200_000
SLOW_SECONDS = 5.0


def review_html(name: str, seed: int) -> bytes:
    title = name.replace("-", " ").title()
    page = Page(f"/f/reviews/{name}/", f"{title} review", title, year=2022, body=prose(seed))
    return page.html().encode()


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: ClassVar[Counter[str]] = Counter()
    hosts: ClassVar[set[str]] = set()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        FaultHandler.hits[path] += 1
        FaultHandler.hosts.add(self.headers.get("Host", "").split(":")[0])
        if path == "/robots.txt":
            return self.send(200, ROBOTS)
        if path == "/f/":
            links = "".join(
                f'<a href="/f/reviews/{name}/">{name}</a>'
                for name in [*GOOD, *FAULTS, *RECOVERS, *FORBIDDEN]
            )
            return self.send(200, f"<html><body>{links}</body></html>".encode())
        name = path.removeprefix("/f/reviews/").strip("/")
        if name in GOOD:
            return self.send(200, review_html(name, 40 + GOOD.index(name)))
        handler = getattr(self, "fault_" + name.replace("-", "_"), None)
        if handler is None:
            return self.send(404, b"not found")
        handler()
        return None

    def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def fault_error500(self) -> None:
        self.send(500, b"<h1>Internal Server Error</h1>")

    def fault_missing(self) -> None:
        self.send(404, b"<h1>Not Found</h1>")

    def fault_slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        # The client timed out and hung up long ago, as it should.
        with suppress(OSError):
            self.send(200, review_html("slow", 60))
        self.close_connection = True

    def fault_reset(self) -> None:
        # SO_LINGER 0: close() sends a TCP reset instead of a clean close.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def fault_truncated(self) -> None:
        body = review_html("truncated", 61)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) * 3))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def fault_loop(self) -> None:
        self.send(302, b"", {"Location": "/f/reviews/loop-back/"})

    def fault_loop_back(self) -> None:
        self.send(302, b"", {"Location": "/f/reviews/loop/"})

    def fault_huge(self) -> None:
        body = review_html("huge", 62)
        self.send(200, body + b"<!--" + b"x" * SIZE_LIMIT * 2 + b"-->")

    def fault_huge_streamed(self) -> None:
        # No Content-Length: the size shows only while the body arrives.
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(review_html("huge-streamed", 63))
            for _ in range(40):
                self.wfile.write(b"<!--" + b"y" * 20_000 + b"-->")
        except OSError:
            pass  # the client hung up at its size limit, as it should
        self.close_connection = True

    def fault_offsite(self) -> None:
        port = self.headers.get("Host", "").rsplit(":", 1)[-1]
        self.send(302, b"", {"Location": f"http://localhost:{port}/f/reviews/ok-1/?via=offsite"})

    def fault_private(self) -> None:
        self.send(200, review_html("private", 65))

    def fault_busy(self) -> None:
        if FaultHandler.hits["/f/reviews/busy/"] == 1:
            return self.send(429, b"slow down", {"Retry-After": "1"})
        return self.send(200, review_html("busy", 64))


@contextmanager
def fault_server() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/``) of the faulty site while the block runs."""
    FaultHandler.hits.clear()
    FaultHandler.hosts.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FaultHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
