"""Reviews per second through the store (identity checks, upserts, bands, credits).

    python -m benchmarks.storage [--reviews N] [--database-url URL]

Writes N synthetic reviews (distinct texts, 200 works, shared credits) in
batches of ``DB_BATCH_SIZE`` into a fresh SQLite file (or the given database,
which should be empty), then writes them again (the nightly re-crawl case).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from aggregator.db.engine import make_engine, upgrade_to_head
from aggregator.db.store import ReviewStore
from aggregator.items import ReviewItem
from aggregator.normalize import Score
from aggregator.similarity import text_digest

#: A vocabulary the size of a review's: real texts rarely share 5-word runs.
_RNG = random.Random(3)
WORDS = ["".join(_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(3000)]
BATCH = 100


def synthetic(count: int) -> list[ReviewItem]:
    rng = random.Random(7)
    items = []
    for n in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(250))
        items.append(
            ReviewItem(
                url=f"https://critic{n % 5}.example/reviews/{n}/",
                canonical_url=f"https://critic{n % 5}.example/reviews/{n}",
                site=f"critic{n % 5}",
                page_type="review",
                headline=f"Review {n}",
                authors=[f"Critic {n % 40}"],
                work_type="movie",
                work_title=f"Film {n % 200}",
                work_year=2000 + n % 200 % 20,
                score=Score(f"{n % 5}/5", n % 5 * 20.0, 5.0),
                cast=[f"Actor {n % 200}", f"Actor {(n + 1) % 200}"],
                directors=[f"Director {n % 200}"],
                body_text=body,
                body_digest=text_digest(body),
            )
        )
    return items


def timed_writes(store: ReviewStore, items: list[ReviewItem]) -> float:
    start = time.perf_counter()
    for offset in range(0, len(items), BATCH):
        store.write(items[offset : offset + BATCH], crawl_run_id=None)
    return time.perf_counter() - start


def run(count: int, database_url: str | None = None) -> tuple[str, float, float]:
    """(dialect, new reviews/s, unchanged reviews/s); a temporary SQLite file by default."""
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade_to_head(engine)
        items = synthetic(count)
        store = ReviewStore(engine)
        first = timed_writes(store, items)
        again = timed_writes(store, items)
        engine.dispose()
    return engine.dialect.name, count / first, count / again


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storage", description=__doc__)
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--database-url")
    options = parser.parse_args(argv)
    dialect, first, again = run(options.reviews, options.database_url)
    print(f"Storage ({dialect}, {options.reviews} reviews, batches of {BATCH}):")
    print(f"  first crawl: {first:.0f} reviews/s")
    print(f"  re-crawl, unchanged: {again:.0f} reviews/s")


if __name__ == "__main__":
    main()
