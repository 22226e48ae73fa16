"""Serve a generated site from its own process: nginx when installed, else Python.

    python -m benchmarks.server ROOT      # the threaded Python server on a free port

The server runs in a separate process so that serving pages never competes
with the crawler for its interpreter lock; nginx, when present, is the faster
of the two and closer to what a crawler meets on the web.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from demo.server import make_server, serve_until_interrupted

NGINX_CONF = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  types {{ text/html html; text/plain txt; text/css css; image/svg+xml svg; }}
  default_type application/octet-stream;
  charset utf-8;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html;
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(root: Path, *, prefer_nginx: bool = True) -> Iterator[tuple[str, str]]:
    """Serve ``root``; yields (base URL without a trailing slash, server name)."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        if nginx and prefer_nginx:
            port = free_port()
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root.resolve()))
            command = [nginx, "-c", str(conf), "-p", tmp, "-e", f"{tmp}/error.log"]
            process: subprocess.Popen[str] = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, text=True
            )
            name = "nginx"
            base = f"http://127.0.0.1:{port}"
        else:
            command = [sys.executable, "-m", "benchmarks.server", str(root)]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            assert process.stdout is not None
            base = process.stdout.readline().strip().rstrip("/")
            name = "python (threaded)"
        try:
            _wait_until_up(base, process)
            yield base, name
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


def _wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=1):
                return
        except urllib.error.HTTPError as exc:
            # Up, but refusing: nginx's workers may not read a folder private to its owner.
            raise RuntimeError(f"the server at {base} answers {exc.code} for robots.txt") from exc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server at {base} did not answer")


def main(argv: list[str] | None = None) -> int:
    root = Path((argv if argv is not None else sys.argv[1:])[0])
    server, base_url = make_server(root=root)
    print(base_url, flush=True)
    serve_until_interrupted(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
