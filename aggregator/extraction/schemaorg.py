"""Review fields out of schema.org items (already in JSON-LD's plain shape).

A review page usually has a ``Review`` (or ``CriticReview``) whose
``itemReviewed`` is the work; some put the work at the top with the review
inside it, and news sites add an ``Article``. A database page lists many
reviews of one work: then no single review speaks for the page, and only the
work's own fields are offered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from aggregator.extraction.candidates import Candidate, Candidates, RawValue

Item = Mapping[str, Any]

REVIEW_TYPES = frozenset({"Review", "CriticReview", "ReviewNewsArticle", "UserReview"})
WORK_TYPES = frozenset(
    {
        "Movie", "TVSeries", "TVSeason", "TVEpisode", "VideoGame", "VideoGameSeries",
        "Game", "Book", "MusicAlbum", "MusicRecording", "MusicGroup", "CreativeWork",
        "CreativeWorkSeries", "Episode", "TheaterEvent", "Event", "Product",
    }
)  # fmt: skip
#: Work types too general to say what kind of work it is.
VAGUE_TYPES = frozenset({"CreativeWork", "CreativeWorkSeries", "Event", "Product", "Thing"})
ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "BlogPosting", "OpinionNewsArticle", "ReportageNews",
        "AnalysisNewsArticle", "BackgroundNewsArticle", "Report", "WebPage", "ItemPage",
    }
)  # fmt: skip

#: A page with more reviews than this is a database or aggregator page.
MANY_REVIEWS = 2


@dataclass(frozen=True)
class SchemaSummary:
    candidates: Candidates
    types: tuple[str, ...]
    review_count: int


def summarize(items: list[Any], source: str, page_url: str = "") -> SchemaSummary:
    """Candidates from one syntax's items: the review first, then the article, then the work."""
    objects = [obj for obj in _walk(items) if types_of(obj)]
    reviews = [obj for obj in objects if _has_type(obj, REVIEW_TYPES)]
    # Only top-level items (and a page's main entity) speak for the page: nested
    # ones are related articles, the site's "isPartOf", products in affiliate boxes.
    main = [obj for obj in _main_items(items) if types_of(obj)]
    out = _Collector(source, page_url)
    if 0 < len(reviews) <= MANY_REVIEWS:
        out.article(reviews[0])
        out.rating(reviews[0].get("reviewRating"))
        out.work(_first_item(reviews[0].get("itemReviewed")))
    for obj in main:
        if _has_type(obj, ARTICLE_TYPES) and not _has_type(obj, REVIEW_TYPES):
            out.article(obj)
    for obj in main:
        if _has_type(obj, WORK_TYPES) and not _has_type(obj, REVIEW_TYPES):
            out.work(obj)
    found = tuple(dict.fromkeys(t for obj in objects for t in types_of(obj)))
    return SchemaSummary(out.candidates, found, len(reviews))


def _has_type(obj: Item, wanted: frozenset[str]) -> bool:
    return not wanted.isdisjoint(types_of(obj))


def _main_items(items: list[Any]) -> Iterator[Item]:
    for item in items:
        if isinstance(item, Mapping):
            yield item
            entity = _first_item(item.get("mainEntity"))
            if entity is not None:
                yield entity


def types_of(obj: Item) -> list[str]:
    """Local type names: ``http://schema.org/Movie`` and ``["Movie"]`` both give Movie."""
    raw = obj.get("@type") or obj.get("type") or []
    names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [
        n.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)
    ]


def _walk(value: Any, depth: int = 0) -> Iterator[Item]:
    """Every mapping in the items, outermost first (nesting is bounded: data can be cyclic)."""
    if depth > 8:
        return
    if isinstance(value, list):
        for element in value:
            yield from _walk(element, depth + 1)
    elif isinstance(value, Mapping):
        yield value
        for key, child in value.items():
            if key != "@context":
                yield from _walk(child, depth + 1)


def _first_item(value: Any) -> Item | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, Mapping)), None)
    return value if isinstance(value, Mapping) else None


