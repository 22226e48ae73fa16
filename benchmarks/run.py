"""``make bench``: every benchmark, in one process, one after the other.

Figures are for comparison within one run on one machine (ratios), not
absolute promises: the machine may be shared and noisy.

    python -m benchmarks.run [CORPUS_DIR]
"""

from __future__ import annotations

import sys

from benchmarks import extraction, normalize, storage


def main(argv: list[str]) -> int:
    print("== Extraction (per page, per layer) ==")
    status = extraction.main(argv[:1])
    print("\n== Normalisation (item loaders) ==")
    normalize.main([])
    print("\n== Storage (SQLite; --database-url for PostgreSQL: python -m benchmarks.storage) ==")
    storage.main([])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
