"""Time a command and read its peak memory, apart from every other command.

    python -m benchmarks.measure LOG_FILE -- COMMAND ...

Prints one line of JSON: seconds, CPU seconds, peak RSS in MB (``RUSAGE_CHILDREN`` of this
wrapper, so only the measured command and its own children count), exit
status and the command's last line of standard output. The command's
standard error goes to LOG_FILE.

The CPU time includes every process the command started, extraction workers
too: they are children of multiprocessing's fork server, which the crawl
leaves behind when it exits. On Linux this wrapper makes itself their
"subreaper", so that such orphans are handed to it and reaped here, and their
CPU time is counted.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    last_line: str


def measure(command: list[str], log: Path, cwd: Path | None = None) -> Measured:
    """Run ``command`` under the wrapper in a fresh process; its figures."""
    wrapper = [sys.executable, "-m", "benchmarks.measure", str(log), "--", *command]
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(wrapper, capture_output=True, text=True, cwd=cwd or root, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(**figures)


#: prctl(2) option that makes orphaned descendants children of the caller.
PR_SET_CHILD_SUBREAPER = 36
#: How long to wait for orphans (a fork server and its workers) to exit.
ORPHAN_WAIT_SECONDS = 30.0


def become_subreaper() -> bool:
    """Adopt the command's orphaned descendants (Linux only); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def reap_orphans(deadline: float) -> None:
    """Wait for every adopted descendant, so that its CPU time is counted."""
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    log, command = Path(args[0]), args[args.index("--") + 1 :]
    adopting = become_subreaper()
    with log.open("w") as err:
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=err, text=True)
        seconds = time.perf_counter() - start
    if adopting:
        reap_orphans(time.monotonic() + ORPHAN_WAIT_SECONDS)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    lines = done.stdout.strip().splitlines()
    figures = {
        "seconds": seconds,
        # CPU time says what a page costs even when other work shares the machine.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": peak,
        "returncode": done.returncode,
        "last_line": lines[-1] if lines else "",
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
