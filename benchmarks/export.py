"""Seconds, reviews per second and peak memory of ``scrapy export`` on a large store.

    python -m benchmarks.export [--reviews 100000]

A scratch SQLite database gets a few hundred synthetic reviews through the
store (identity, works, critics, bands: every table an export reads), which
are then copied set-based in SQL, each copy with its own URLs and keys, up to
the wanted count: the store computes a MinHash signature per review, too slow
to build a large database review by review. The export then runs as a child
process and is measured on its own.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, Table, func, insert, literal, select

from aggregator.db.engine import make_engine, upgrade_to_head
from aggregator.db.models import Review, ReviewCritic
from aggregator.db.store import ReviewStore
from benchmarks.measure import measure
from benchmarks.storage import BATCH, synthetic

#: Reviews written through the store before copying.
SEED_REVIEWS = 400
#: Review columns that must differ between copies (unique), suffixed per copy.
UNIQUE_TEXT = ("public_id", "canonical_url", "url", "text_key")


@dataclass(frozen=True)
class ExportFigures:
    reviews: int
    seconds: float
    reviews_per_s: float
    peak_rss_mb: float
    fill_seconds: float
    #: CPU time of the export, start-up included: on a busy machine it says
    #: more than the seconds, which count the waits for a core too.
    cpu_seconds: float


def fill(engine: Engine, count: int) -> int:
    """Write seed reviews through the store, then copy them up to ``count``."""
    store = ReviewStore(engine)
    seed = synthetic(min(count, SEED_REVIEWS))
    for offset in range(0, len(seed), BATCH):
        store.write(seed[offset : offset + BATCH], crawl_run_id=None)
    with engine.begin() as connection:
        last = connection.scalar(select(func.max(Review.id))) or 0
        stored = connection.scalar(select(func.count()).select_from(Review)) or 0
        for copy in range(1, -(-count // max(stored, 1))):
            _copy_once(connection, last, copy)
        return int(connection.scalar(select(func.count()).select_from(Review)) or 0)


def _copy_once(connection: Connection, last: int, copy: int) -> None:
    table = cast(Table, Review.__table__)
    offset = literal(last * copy)
    suffix = literal(f"~{copy}")
    columns = [c for c in table.columns]
    values = [
        c + offset if c.name == "id" else (c + suffix if c.name in UNIQUE_TEXT else c)
        for c in columns
    ]
    source = select(*values).where(table.c.id <= last)
    connection.execute(insert(table).from_select([c.name for c in columns], source))
    links = cast(Table, ReviewCritic.__table__)
    source = select(links.c.review_id + offset, links.c.critic_id).where(links.c.review_id <= last)
    connection.execute(insert(links).from_select(["review_id", "critic_id"], source))


def run(count: int, folder: Path) -> ExportFigures:
    url = f"sqlite:///{folder / 'export.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    start = time.perf_counter()
    stored = fill(engine, count)
    filled = time.perf_counter() - start
    engine.dispose()
    command = [sys.executable, "-m", "scrapy", "export", "--out", str(folder / "out")]
    command += ["-s", f"DATABASE_URL={url}", "-s", "LOG_LEVEL=WARNING"]
    done = measure(command, folder / "export.log")
    if done.returncode:
        raise RuntimeError(f"scrapy export failed; see {folder / 'export.log'}")
    return ExportFigures(
        stored, done.seconds, stored / done.seconds, done.peak_rss_mb, filled, done.cpu_seconds
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export", description=__doc__)
    parser.add_argument("--reviews", type=int, default=100_000)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        figures = run(options.reviews, Path(folder))
    print(
        f"Export of {figures.reviews} reviews: {figures.seconds:.1f} s "
        f"({figures.cpu_seconds:.1f} s CPU), {figures.reviews_per_s:.0f} reviews/s, "
        f"peak RSS {figures.peak_rss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
