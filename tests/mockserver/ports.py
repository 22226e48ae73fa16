"""An address nothing listens on, for "cannot connect" tests.

A fixed port (1, 9) may be open on some machine; a port this process bound
and closed again was free a moment ago and is not handed out again at once
(the kernel picks ephemeral ports in turn).
"""

from __future__ import annotations

import socket


def refused_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and is closed now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
