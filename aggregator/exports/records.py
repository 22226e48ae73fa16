"""Stored rows in the documented export shapes (see ``schemas/``).

A record is built key by key in a fixed order, so its JSON never changes
unless the data does. Rows come from :mod:`aggregator.exports.queries`, whose
time columns are already text in the exports' form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

from aggregator.exports.aggregate import agreement, most_cited, rounded, score_summary
from aggregator.exports.files import dumps, with_array
from aggregator.exports.plaintext import excerpt, plain_json, plain_list, plain_text
from aggregator.exports.queries import Exported
from aggregator.items import SHAPE


def score(row: Exported) -> dict[str, Any] | None:
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


#: Column value -> JSON value, per value kind; the other kinds are kept as they
#: are (``str``, ``int``, and ``time``: the export's queries read times as text).
_READERS: dict[str, Callable[[Any], Any]] = {
    "text": plain_text,
    "names": plain_list,
    "rating": content_rating,
    "map": lambda value: dict(value or {}),
    "raw": lambda value: plain_json(value or {}),
}


def _attribute(name: str, kind: str) -> str:
    """The row attribute of an item field; the score's key is filled by :func:`score`
    from three columns, one of which holds its place meanwhile."""
    return _ROW_ATTRIBUTE.get(name, "score_value" if kind == "score" else name)


#: The item's fields at the top of a ``reviews.jsonl`` line and under its
#: ``work`` (placed where the first work field is declared), in order; one
#: getter of each part's row values, so that a row takes two calls, not one a field.
_TOP = [(name, kind) for name, kind, work in SHAPE if work is None]
_NESTED = [(work, name, kind) for name, kind, work in SHAPE if work is not None]
_WORK_AT = next(n for n, (_, _, work) in enumerate(SHAPE) if work is not None)
_KEYS_BEFORE_WORK = tuple(name for name, _ in _TOP[:_WORK_AT])
_KEYS_AFTER_WORK = tuple(name for name, _ in _TOP[_WORK_AT:])
_TOP_VALUES = attrgetter(*(_attribute(name, kind) for name, kind in _TOP))
_TOP_READERS = tuple((name, _READERS[kind]) for name, kind in _TOP if kind in _READERS)
_NESTED_KEYS = tuple(key for key, _, _ in _NESTED)
_NESTED_VALUES = attrgetter(*(_attribute(name, kind) for _, name, kind in _NESTED))
_NESTED_READERS = tuple((key, _READERS[kind]) for key, _, kind in _NESTED if kind in _READERS)


def review_record(row: Exported, locations: Sequence[Exported] = ()) -> dict[str, Any]:
    """A ``reviews.jsonl`` line: the review in the shape ``scrapy extract`` writes
    (see :func:`aggregator.items.review_to_dict`), with the database's facts: the
    review's and the work's ids, when the review was first and last seen, and the
    other places it was found (:func:`aggregator.exports.queries.locations`)."""
    work: dict[str, Any] = {"id": row.work_public_id}
    work.update(zip(_NESTED_KEYS, _NESTED_VALUES(row), strict=True))
    for key, reader in _NESTED_READERS:
        work[key] = reader(work[key])
    values = _TOP_VALUES(row)
    record: dict[str, Any] = {"id": row.public_id}
    record.update(zip(_KEYS_BEFORE_WORK, values[:_WORK_AT], strict=True))
    record["work"] = work
    record.update(zip(_KEYS_AFTER_WORK, values[_WORK_AT:], strict=True))
    for key, reader in _TOP_READERS:
        record[key] = reader(record[key])
    record["score"] = score(row)
    record["first_seen_at"] = row.first_seen_at
    record["last_seen_at"] = row.last_seen_at
    record["updated_at"] = row.updated_at
    record["locations"] = [location_record(found) for found in locations]
    return record


def location_record(row: Exported) -> dict[str, Any]:
    """Another URL where the review was found, and why it is the same review."""
    return {
        "url": row.url,
        "site": row.site_name,
        "reason": row.reason,
        "similarity": row.similarity,
        "first_seen_at": row.first_seen_at,
        "last_seen_at": row.last_seen_at,
    }


def review_entry(review: dict[str, Any], body_text: str | None) -> dict[str, Any]:
    """A review as listed under its work in ``works.json``, from its record
    (:func:`review_record`, whose texts are plain already) and its stored body."""
    return {
        "id": review["id"],
        "url": review["url"],
        "site": review["site"],
        "publication": review["publication"],
        "authors": review["authors"],
        "headline": review["headline"],
        "published_at": review["published_at"],
        "score": review["score"],
        "verdict": review["verdict"],
        "excerpt": excerpt(body_text),
    }


class WorkReview(NamedTuple):
    """What a work's ``works.json`` entry and feed need of one of its reviews,
    apart from the row: the export sets it aside until the work's turn comes."""

    public_id: str
    published_at: str | None
    #: Published, else first seen: the order of feeds.
    date: str | None
    #: The 0–100 score, rounded.
    score: float | None
    runtime_minutes: int | None
    #: Without its raw text (see :func:`content_rating`).
    content_rating: dict[str, Any] | None
    directors: list[str]
    cast: list[str]
    platforms: list[str]
    genres: list[str]
    #: The review's entry (:func:`review_entry`) and feed item, as JSON.
    entry: str
    item: str


