"""The demo sites, served by ``demo/server.py`` in a subprocess on a free port."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The address the shipped ``sites.toml`` points the demo sites at.
DEMO_PORT_IN_SITE_FILE = "127.0.0.1:8765"


@contextmanager
def demo_server() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/``) of the demo sites while the block runs."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "demo" / "server.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        assert line.startswith("Serving demo sites at "), line
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def demo_site_file(folder: Path, base_url: str) -> Path:
    """The shipped site file, pointed at the demo server at ``base_url``."""
    host = base_url.removeprefix("http://").rstrip("/")
    content = (ROOT / "sites.toml").read_text(encoding="utf-8")
    path = folder / "sites.toml"
    path.write_text(content.replace(DEMO_PORT_IN_SITE_FILE, host), encoding="utf-8")
    return path
