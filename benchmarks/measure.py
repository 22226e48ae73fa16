"""Time a command and read its peak memory, apart from every other command.

    python -m benchmarks.measure LOG_FILE -- COMMAND ...

Prints one line of JSON: seconds, CPU seconds, the CPU seconds of the command's
own process, peak RSS in MB (``RUSAGE_CHILDREN`` of this wrapper, so only the
measured command and its own children count), exit status and the command's
last line of standard output. The command's
standard error goes to LOG_FILE.

The CPU time includes every process the command started, extraction workers
too: they are children of multiprocessing's fork server, which the crawl
leaves behind when it exits. On Linux this wrapper makes itself their
"subreaper", so that such orphans are handed to it and reaped here, and their
CPU time is counted. The command's own CPU time (``wait4`` of the command
alone) leaves them out: a crawl's process is single-threaded, so its share
of a page caps the whole crawl, however many workers extract beside it.
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
    #: The command's process alone, and whichever children it waited for itself
    #: (not a fork server's workers, which outlive it).
    own_cpu_seconds: float
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


def _own_usage(process: subprocess.Popen[str]) -> tuple[int, float]:
    """The exit status and CPU seconds of ``process`` alone, reaping it.

    ``wait4`` reaps it (instead of ``Popen.wait``) and gives its own resource
    usage, which ``RUSAGE_CHILDREN`` sums with every other child's.
    """
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    log, command = Path(args[0]), args[args.index("--") + 1 :]
    adopting = become_subreaper()
    with log.open("w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True)
        assert process.stdout is not None
        with process.stdout:  # read till the command exits; stderr goes to the log
            stdout = process.stdout.read()
        seconds = time.perf_counter() - start
    returncode, own = _own_usage(process)
    if adopting:
        reap_orphans(time.monotonic() + ORPHAN_WAIT_SECONDS)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    lines = stdout.strip().splitlines()
    figures = {
        "seconds": seconds,
        # CPU time says what a page costs even when other work shares the machine.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "own_cpu_seconds": own,
        "peak_rss_mb": peak,
        "returncode": returncode,
        "last_line": lines[-1] if lines else "",
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
