"""The review item, and the one declaration of its fields.

Each field of :class:`ReviewItem` is declared once, with its metadata
(``field(metadata=meta(...))``, read through ``ItemAdapter.get_field_meta`` as
itemloaders does):

``input_processor`` / ``output_processor``
    the loader's processors (:mod:`aggregator.loaders` has only the defaults);
``kind``
    how the value is written as JSON and stored (see :data:`KINDS`);
``work``
    the key under ``"work"`` when the field describes the work, not the review;
``offered``
    extraction layers may offer candidates for it (:data:`aggregator.fields.FIELDS`);
``stored``
    it has columns in ``reviews`` (:mod:`aggregator.db.rows`);
``content``
    a change in it is a change of the review (its content digest);
``late``
    added after reviews were stored: left out of the content digest while null,
    so that stored reviews without it do not all look changed;
``coverage``
    its coverage is recorded per run and watched for broken selectors.

Everything else (the JSON shape, the loader, the database row, the export
records, plausibility and coverage lists) is derived from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from itemloaders.processors import Identity, MapCompose

from aggregator import processors as p
from aggregator.normalize import (
    ContentRating,
    Score,
    clean_body,
    clean_text,
    parse_content_rating,
    parse_language,
    parse_runtime,
    parse_work_type,
    parse_year,
    split_authors,
    split_list,
    split_people,
)

if TYPE_CHECKING:
    from dataclasses import Field

    from aggregator.extraction.candidates import Candidate, RawValue

#: Value kinds: ``str`` (as is), ``text`` (plain text), ``names`` (list of
#: plain texts), ``int``, ``time`` (RFC 3339), ``score``, ``rating``, ``map``
#: (a JSON object), ``raw`` (raw values with the losing candidates), ``none``
#: (not written: kept inside another field).
KINDS = ("str", "text", "names", "int", "time", "score", "rating", "map", "raw", "none")


def meta(
    kind: str,
    *,
    work: str | None = None,
    offered: bool = False,
    stored: bool = True,
    content: bool = False,
    late: bool = False,
    coverage: bool = False,
    processors: tuple[Callable[..., Any], ...] = (),
) -> dict[str, Any]:
    """A review field's metadata; ``processors`` are its input processors (a
    field extraction offers without any is cleaned as text)."""
    if kind not in KINDS:
        raise ValueError(f"unknown field kind {kind!r}; known: {', '.join(KINDS)}")
    data: dict[str, Any] = {
        "kind": kind, "work": work, "offered": offered, "stored": stored,
        "content": content, "late": late, "coverage": coverage,
    }  # fmt: skip
    if offered:
        data["input_processor"] = MapCompose(*(processors or (clean_text,)))
    if kind == "names":
        data["output_processor"] = Identity()  # the whole list, not its first name
    return data


def review(kind: str, **more: Any) -> dict[str, Any]:
    """Metadata of a field extraction offers and that is part of the review's content."""
    return meta(kind, offered=True, content=True, **more)


