"""The benchmark wrapper counts the CPU time of every process a command starts."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import measure

POOL_SCRIPT = """
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

def burn(seconds):
    # Spends a fixed amount of CPU time, however fast the machine.
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return seconds

if __name__ == "__main__":
    # Workers of a fork server, as the extraction pool starts them: grandchildren
    # that the command never reaps itself.
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver"))
    print(sum(pool.map(burn, [0.5] * 4)))
    pool.shutdown()
"""


def test_cpu_time_of_fork_server_workers_is_counted(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    done = measure([sys.executable, str(script)], tmp_path / "log.txt")
    assert done.returncode == 0
    # The workers spent 4 x 0.5 s of CPU; the parent itself almost none.
    assert done.cpu_seconds >= 2.0


def test_own_cpu_time_leaves_the_workers_out(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    done = measure([sys.executable, str(script)], tmp_path / "log.txt")
    # The workers' 2 s are the fork server's children's, not the command's own.
    assert done.own_cpu_seconds < done.cpu_seconds - 1.5
    assert done.own_cpu_seconds > 0


def test_exit_status_and_last_line(tmp_path: Path) -> None:
    script = tmp_path / "fail.py"
    script.write_text("import sys\nprint('first')\nprint('last')\nsys.exit(3)\n")
    done = measure([sys.executable, str(script)], tmp_path / "log.txt")
    assert (done.returncode, done.last_line) == (3, "last")
