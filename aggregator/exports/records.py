"""Stored rows in the documented export shapes (see ``schemas/``).

A record is built key by key in a fixed order, so its JSON never changes
unless the data does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Row

from aggregator.exports.aggregate import agreement, most_cited, rounded, score_summary
from aggregator.exports.plaintext import excerpt, plain_json, plain_list, plain_text
from aggregator.exports.times import timestamp
from aggregator.items import declarations


def score(row: Row[Any]) -> dict[str, Any] | None:
    if row.score_value is None:
        return None
    return {
        "raw": plain_text(row.score_raw),
        "value": rounded(row.score_value),
        "best": row.score_best,
    }


def content_rating(value: dict[str, Any] | None, *, raw: bool = True) -> dict[str, Any] | None:
    if not value or not value.get("certificate"):
        return None
    rating = {
        "system": plain_text(value.get("system")),
        "certificate": plain_text(value["certificate"]),
        "reasons": plain_list(value.get("reasons")),
    }
    return rating | {"raw": plain_text(value.get("raw"))} if raw else rating


#: Item fields the database keeps elsewhere: the site by name, the crawl time
#: as the last time the page was fetched (or confirmed unchanged).
_ROW_ATTRIBUTE = {"site": "site_name", "crawled_at": "last_seen_at"}


#: Column value -> JSON value, per value kind (``str`` and ``int`` are kept as they are).
_READERS: dict[str, Callable[[Any], Any]] = {
    "text": plain_text,
    "names": plain_list,
    "time": timestamp,
    "rating": content_rating,
    "map": lambda value: dict(value or {}),
    "raw": lambda value: plain_json(value or {}),
}


def _value(row: Row[Any], name: str, kind: str) -> Any:
    """A stored field in its JSON form, as :func:`aggregator.items.review_to_dict` writes it."""
    if kind == "score":
        return score(row)
    value = getattr(row, _ROW_ATTRIBUTE.get(name, name))
    return _READERS[kind](value) if kind in _READERS else value


def review_record(row: Row[Any], locations: Sequence[Row[Any]] = ()) -> dict[str, Any]:
    """A ``reviews.jsonl`` line: the review in the shape ``scrapy extract`` writes
    (see :func:`aggregator.items.review_to_dict`), with the database's facts: the
    review's and the work's ids, when the review was first and last seen, and the
    other places it was found (:func:`aggregator.exports.queries.locations`)."""
    record: dict[str, Any] = {"id": row.public_id}
    for f in declarations():
        kind, work = f.metadata["kind"], f.metadata["work"]
        if kind == "none":
            continue
        if work:
            nested = record.setdefault("work", {"id": row.work_public_id})
            nested[work] = _value(row, f.name, kind)
        else:
            record[f.name] = _value(row, f.name, kind)
    return record | {
        "first_seen_at": timestamp(row.first_seen_at),
        "last_seen_at": timestamp(row.last_seen_at),
        "updated_at": timestamp(row.updated_at),
        "locations": [location_record(found) for found in locations],
    }


def location_record(row: Row[Any]) -> dict[str, Any]:
    """Another URL where the review was found, and why it is the same review."""
    return {
        "url": row.url,
        "site": row.site_name,
        "reason": row.reason,
        "similarity": row.similarity,
        "first_seen_at": timestamp(row.first_seen_at),
        "last_seen_at": timestamp(row.last_seen_at),
    }


def review_entry(row: Row[Any]) -> dict[str, Any]:
    """A review as listed under its work in ``works.json``."""
    return {
        "id": row.public_id,
        "url": row.url,
        "site": row.site_name,
        "publication": plain_text(row.publication),
        "authors": plain_list(row.authors),
        "headline": plain_text(row.headline),
        "published_at": timestamp(row.published_at),
        "score": score(row),
        "verdict": plain_text(row.verdict),
        "excerpt": excerpt(row.body_text),
    }


def by_date(rows: Sequence[Row[Any]]) -> list[Row[Any]]:
    """Oldest first; reviews without a date last; then by id (the same on every database)."""
    return sorted(
        rows, key=lambda r: (r.published_at is None, timestamp(r.published_at) or "", r.public_id)
    )


def work_record(rows: Sequence[Row[Any]], min_scored: int) -> dict[str, Any]:
    """A ``works.json`` entry from the work's reviews (oldest first, see :func:`by_date`)."""
    first = rows[0]
    scores = [rounded(r.score_value) for r in rows if r.score_value is not None]
    dates = [stamp for stamp in (timestamp(r.published_at) for r in rows) if stamp]
    runtime, other_runtimes = agreement([r.runtime_minutes for r in rows], prefer=lambda m: m)
    rating, other_ratings = _rating_agreement(rows)
    return {
        "id": first.work_public_id,
        "type": first.w_type,
        "title": plain_text(first.w_title),
        "year": first.w_year,
        "directors": most_cited([plain_list(r.directors) for r in rows]),
        "cast": most_cited([plain_list(r.cast) for r in rows]),
        "runtime_minutes": runtime,
        "content_rating": rating,
        "disagreements": {"runtime_minutes": _counted(other_runtimes), **other_ratings},
        "platforms": most_cited([plain_list(r.platforms) for r in rows]),
        "genres": most_cited([plain_list(r.genres) for r in rows]),
        "review_count": len(rows),
        "scored_review_count": len(scores),
        "score": score_summary(scores, min_scored),
        "first_review_at": min(dates, default=None),
        "last_review_at": max(dates, default=None),
        "reviews": [review_entry(row) for row in rows],
    }


def _rating_agreement(rows: Sequence[Row[Any]]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The agreed certificate, then the agreed reasons among reviews giving it.

    A review that names the certificate without reasons does not vote on reasons;
    the rating system comes from the first review giving the certificate.
    """
    ratings = [r for r in (content_rating(row.content_rating, raw=False) for row in rows) if r]
    certificate, other_certificates = agreement([r["certificate"] for r in ratings])
    same = [r for r in ratings if r["certificate"] == certificate]
    reasons, other_reasons = agreement([tuple(r["reasons"]) for r in same if r["reasons"]])
    disagreements = {
        "content_rating": _counted(other_certificates),
        "content_rating_reasons": _counted((list(v), n) for v, n in other_reasons),
    }
    if certificate is None:
        return None, disagreements
    system = next((r["system"] for r in same if r["system"]), None)
    return {"system": system, "certificate": certificate, "reasons": list(reasons or ())}, (
        disagreements
    )


def _counted(values: Iterable[tuple[Any, int]]) -> list[dict[str, Any]]:
    return [{"value": value, "count": count} for value, count in values]