class _Collector:
    """Accumulates candidates, skipping values already offered for a field."""

    def __init__(self, source: str, page_url: str) -> None:
        self.source = source
        self.page_host = urlparse(page_url).hostname
        self.candidates: Candidates = {}

    def add(self, field: str, value: RawValue | None) -> None:
        if not value:
            return
        existing = self.candidates.setdefault(field, [])
        if all(c.value != value for c in existing):
            existing.append(Candidate(value, self.source))

    def article(self, obj: Item) -> None:
        self.add("headline", text(obj.get("headline")) or text(obj.get("name")))
        self.add("authors", names(obj.get("author")) or names(obj.get("creator")))
        self.add("publication", names(obj.get("publisher"))[:1] and names(obj.get("publisher"))[0])
        self.add("published_at", text(obj.get("datePublished")) or text(obj.get("dateCreated")))
        self.add("summary", text(obj.get("description")))
        self.add("body_text", text(obj.get("reviewBody")) or text(obj.get("articleBody")))
        self.add("language", text(obj.get("inLanguage")))
        for key in ("url", "mainEntityOfPage"):
            url = text(_id_or_value(obj.get(key)))
            if url and (self.page_host is None or urlparse(url).hostname == self.page_host):
                self.add("canonical_url", url)

    def rating(self, value: Any) -> None:
        rating = _first_item(value)
        if rating is None:
            if text(value):
                self.add("score", text(value))
            return
        keys = ("ratingValue", "bestRating", "worstRating")
        found = {k: v for k in keys if (v := text(rating.get(k)))}
        if "ratingValue" in found:
            self.add("score", found)

    def work(self, obj: Item | None) -> None:
        if obj is None:
            return
        kinds = [t for t in types_of(obj) if t in WORK_TYPES and t not in VAGUE_TYPES]
        self.add("work_type", kinds[0] if kinds else None)
        self.add("work_title", text(obj.get("name")) or text(obj.get("headline")))
        self.add("work_year", _work_date(obj))
        self.add("runtime_minutes", text(obj.get("duration")) or text(obj.get("timeRequired")))
        self.add("content_rating", text(_name_or_value(obj.get("contentRating"))))
        self.add("cast", names(obj.get("actor")) or names(obj.get("actors")))
        self.add("directors", names(obj.get("director")) or names(obj.get("directors")))
        self.add("genres", texts(obj.get("genre")))
        self.add("platforms", texts(obj.get("gamePlatform")) or texts(obj.get("operatingSystem")))


def text(value: Any) -> str | None:
    """A single text out of a scalar, a list (first), or a ``{"@value": ...}``."""
    if isinstance(value, list):
        return next((t for t in map(text, value) if t), None)
    if isinstance(value, Mapping):
        value = value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    # Many CMSs HTML-escape JSON-LD strings ("&#8211;", "&apos;").
    return " ".join((html.unescape(value) if "&" in value else value).split())


def texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [t for t in (text(_name_or_value(v)) for v in values) if t]


def names(value: Any) -> list[str]:
    """Person or organisation names: a string, an object with ``name``, or a list of either."""
    values = value if isinstance(value, list) else [value]
    found = []
    for element in values:
        name = text(element.get("name")) if isinstance(element, Mapping) else text(element)
        if name and not name.startswith(("http://", "https://")):
            found.append(name)
    return list(dict.fromkeys(found))


_TIMESTAMP = re.compile(r"\d[T ]\d\d:\d\d")


def _work_date(obj: Item) -> str | None:
    """The work's date; a ``dateCreated`` with a time of day dates the database record."""
    for key in ("datePublished", "copyrightYear", "dateCreated"):
        value = text(obj.get(key))
        if value and not (key == "dateCreated" and _TIMESTAMP.search(value)):
            return value
    return None


def _name_or_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get("name") or value.get("ratingValue") or value.get("@value")
    return value


def _id_or_value(value: Any) -> Any:
    return value.get("@id") or value.get("url") if isinstance(value, Mapping) else value
