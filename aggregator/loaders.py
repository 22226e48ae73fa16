"""Item loaders: raw candidates in, one normalised :class:`ReviewItem` out.

Every field declares its input processor (pure functions from
:mod:`aggregator.normalize`) and output processor. :func:`load_review` offers
each field's candidates in trust order and keeps the first one the processor
can read, recording its raw value and the layer it came from, so a value that
one layer got wrong falls through to the next layer instead of being lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from itemloaders.processors import Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from aggregator.extraction.candidates import Candidate, RawValue
from aggregator.items import ReviewItem
from aggregator.normalize import (
    Score,
    clean_body,
    clean_text,
    parse_content_rating,
    parse_date,
    parse_language,
    parse_runtime,
    parse_score,
    parse_work_type,
    parse_year,
    split_authors,
    split_list,
    split_people,
    split_title_year,
)
from aggregator.urls import canonical_url


def _date(value: str, loader_context: Mapping[str, Any]) -> datetime | None:
    return parse_date(
        value,
        languages=loader_context.get("languages"),
        date_order=loader_context.get("date_order"),
        relative_base=loader_context.get("relative_base"),
    )


def _score(value: Any, loader_context: Mapping[str, Any]) -> Any:
    return parse_score(value, best=loader_context.get("score_best"))


def _canonical(value: str, loader_context: Mapping[str, Any]) -> str | None:
    page_url = loader_context.get("page_url")
    if not page_url:
        return None
    return canonical_url(page_url, declared=value, extra_params=loader_context.get("tracking", ()))


def _title(value: str) -> str | None:
    return split_title_year(clean_text(value))[0]


def _title_year(value: str) -> int | None:
    return split_title_year(clean_text(value))[1]


class ReviewLoader(ItemLoader):
    default_item_class = ReviewItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    canonical_url_in = MapCompose(clean_text, _canonical)
    authors_in = MapCompose(split_authors)
    authors_out = Identity()
    published_at_in = MapCompose(clean_text, _date)
    language_in = MapCompose(parse_language)
    score_in = MapCompose(_score)
    work_type_in = MapCompose(parse_work_type)
    work_title_in = MapCompose(_title)
    work_year_in = MapCompose(parse_year)
    runtime_minutes_in = MapCompose(parse_runtime)
    content_rating_in = MapCompose(parse_content_rating)
    cast_in = MapCompose(split_people)
    cast_out = Identity()
    directors_in = MapCompose(split_people)
    directors_out = Identity()
    platforms_in = MapCompose(split_list)
    platforms_out = Identity()
    genres_in = MapCompose(split_list)
    genres_out = Identity()
    body_text_in = MapCompose(clean_body)
    summary_in = MapCompose(clean_text)


def load_review(
    candidates: Mapping[str, list[Candidate]], context: Mapping[str, Any]
) -> ReviewItem:
    """Per field, the first candidate (in trust order) that normalises to a value wins.

    A whole list (authors, cast) comes from one layer: two layers' lists are
    never mixed, because each layer's list is complete in its own way.
    """
    loader = ReviewLoader(**context)
    sources: dict[str, str] = {}
    raw: dict[str, RawValue] = {}
    for field_name, field_candidates in candidates.items():
        for candidate in field_candidates:
            loader.add_value(field_name, candidate.value)
            if loader.get_collected_values(field_name):
                sources[field_name] = candidate.source
                raw[field_name] = candidate.value
                break
    _year_from_title(loader, sources, raw)
    item: ReviewItem = loader.load_item()
    item.field_sources, item.raw = sources, raw
    item.losers = losers(candidates, context, won=sources)
    return item


#: Fields whose losing candidates are not kept: whole texts, too long to store twice.
UNKEPT_LOSERS = frozenset({"body_text"})
#: Losing candidates kept per field, and the longest raw text kept.
MAX_LOSERS = 5
MAX_LOSER_CHARS = 500


def ranked(
    field_name: str, candidates: list[Candidate], context: Mapping[str, Any]
) -> list[tuple[Candidate, Any]]:
    """Each candidate with its normalised value (None when unreadable), the winner
    (the first readable one, as :func:`load_review` chooses) first."""
    scratch = ReviewLoader(**context)
    rows: list[tuple[Candidate, Any]] = []
    for candidate in candidates:
        scratch.replace_value(field_name, candidate.value)
        rows.append((candidate, scratch.get_output_value(field_name) or None))
    winner = next((i for i, (_, value) in enumerate(rows) if value is not None), None)
    return rows if winner is None else [rows[winner], *rows[:winner], *rows[winner + 1 :]]


def losers(
    candidates: Mapping[str, list[Candidate]],
    context: Mapping[str, Any],
    won: Collection[str] = (),
) -> dict[str, list[Candidate]]:
    """Per field, the candidates that lost and say something other than the winner
    (another value, or one normalisation cannot read), in trust order.

    When no candidate is readable, all of them are kept: a score whose scale is
    unknown ("8") stays visible, and ``scrapy renormalize`` reads it once the
    site file gives the scale.
    """
    kept: dict[str, list[Candidate]] = {}
    for field_name, field_candidates in candidates.items():
        if field_name in UNKEPT_LOSERS or (field_name in won and len(field_candidates) < 2):
            continue  # a lone candidate that won lost nothing
        rows = ranked(field_name, field_candidates, context)
        winner = _comparable(rows[0][1]) if rows else None
        lost = rows if winner is None else rows[1:]
        seen: set[str] = set()
        for candidate, value in lost:
            text = str(candidate.value)
            if winner is not None and _comparable(value) == winner:
                continue
            if text not in seen and len(text) <= MAX_LOSER_CHARS:
                seen.add(text)
                kept.setdefault(field_name, []).append(candidate)
        if field_name in kept:
            kept[field_name] = kept[field_name][:MAX_LOSERS]
    return kept


def _comparable(value: Any) -> Any:
    # "4/5" and "80%" agree: scores compare on the common scale only, ratings
    # without the text they were read from.
    if isinstance(value, Score):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in dataclasses.asdict(value).items() if k != "raw"}
    return value


def _year_from_title(
    loader: ReviewLoader, sources: dict[str, str], raw: dict[str, RawValue]
) -> None:
    """'Dune (2021)' as a title also gives the year when nothing else did."""
    title = raw.get("work_title")
    if loader.get_collected_values("work_year") or not isinstance(title, str):
        return
    year = _title_year(title)
    if year is not None:
        loader.add_value("work_year", year)
        sources["work_year"] = sources["work_title"]
        raw["work_year"] = title
