"""A small static server for the demo review sites (standard library only).

Run from the repository root::

    python demo/server.py --port 8765 [--host 127.0.0.1] [--verbose]

``--port 0`` binds a free port. On start it prints one line,
``Serving demo sites at http://HOST:PORT/``, and serves ``demo/sites/`` as
the web root until interrupted.

URL mapping:

* ``/reelnotes/2022/05/13/run-sweetheart-run/`` serves that directory's
  ``index.html``; a directory URL without its trailing slash redirects (301).
* A query ``page=N`` on a directory URL serves ``page-N.html`` from that
  directory (``/starcritic/reviews/?page=2`` serves
  ``starcritic/reviews/page-2.html``); ``page=1`` serves ``index.html``.
* Any other query string is ignored (``?utm_source=...`` serves the page itself).
* Anything else that is not a file under ``demo/sites/`` is a 404.

From Python::

    from demo.server import start_server
    server, base_url = start_server()  # daemon thread, free port
    ...
    server.shutdown()
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SITES_DIR = Path(__file__).resolve().parent / "sites"
TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
}
NOT_FOUND = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Not found</title></head>'
    b"<body><h1>404 Not found</h1></body></html>\n"
)


def resolve(root: Path, target: str) -> tuple[Path | None, str | None]:
    """Map a request target to ``(file, None)``, ``(None, redirect)`` or ``(None, None)``."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    candidate = (root / path.lstrip("/")).resolve()
    if candidate != root and root not in candidate.parents:
        return None, None
    if candidate.is_dir():
        if not path.endswith("/"):
            query = f"?{parts.query}" if parts.query else ""
            return None, f"{parts.path}/{query}"
        page = parse_qs(parts.query).get("page", ["1"])[-1]
        name = "index.html" if page == "1" else f"page-{page}.html"
        if not page.isdigit():
            return None, None
        candidate = candidate / name
    return (candidate, None) if candidate.is_file() else (None, None)


class DemoHandler(BaseHTTPRequestHandler):
    """Serves files from the server's ``root`` with the mapping above."""

    server: DemoServer
    server_version = "DemoSites/1.0"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        found, location = resolve(self.server.root, self.path)
        if location is not None:
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", with_body, location)
            return
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, NOT_FOUND, TEXT_TYPES[".html"], with_body)
            return
        ctype = TEXT_TYPES.get(found.suffix) or (
            mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        )
        self._send(HTTPStatus.OK, found.read_bytes(), ctype, with_body)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        ctype: str,
        with_body: bool,
        location: str | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path, verbose: bool = False) -> None:
        super().__init__(address, DemoHandler)
        self.root = root.resolve()
        self.verbose = verbose


def make_server(
    host: str = "127.0.0.1", port: int = 0, root: Path = SITES_DIR, verbose: bool = False
) -> tuple[DemoServer, str]:
    """Bind (without serving yet); returns the server and its base URL with a trailing slash."""
    server = DemoServer((host, port), root, verbose)
    return server, f"http://{host}:{server.server_address[1]}/"


def start_server(
    host: str = "127.0.0.1", port: int = 0, root: Path = SITES_DIR, verbose: bool = False
) -> tuple[DemoServer, str]:
    """Serve in a daemon thread; stop with ``server.shutdown()``, then ``server_close()``."""
    server, base_url = make_server(host, port, root, verbose)
    thread = threading.Thread(target=server.serve_forever, name="demo-sites", daemon=True)
    thread.start()
    return server, base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the demo review sites.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to bind; 0 picks a free one")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        server, base_url = make_server(args.host, args.port, verbose=args.verbose)
    except OSError as exc:
        print(f"error: cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(f"Serving demo sites at {base_url}", flush=True)
    serve_until_interrupted(server)
    return 0


def serve_until_interrupted(server: DemoServer) -> None:
    """Serve in this thread until Ctrl-C or a signal; the socket is closed either way."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
