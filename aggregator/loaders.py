"""Item loaders: raw candidates in, one normalised :class:`ReviewItem` out.

Every field declares its input processor (pure functions from
:mod:`aggregator.normalize`) and output processor. :func:`load_review` offers
each field's candidates in trust order and keeps the first one the processor
can read, recording its raw value and the layer it came from, so a value that
one layer got wrong falls through to the next layer instead of being lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from itemloaders.processors import Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from aggregator.extraction.candidates import Candidate, RawValue
from aggregator.items import ReviewItem
from aggregator.normalize import (
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
    return item


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
