"""Time :func:`aggregator.extraction.extract` per page, and per layer.

``python -m benchmarks.extraction [CORPUS_DIR] [--repeat N]`` runs extraction
N times over the corpus pages and the demo sites' saved pages, then prints the
median and 95th percentile per page and the share of time each layer takes.
The first pass is a warm-up (imports, lazily built tables) and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from aggregator.extraction import extract
from tools.evaluate import REPO_ROOT, corpus_dir, percentile

DEMO_SITES = REPO_ROOT / "demo" / "sites"


def pages(corpus: Path) -> list[tuple[str, bytes]]:
    """(URL, body) for every corpus page and demo page found."""
    found = [
        (f"https://corpus.example/{path.stem}/", path.read_bytes())
        for path in sorted((corpus / "pages").glob("*.html"))
    ]
    found += [
        (f"https://demo.example/{path.relative_to(DEMO_SITES).as_posix()}", path.read_bytes())
        for path in sorted(DEMO_SITES.rglob("*.html"))
    ]
    return found


def run(documents: Sequence[tuple[str, bytes]], repeat: int) -> dict[str, float]:
    per_page: list[float] = []
    layers: dict[str, float] = defaultdict(float)
    for url, body in documents:  # warm-up
        extract(url, body)
    for _ in range(repeat):
        for url, body in documents:
            timings: dict[str, float] = {}
            start = time.perf_counter()
            extract(url, body, timings=timings)
            per_page.append(time.perf_counter() - start)
            for name, seconds in timings.items():
                layers[name] += seconds
    total = sum(per_page) or 1.0
    print(f"{len(documents)} pages x {repeat}")
    print(
        f"per page: median {statistics.median(per_page) * 1000:.1f} ms,"
        f" p95 {percentile(per_page, 0.95) * 1000:.1f} ms"
    )
    for name, seconds in sorted(layers.items(), key=lambda item: -item[1]):
        print(f"  {name:<12} {seconds / total:6.1%}")
    return {
        "pages": len(documents),
        "median_ms": statistics.median(per_page) * 1000,
        "p95_ms": percentile(per_page, 0.95) * 1000,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__)
    parser.add_argument("corpus", nargs="?", help="corpus directory")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (default 5)")
    args = parser.parse_args(argv)
    documents = pages(corpus_dir(args.corpus))
    if not documents:
        print("error: no pages found (corpus or demo/sites)", file=sys.stderr)
        return 2
    run(documents, max(1, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