def work_review(review: dict[str, Any], entry: str, item: str) -> WorkReview:
    """What the work needs of a review, from its record (:func:`review_record`)."""
    work, score = review["work"], review["score"]
    rating = work["content_rating"]
    return WorkReview(
        public_id=review["id"],
        published_at=review["published_at"],
        date=review["published_at"] or review["first_seen_at"],
        score=None if score is None else score["value"],
        runtime_minutes=work["runtime_minutes"],
        content_rating=rating
        and {key: rating[key] for key in ("system", "certificate", "reasons")},
        directors=work["directors"],
        cast=work["cast"],
        platforms=work["platforms"],
        genres=work["genres"],
        entry=entry,
        item=item,
    )


def by_date(reviews: Iterable[WorkReview]) -> list[WorkReview]:
    """Oldest first; reviews without a date last; then by id (the same on every database)."""
    return sorted(
        reviews, key=lambda r: (r.published_at is None, r.published_at or "", r.public_id)
    )


class WorkHead(NamedTuple):
    """A work's own columns: id, type, title, year."""

    public_id: str
    type: str | None
    title: str | None
    year: int | None


def work_record(work: WorkHead, reviews: Sequence[WorkReview], min_scored: int) -> dict[str, Any]:
    """A ``works.json`` entry from the work's reviews (oldest first, see :func:`by_date`),
    but for its last key, ``reviews``: their entries, already JSON (:func:`work_json`)."""
    scores = [r.score for r in reviews if r.score is not None]
    dates = [r.published_at for r in reviews if r.published_at]
    runtime, other_runtimes = agreement([r.runtime_minutes for r in reviews], prefer=lambda m: m)
    rating, other_ratings = _rating_agreement(reviews)
    return {
        "id": work.public_id,
        "type": work.type,
        "title": plain_text(work.title),
        "year": work.year,
        "directors": most_cited([r.directors for r in reviews]),
        "cast": most_cited([r.cast for r in reviews]),
        "runtime_minutes": runtime,
        "content_rating": rating,
        "disagreements": {"runtime_minutes": _counted(other_runtimes), **other_ratings},
        "platforms": most_cited([r.platforms for r in reviews]),
        "genres": most_cited([r.genres for r in reviews]),
        "review_count": len(reviews),
        "scored_review_count": len(scores),
        "score": score_summary(scores, min_scored),
        "first_review_at": min(dates, default=None),
        "last_review_at": max(dates, default=None),
    }


def work_json(record: dict[str, Any], reviews: Sequence[WorkReview]) -> str:
    """A :func:`work_record` as JSON, its reviews' entries appended as they are."""
    return with_array(dumps(record), "reviews", [r.entry for r in reviews])


def _rating_agreement(
    reviews: Sequence[WorkReview],
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The agreed certificate, then the agreed reasons among reviews giving it.

    A review that names the certificate without reasons does not vote on reasons;
    the rating system comes from the first review giving the certificate.
    """
    ratings = [r.content_rating for r in reviews if r.content_rating]
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
