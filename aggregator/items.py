"""The review item: one critic's review of one work, normalised, with raw values kept.

The item is flat so that item loaders can fill it field by field;
:func:`review_to_dict` gives the nested JSON shape used by ``scrapy extract``,
``reviews.jsonl`` and the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aggregator.extraction.candidates import Candidate, RawValue
from aggregator.normalize import ContentRating, Score


@dataclass
class ReviewItem:
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    page_type: str | None = None
    page_kind_reasons: list[str] = field(default_factory=list)
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    publication: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    score: Score | None = None
    work_type: str | None = None
    work_title: str | None = None
    work_year: int | None = None
    runtime_minutes: int | None = None
    content_rating: ContentRating | None = None
    cast: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    body_text: str | None = None
    summary: str | None = None
    #: field name -> extraction layer that gave the value ("selector", "jsonld", ...)
    field_sources: dict[str, str] = field(default_factory=dict)
    #: field name -> the raw value the normalised one came from
    raw: dict[str, RawValue] = field(default_factory=dict)
    #: field name -> candidates that lost to the value and disagree with it (in
    #: trust order); exported inside ``raw`` under :data:`LOSERS`
    losers: dict[str, list[Candidate]] = field(default_factory=dict)
    #: field name -> why its value was set aside (:mod:`aggregator.plausible`); the raw value stays
    rejected_fields: dict[str, str] = field(default_factory=dict)
    fingerprint: str | None = None
    crawled_at: datetime | None = None


def review_to_dict(item: ReviewItem) -> dict[str, Any]:
    """The review as JSON-ready data, in the documented nested shape."""
    return {
        "url": item.url,
        "canonical_url": item.canonical_url,
        "site": item.site,
        "page_type": item.page_type,
        "page_kind_reasons": list(item.page_kind_reasons),
        "headline": item.headline,
        "authors": list(item.authors),
        "publication": item.publication,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "language": item.language,
        "score": item.score.to_dict() if item.score else None,
        "work": {
            "type": item.work_type,
            "title": item.work_title,
            "year": item.work_year,
            "runtime_minutes": item.runtime_minutes,
            "content_rating": item.content_rating.to_dict() if item.content_rating else None,
            "cast": list(item.cast),
            "directors": list(item.directors),
            "platforms": list(item.platforms),
            "genres": list(item.genres),
        },
        "body_text": item.body_text,
        "summary": item.summary,
        "field_sources": dict(item.field_sources),
        "raw": _raw_with_losers(item),
        "rejected_fields": dict(item.rejected_fields),
        "fingerprint": item.fingerprint,
        "crawled_at": item.crawled_at.isoformat() if item.crawled_at else None,
    }


#: The key in ``raw`` under which the losing candidates are kept.
LOSERS = "losers"


def _raw_with_losers(item: ReviewItem) -> dict[str, Any]:
    raw: dict[str, Any] = {name: _jsonable(value) for name, value in item.raw.items()}
    if item.losers:
        raw[LOSERS] = {
            name: [{"source": c.source, "value": _jsonable(c.value)} for c in candidates]
            for name, candidates in item.losers.items()
        }
    return raw


def split_losers(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Candidate]]]:
    """Stored ``raw`` → (the winners' raw values, the losing candidates per field).

    >>> split_losers({"score": "4/5", "losers": {"score": [{"source": "meta", "value": "8"}]}})
    ({'score': '4/5'}, {'score': [Candidate(value='8', source='meta')]})
    """
    winners = {name: value for name, value in raw.items() if name != LOSERS}
    stored = raw.get(LOSERS)
    found = stored if isinstance(stored, dict) else {}
    return winners, {
        name: [Candidate(row["value"], str(row.get("source", "stored"))) for row in rows]
        for name, rows in found.items()
        if isinstance(rows, list)
    }


def _jsonable(value: RawValue) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return list(value)
    return dict(value)


def review_from_dict(data: dict[str, Any]) -> ReviewItem:
    """The inverse of :func:`review_to_dict` (for spooled batches and re-imports)."""
    work = data.get("work") or {}
    score = data.get("score")
    rating = work.get("content_rating")
    return ReviewItem(
        url=data.get("url"),
        canonical_url=data.get("canonical_url"),
        site=data.get("site"),
        page_type=data.get("page_type"),
        page_kind_reasons=list(data.get("page_kind_reasons") or []),
        headline=data.get("headline"),
        authors=list(data.get("authors") or []),
        publication=data.get("publication"),
        published_at=_datetime(data.get("published_at")),
        language=data.get("language"),
        score=Score(score["raw"], score["value"], score.get("best")) if score else None,
        work_type=work.get("type"),
        work_title=work.get("title"),
        work_year=work.get("year"),
        runtime_minutes=work.get("runtime_minutes"),
        content_rating=ContentRating(
            rating.get("system"), rating["certificate"], tuple(rating["reasons"]), rating["raw"]
        )
        if rating
        else None,
        cast=list(work.get("cast") or []),
        directors=list(work.get("directors") or []),
        platforms=list(work.get("platforms") or []),
        genres=list(work.get("genres") or []),
        body_text=data.get("body_text"),
        summary=data.get("summary"),
        field_sources=dict(data.get("field_sources") or {}),
        raw=split_losers(dict(data.get("raw") or {}))[0],
        losers=split_losers(dict(data.get("raw") or {}))[1],
        rejected_fields=dict(data.get("rejected_fields") or {}),
        fingerprint=data.get("fingerprint"),
        crawled_at=_datetime(data.get("crawled_at")),
    )


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
