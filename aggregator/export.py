"""Exports: JSON files built from the database, written atomically.

``reviews.jsonl`` has one review a line; ``works.json`` one entry per reviewed
work with its reviews. Rows are streamed in a stable order (so an unchanged
database exports byte-identical files) and every file is written to a
temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, select

from aggregator.db.models import Review, Site, Work

#: Rows fetched from the database at a time; keeps memory flat for any size.
CHUNK = 1000


@dataclass
class ExportSummary:
    reviews: int = 0
    works: int = 0
    paths: list[Path] = field(default_factory=list)


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Write to ``path.tmp`` and rename over ``path`` only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def export_all(engine: Engine, out_dir: Path) -> ExportSummary:
    summary = ExportSummary()
    summary.reviews = write_reviews(engine, out_dir / "reviews.jsonl")
    summary.works = write_works(engine, out_dir / "works.json")
    summary.paths = [out_dir / "reviews.jsonl", out_dir / "works.json"]
    return summary


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(", ", ": "))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


_REVIEW_QUERY = (
    select(Review, Site.name, Work.public_id)
    .join(Site, Review.site_id == Site.id)
    .outerjoin(Work, Review.work_id == Work.id)
)


def review_record(review: Review, site: str, work_id: str | None) -> dict[str, Any]:
    """A stored review in the documented review shape (the ``reviews.jsonl`` line)."""
    score = (
        {"raw": review.score_raw, "value": review.score_value, "best": review.score_best}
        if review.score_value is not None
        else None
    )
    return {
        "id": review.public_id,
        "url": review.url,
        "canonical_url": review.canonical_url,
        "site": site,
        "page_type": review.page_type,
        "headline": review.headline,
        "authors": review.authors,
        "publication": review.publication,
        "published_at": _iso(review.published_at),
        "language": review.language,
        "score": score,
        "work": {
            "id": work_id,
            "type": review.work_type,
            "title": review.work_title,
            "year": review.work_year,
            "runtime_minutes": review.runtime_minutes,
            "content_rating": review.content_rating,
            "cast": review.cast,
            "directors": review.directors,
            "platforms": review.platforms,
            "genres": review.genres,
        },
        "body_text": review.body_text,
        "summary": review.summary,
        "field_sources": review.field_sources,
        "raw": review.raw,
        "fingerprint": review.fingerprint,
        "first_seen_at": _iso(review.first_seen_at),
        "last_seen_at": _iso(review.last_seen_at),
    }


def write_reviews(engine: Engine, path: Path) -> int:
    count = 0
    query = _REVIEW_QUERY.order_by(Review.public_id).execution_options(yield_per=CHUNK)
    with engine.connect() as connection, atomic_writer(path) as out:
        for review, site, work_id in _orm_rows(connection, query):
            out.write(_dumps(review_record(review, site, work_id)) + "\n")
            count += 1
    return count


def _orm_rows(connection: Any, query: Any) -> Iterator[Any]:
    from sqlalchemy.orm import Session

    with Session(bind=connection) as session:
        yield from session.execute(query)


def write_works(engine: Engine, path: Path) -> int:
    """``works.json``: a JSON array, written entry by entry (works ordered by id)."""
    query = (
        select(Work, Review, Site.name)
        .join(Review, Review.work_id == Work.id)
        .join(Site, Review.site_id == Site.id)
        .order_by(Work.public_id, Review.published_at, Review.public_id)
        .execution_options(yield_per=CHUNK)
    )
    count = 0
    with engine.connect() as connection, atomic_writer(path) as out:
        out.write("[")
        for work, reviews in _grouped(_orm_rows(connection, query)):
            out.write(",\n" if count else "\n")
            out.write(_dumps(work_record(work, reviews)))
            count += 1
        out.write("\n]\n" if count else "]\n")
    return count


def _grouped(rows: Iterator[Any]) -> Iterator[tuple[Work, list[tuple[Review, str]]]]:
    current: Work | None = None
    reviews: list[tuple[Review, str]] = []
    for work, review, site in rows:
        if current is not None and work.id != current.id:
            yield current, reviews
            reviews = []
        current = work
        reviews.append((review, site))
    if current is not None:
        yield current, reviews


def work_record(work: Work, reviews: list[tuple[Review, str]]) -> dict[str, Any]:
    return {
        "id": work.public_id,
        "type": work.type,
        "title": work.title,
        "year": work.year,
        "review_count": len(reviews),
        "reviews": [
            {
                "id": review.public_id,
                "url": review.canonical_url,
                "site": site,
                "publication": review.publication,
                "authors": review.authors,
                "published_at": _iso(review.published_at),
                "score": (
                    {"raw": review.score_raw, "value": review.score_value}
                    if review.score_value is not None
                    else None
                ),
            }
            for review, site in reviews
        ],
    }
