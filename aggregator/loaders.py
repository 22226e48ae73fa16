"""Item loaders: raw candidates in, one normalised :class:`ReviewItem` out.

Each field's input and output processors (pure functions from
:mod:`aggregator.normalize`) are declared with the field itself, in
:mod:`aggregator.items`. :func:`load_review` offers each field's candidates in
trust order and keeps the first one the processor can read, recording its raw
value and the layer it came from, so a value that one layer got wrong falls
through to the next layer instead of being lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from itemloaders.processors import MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from aggregator.extraction.candidates import Candidate, RawValue
from aggregator.items import ReviewItem
from aggregator.normalize import Score, clean_text
from aggregator.processors import title_year


class ReviewLoader(ItemLoader):
    """Each field's processors come from its declaration in :mod:`aggregator.items`."""

    default_item_class = ReviewItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    # itemloaders looks a field's processor up on every value it adds, through a
    # new ItemAdapter and dataclasses.fields() each time: two thirds of the
    # loaders' time. The declarations never change, so each lookup is done once.
    _processors: ClassVar[dict[tuple[type, str, str], Callable[..., Any]]] = {}

    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        return self._processor("in", field_name, super().get_input_processor)

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        return self._processor("out", field_name, super().get_output_processor)

    def _processor(
        self, way: str, field_name: str, look_up: Callable[[str], Callable[..., Any]]
    ) -> Callable[..., Any]:
        key = (type(self), way, field_name)
        found = self._processors.get(key)
        if found is None:
            found = self._processors[key] = look_up(field_name)
        return found


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
    decided: dict[str, Decided] = {}
    for field_name, field_candidates in candidates.items():
        for index, candidate in enumerate(field_candidates):
            loader.add_value(field_name, candidate.value)
            if loader.get_collected_values(field_name):
                sources[field_name] = candidate.source
                raw[field_name] = candidate.value
                # "or None": what ranked() counts as readable
                decided[field_name] = (index, loader.get_output_value(field_name) or None)
                break
    _year_from_title(loader, sources, raw)
    item: ReviewItem = loader.load_item()
    item.field_sources, item.raw = sources, raw
    item.losers = losers(candidates, context, decided)
    return item


#: Fields whose losing candidates are not kept: whole texts, too long to store twice.
UNKEPT_LOSERS = frozenset({"body_text"})
#: Losing candidates kept per field, and the longest raw text kept.
MAX_LOSERS = 5
MAX_LOSER_CHARS = 500


#: A field :func:`load_review` decided: the winner's index among its candidates,
#: and its normalised value.
Decided = tuple[int, Any]


def ranked(
    field_name: str,
    candidates: list[Candidate],
    context: Mapping[str, Any],
    decided: Decided | None = None,
    scratch: ReviewLoader | None = None,
) -> list[tuple[Candidate, Any]]:
    """Each candidate with its normalised value (None when unreadable), the winner
    (the first readable one, as :func:`load_review` chooses) first.

    With ``decided``, what :func:`load_review` already knows is not normalised
    again: the candidates before the winner were unreadable, and the winner's
    value is given; only the candidates after it are read.
    """
    scratch = scratch or ReviewLoader(**context)
    rows: list[tuple[Candidate, Any]] = []
    if decided is not None and decided[1] is not None:
        rows = [(candidate, None) for candidate in candidates[: decided[0]]]
        rows.append((candidates[decided[0]], decided[1]))
    start = len(rows)
    for candidate in candidates[start:]:
        scratch.replace_value(field_name, candidate.value)
        rows.append((candidate, scratch.get_output_value(field_name) or None))
    winner = next((i for i, (_, value) in enumerate(rows) if value is not None), None)
    return rows if winner is None else [rows[winner], *rows[:winner], *rows[winner + 1 :]]


def losers(
    candidates: Mapping[str, list[Candidate]],
    context: Mapping[str, Any],
    decided: Mapping[str, Decided] | None = None,
) -> dict[str, list[Candidate]]:
    """Per field, the candidates that lost and say something other than the winner
    (another value, or one normalisation cannot read), in trust order.

    When no candidate is readable, all of them are kept: a score whose scale is
    unknown ("8") stays visible, and ``scrapy renormalize`` reads it once the
    site file gives the scale.
    """
    decided = decided or {}
    kept: dict[str, list[Candidate]] = {}
    scratch = ReviewLoader(**context)
    for field_name, field_candidates in candidates.items():
        if field_name in UNKEPT_LOSERS or (field_name in decided and len(field_candidates) < 2):
            continue  # a lone candidate that won lost nothing
        rows = ranked(field_name, field_candidates, context, decided.get(field_name), scratch)
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
    year = title_year(title)
    if year is not None:
        loader.add_value("work_year", year)
        sources["work_year"] = sources["work_title"]
        raw["work_year"] = title
