"""A review site on 127.0.0.1 that counts requests and answers conditional ones.

Pages are held in memory and may change between crawls; every response
carries an ETag (a hash of the body) and a Last-Modified, and a request whose
``If-None-Match`` matches gets a 304, as a well-behaved web server does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.identity.sites import Page, prose

LAST_MODIFIED = "Mon, 02 May 2022 10:00:00 GMT"


class SiteServer:
    def __init__(self, delay: float = 0.0, status: int = 200) -> None:
        self.pages: dict[str, bytes] = {}
        #: (path, If-None-Match header, status answered) per request, in order.
        self.requests: list[tuple[str, str | None, int]] = []
        self.delay = delay
        #: Status of every answer (500 to make the site fail).
        self.status = status
        #: Cleared, every answer waits until it is set again (a crawl that lasts).
        self.gate = threading.Event()
        self.gate.set()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _, _ in self.requests]

    def answered(self, status: int) -> list[str]:
        with self.lock:
            return [path for path, _, code in self.requests if code == status]

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()

    def site_file(self, folder: Path, name: str = "watch", settings: str = "") -> Path:
        """A site file for this site; ``settings``: more ``[sites.settings]`` lines."""
        path = folder / "sites.toml"
        path.write_text(
            f'[[sites]]\nname = "{name}"\nstart_urls = ["{self.base_url}/reviews/"]\n'
            "review_urls = ['/reviews/[a-z0-9-]+/$']\n"
            f"[sites.settings]\nDOWNLOAD_DELAY = 0\nAUTOTHROTTLE_ENABLED = false\n{settings}",
            encoding="utf-8",
        )
        return path


def review_site(server: SiteServer, count: int = 6, broken: bool = False, seed: int = 0) -> None:
    """``count`` reviews and their listing; ``broken`` drops the structured data
    (as a redesign that lost its JSON-LD does), so scores and authors vanish."""
    slugs = [f"film-{n}" for n in range(count)]
    for n, slug in enumerate(slugs):
        page = Page(
            f"/reviews/{slug}/", f"Film {n} review: a night to remember", f"Film {n}",
            year=2020 + n % 3, author=f"Critic {n}", body=prose(seed * 100 + n),
        )  # fmt: skip
        html = page.html()
        if broken:
            start = html.index("<script type='application/ld+json'>")
            html = html[:start] + html[html.index("</script>", start) + 9 :]
        server.pages[f"/reviews/{slug}/"] = html.encode()
    links = "".join(f'<li><a href="/reviews/{slug}/">{slug}</a></li>' for slug in slugs)
    server.pages["/reviews/"] = f"<html><body><ul>{links}</ul></body></html>".encode()


def _handler(site: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.pages.get(self.path)
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"' if body is not None else None
            wanted = self.headers.get("If-None-Match")
            if body is None:
                status = 404
            elif site.status != 200:
                status = site.status
            elif etag is not None and wanted == etag:
                status = 304
            else:
                status = 200
            with site.lock:
                site.requests.append((self.path, wanted, status))
            time.sleep(site.delay)
            site.gate.wait(timeout=120)
            self.send_response(status)
            if status == 200 and body is not None:
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("ETag", str(etag))
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    return Handler
