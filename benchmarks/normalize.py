"""Items per second through the item loaders (normalisation only) on the demo pages.

Extraction runs once per page outside the timing; the loaders then normalise
the same candidates repeatedly, which is what ``scrapy renormalize`` and the
spider pay per item on top of extraction.

    python -m benchmarks.normalize [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from aggregator.extraction import extract
from aggregator.loaders import forget, load_review
from aggregator.review import loader_context
from aggregator.sites import load_sites

ROOT = Path(__file__).resolve().parents[1]


def demo_pages() -> list[tuple[str, bytes, str]]:
    """(url, body, site name) of every demo page that is a review."""
    sites = ROOT / "demo" / "sites"
    pages = []
    for path in sorted(sites.rglob("*.html")):
        relative = "/" + str(path.relative_to(sites)).removesuffix("index.html")
        site = relative.split("/")[1]
        if "/reviews/" in relative or relative.count("/") >= 5:
            pages.append((f"http://127.0.0.1:8765{relative}", path.read_bytes(), site))
    return pages


def run(rounds: int) -> dict[str, float]:
    sites = load_sites(ROOT / "sites.toml")
    now = datetime.now(UTC)
    prepared = []
    extract_times = []
    for url, body, name in demo_pages():
        site = sites.sites.get(name)
        start = time.perf_counter()
        extraction = extract(url, body, site)
        extract_times.append(time.perf_counter() - start)
        prepared.append((extraction.candidates, loader_context(url, site, now)))
    per_item = []
    for _ in range(rounds):
        # The normalisers remember values; a crawl sees each page once, so each
        # round starts as a crawl would, not with every value already read.
        forget()
        for candidates, context in prepared:
            start = time.perf_counter()
            load_review(candidates, context)
            per_item.append(time.perf_counter() - start)
    return {
        "pages": len(prepared),
        "normalise_ms_median": statistics.median(per_item) * 1000,
        "normalise_items_per_s": len(per_item) / sum(per_item),
        "extract_ms_median": statistics.median(extract_times) * 1000,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.normalize", description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    result = run(parser.parse_args(argv).rounds)
    print(f"Normalisation on {result['pages']:.0f} demo pages:")
    print(
        f"  loaders: {result['normalise_items_per_s']:.0f} items/s, "
        f"median {result['normalise_ms_median']:.2f} ms per item"
    )
    print(f"  extraction (for comparison): median {result['extract_ms_median']:.1f} ms per page")
    ratio = result["normalise_ms_median"] / result["extract_ms_median"]
    print(f"  normalisation / extraction time: {ratio:.2f}")


if __name__ == "__main__":
    main()