@dataclass
class ReviewItem:
    url: str | None = field(default=None, metadata=meta("str"))
    canonical_url: str | None = field(
        default=None, metadata=meta("str", offered=True, processors=(clean_text, p.canonical))
    )
    site: str | None = field(default=None, metadata=meta("str", stored=False))
    page_type: str | None = field(default=None, metadata=meta("str", content=True))
    #: Why the page was taken for a review or not (:mod:`aggregator.extraction.pagekind`).
    page_kind_reasons: list[str] = field(default_factory=list, metadata=meta("names"))
    headline: str | None = field(default=None, metadata=review("text", coverage=True))
    authors: list[str] = field(
        default_factory=list, metadata=review("names", coverage=True, processors=(split_authors,))
    )
    publication: str | None = field(default=None, metadata=review("text"))
    published_at: datetime | None = field(
        default=None, metadata=review("time", coverage=True, processors=(clean_text, p.date))
    )
    language: str | None = field(default=None, metadata=review("str", processors=(parse_language,)))
    score: Score | None = field(
        default=None, metadata=review("score", coverage=True, processors=(p.score,))
    )
    work_type: str | None = field(
        default=None, metadata=review("str", work="type", processors=(parse_work_type,))
    )
    work_title: str | None = field(
        default=None, metadata=review("text", work="title", coverage=True, processors=(p.title,))
    )
    work_year: int | None = field(
        default=None, metadata=review("int", work="year", processors=(parse_year,))
    )
    runtime_minutes: int | None = field(
        default=None,
        metadata=review("int", work="runtime_minutes", coverage=True, processors=(parse_runtime,)),
    )
    content_rating: ContentRating | None = field(
        default=None,
        metadata=review(
            "rating", work="content_rating", coverage=True, processors=(parse_content_rating,)
        ),
    )
    cast: list[str] = field(
        default_factory=list,
        metadata=review("names", work="cast", coverage=True, processors=(split_people,)),
    )
    directors: list[str] = field(
        default_factory=list, metadata=review("names", work="directors", processors=(split_people,))
    )
    platforms: list[str] = field(
        default_factory=list, metadata=review("names", work="platforms", processors=(split_list,))
    )
    genres: list[str] = field(
        default_factory=list, metadata=review("names", work="genres", processors=(split_list,))
    )
    body_text: str | None = field(default=None, metadata=review("text", processors=(clean_body,)))
    summary: str | None = field(default=None, metadata=review("text"))
    #: The review's own one-line conclusion, when the page labels one ("Verdict:").
    verdict: str | None = field(default=None, metadata=review("text", late=True))
    #: field name -> extraction layer that gave the value ("selector", "jsonld", ...)
    field_sources: dict[str, str] = field(default_factory=dict, metadata=meta("map"))
    #: field name -> the raw value the normalised one came from; exported with
    #: the losing candidates under :data:`LOSERS`
    raw: dict[str, RawValue] = field(default_factory=dict, metadata=meta("raw"))
    #: field name -> candidates that lost to the value and disagree with it (in trust order)
    losers: dict[str, list[Candidate]] = field(
        default_factory=dict, metadata=meta("none", stored=False)
    )
    #: field name -> why its value was set aside (:mod:`aggregator.plausible`); the raw value stays
    rejected_fields: dict[str, str] = field(default_factory=dict, metadata=meta("map"))
    #: Digest of the body text ignoring case, spacing and punctuation: equal for
    #: the same text syndicated at several URLs.
    body_digest: str | None = field(default=None, metadata=meta("str"))
    crawled_at: datetime | None = field(default=None, metadata=meta("time", stored=False))


def declarations() -> Iterator[Field[Any]]:
    """The item's fields in declaration order, with their metadata."""
    return iter(fields(ReviewItem))


def names(**wanted: Any) -> tuple[str, ...]:
    """Names of the fields whose metadata has the given values.

    >>> names(work="year")
    ('work_year',)
    >>> "verdict" in names(offered=True), "site" in names(stored=True)
    (True, False)
    """
    return tuple(
        f.name for f in declarations() if all(f.metadata[k] == v for k, v in wanted.items())
    )


#: (name, kind, key under ``work`` or None) of each field the JSON shape has,
#: in declaration order: read once, since every item is written through it.
SHAPE: tuple[tuple[str, str, str | None], ...] = tuple(
    (f.name, f.metadata["kind"], f.metadata["work"])
    for f in declarations()
    if f.metadata["kind"] != "none"
)

#: The key in ``raw`` under which the losing candidates are kept.
LOSERS = "losers"


def review_to_dict(item: ReviewItem) -> dict[str, Any]:
    """The review as JSON-ready data: the one shape of ``scrapy extract``, ``-O``
    feeds, the spool and (with the database's facts) ``reviews.jsonl``.

    Work fields are nested under ``"work"``, where the first of them is declared.
    """
    data: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for name, kind, work in SHAPE:
        value = getattr(item, name)
        if kind not in _AS_IS and value is not None:
            value = _raw_with_losers(item) if kind == "raw" else _DUMP[kind](value)
        if work is None:
            data[name] = value
        else:
            data.setdefault("work", nested)  # placed where its first field is declared
            nested[work] = value
    return data


def review_from_dict(data: dict[str, Any]) -> ReviewItem:
    """The inverse of :func:`review_to_dict` (for spooled batches and re-imports)."""
    work = data.get("work") or {}
    values = {
        name: _load(kind, work.get(key) if key else data.get(name)) for name, kind, key in SHAPE
    }
    values["raw"], values["losers"] = split_losers(values["raw"])
    return ReviewItem(**values)


#: Kinds whose values are JSON as they are.
_AS_IS = frozenset({"str", "text", "int"})
#: Value -> JSON value, per kind (for values that are not None).
_DUMP: dict[str, Callable[[Any], Any]] = {
    "names": list,
    "map": dict,
    "time": datetime.isoformat,
    "score": Score.to_dict,
    "rating": ContentRating.to_dict,
}


def _load(kind: str, value: Any) -> Any:
    if kind in ("names", "map", "raw"):
        return (list if kind == "names" else dict)(value or ())
    if value is None or kind in ("str", "text", "int"):
        return value
    if kind == "time":
        return datetime.fromisoformat(value)
    if kind == "score":
        return Score(value["raw"], value["value"], value.get("best"))
    return ContentRating(
        value.get("system"), value["certificate"], tuple(value["reasons"]), value["raw"]
    )


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
    from aggregator.extraction.candidates import Candidate  # candidates imports the field list

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
