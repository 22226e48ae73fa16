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
from functools import cache, lru_cache
from typing import Any

from itemloaders.common import wrap_loader_context
from itemloaders.processors import MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter, get_func_args
from scrapy.loader import ItemLoader

from aggregator.extraction.candidates import Candidate, RawValue
from aggregator.items import ReviewItem
from aggregator.normalize import Score, clean_text
from aggregator.normalize.dates import forget_readings
from aggregator.processors import title_year


class ReviewLoader(ItemLoader):
    """Each field's processors come from its declaration in :mod:`aggregator.items`;
    :class:`Normaliser` runs them as this loader would, with each lookup done once."""

    default_item_class = ReviewItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()


#: A raw value as a key: a text, or a list of texts as a tuple.
RawKey = str | tuple[str, ...]


#: Raw values longer than this are not remembered from page to page: a body or a
#: summary is read once, and would only fill the memory.
MAX_REMEMBERED_CHARS = 500


class Normaliser:
    """One page's normalisation: each field's declared processors, run the way
    :class:`ReviewLoader` runs them, with each distinct raw value of a field read
    once. Layers often offer the same text (a headline from the meta tags, the
    JSON-LD and the page), and :func:`losers` reads again what :func:`load_review`
    read: the processors are pure, so one page's context gives one answer. A field
    whose processors need no context gives one answer on every page, and a site
    repeats its bylines, ratings and labels: those answers are remembered
    across pages (:func:`read_anywhere`).
    """

    def __init__(self, context: Mapping[str, Any]) -> None:
        self._context = dict(context)  # the loader context, as ItemLoader keeps it
        self._read: dict[tuple[str, RawKey], list[Any]] = {}
        self._inputs: dict[str, Callable[..., Any]] = {}
        self._outputs: dict[str, Callable[..., Any]] = {}

    def values(self, field_name: str, value: Any) -> list[Any]:
        """What ``add_value`` collects for ``value``: the input processor's values."""
        hashable = _hashable(value)
        if hashable is None:
            return self._input(field_name, value)
        texts = (hashable,) if isinstance(hashable, str) else hashable
        if context_free(field_name) and all(len(t) <= MAX_REMEMBERED_CHARS for t in texts):
            # MapCompose maps each text of a list on its own: a list's values
            # are its texts' values, one after the other.
            return [found for text in texts for found in read_anywhere(field_name, text)]
        found = self._read.get((field_name, hashable))
        if found is None:
            found = self._read[field_name, hashable] = self._input(field_name, value)
        return list(found)

    def output(self, field_name: str, values: list[Any]) -> Any:
        """The field's value from collected ``values``, as ``get_output_value`` gives it."""
        output = self._outputs.get(field_name)
        if output is None:
            output = self._outputs[field_name] = self._wrapped(_declared("out", field_name))
        return output(values)

    def _input(self, field_name: str, value: Any) -> list[Any]:
        if value is None:  # add_value ignores it
            return []
        processor = self._inputs.get(field_name)
        if processor is None:
            processor = self._inputs[field_name] = self._wrapped(_declared("in", field_name))
        processed = processor(arg_to_iter(value))
        return list(arg_to_iter(processed)) if processed else []

    def _wrapped(self, processor: Callable[..., Any]) -> Callable[..., Any]:
        return wrap_loader_context(processor, self._context)


@cache
def context_free(field_name: str) -> bool:
    """Whether a field's input processors read nothing but the value.

    >>> context_free("authors"), context_free("published_at")
    (True, False)
    """
    processor = _declared("in", field_name)
    functions = getattr(processor, "functions", (processor,))
    return not any("loader_context" in get_func_args(function) for function in functions)


@lru_cache(maxsize=8192)
def read_anywhere(field_name: str, value: str) -> tuple[Any, ...]:
    """A :func:`context_free` field's values for a raw text, on any page.

    >>> read_anywhere("authors", "By Ann Lee and Bo Berg")
    ('Ann Lee', 'Bo Berg')
    """
    processed = _declared("in", field_name)(value)
    return tuple(arg_to_iter(processed)) if processed else ()


def forget() -> None:
    """Forget every reading remembered from page to page: the normalisers' and
    :func:`read_anywhere`'s (a benchmark measures first readings)."""
    read_anywhere.cache_clear()
    clean_text.cache_clear()
    forget_readings()


@cache
def _declared(way: str, field_name: str) -> Callable[..., Any]:
    """A field's input ("in") or output ("out") processor, as :class:`ReviewLoader` has it."""
    loader = ReviewLoader()
    return (
        loader.get_input_processor(field_name)
        if way == "in"
        else loader.get_output_processor(field_name)
    )


def _hashable(value: Any) -> RawKey | None:
    """A raw value as a key; None for one that has none (a mapping).

    >>> _hashable("Dune"), _hashable(["Ann", "Bo"]), _hashable({"ratingValue": "4"})
    ('Dune', ('Ann', 'Bo'), None)
    """
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def load_review(
    candidates: Mapping[str, list[Candidate]], context: Mapping[str, Any]
) -> ReviewItem:
    """Per field, the first candidate (in trust order) that normalises to a value wins.

    A whole list (authors, cast) comes from one layer: two layers' lists are
    never mixed, because each layer's list is complete in its own way.
    """
    normaliser = Normaliser(context)
    sources: dict[str, str] = {}
    raw: dict[str, RawValue] = {}
    decided: dict[str, Decided] = {}
    values: dict[str, Any] = {}
    for field_name, field_candidates in candidates.items():
        for index, candidate in enumerate(field_candidates):
            collected = normaliser.values(field_name, candidate.value)
            if collected:
                sources[field_name] = candidate.source
                raw[field_name] = candidate.value
                values[field_name] = normaliser.output(field_name, collected)
                # "or None": what ranked() counts as readable
                decided[field_name] = (index, values[field_name] or None)
                break
    _year_from_title(normaliser, values, sources, raw)
    item = ReviewItem(**{name: value for name, value in values.items() if value is not None})
    item.field_sources, item.raw = sources, raw
    item.losers = losers(candidates, context, decided, normaliser)
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
    normaliser: Normaliser | None = None,
) -> list[tuple[Candidate, Any]]:
    """Each candidate with its normalised value (None when unreadable), the winner
    (the first readable one, as :func:`load_review` chooses) first.

    With ``decided``, what :func:`load_review` already knows is not normalised
    again: the candidates before the winner were unreadable, and the winner's
    value is given; only the candidates after it are read.
    """
    normaliser = normaliser or Normaliser(context)
    rows: list[tuple[Candidate, Any]] = []
    if decided is not None and decided[1] is not None:
        rows = [(candidate, None) for candidate in candidates[: decided[0]]]
        rows.append((candidates[decided[0]], decided[1]))
    start = len(rows)
    for candidate in candidates[start:]:
        collected = normaliser.values(field_name, candidate.value)
        rows.append((candidate, normaliser.output(field_name, collected) or None))
    winner = next((i for i, (_, value) in enumerate(rows) if value is not None), None)
    return rows if winner is None else [rows[winner], *rows[:winner], *rows[winner + 1 :]]


def losers(
    candidates: Mapping[str, list[Candidate]],
    context: Mapping[str, Any],
    decided: Mapping[str, Decided] | None = None,
    normaliser: Normaliser | None = None,
) -> dict[str, list[Candidate]]:
    """Per field, the candidates that lost and say something other than the winner
    (another value, or one normalisation cannot read), in trust order.

    When no candidate is readable, all of them are kept: a score whose scale is
    unknown ("8") stays visible, and ``scrapy renormalize`` reads it once the
    site file gives the scale.
    """
    decided = decided or {}
    kept: dict[str, list[Candidate]] = {}
    normaliser = normaliser or Normaliser(context)
    for field_name, field_candidates in candidates.items():
        if field_name in UNKEPT_LOSERS or (field_name in decided and len(field_candidates) < 2):
            continue  # a lone candidate that won lost nothing
        rows = ranked(field_name, field_candidates, context, decided.get(field_name), normaliser)
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
    normaliser: Normaliser,
    values: dict[str, Any],
    sources: dict[str, str],
    raw: dict[str, RawValue],
) -> None:
    """'Dune (2021)' as a title also gives the year when nothing else did."""
    title = raw.get("work_title")
    if "work_year" in values or not isinstance(title, str):
        return
    year = title_year(title)
    if year is not None:
        if collected := normaliser.values("work_year", year):
            values["work_year"] = normaliser.output("work_year", collected)
        sources["work_year"] = sources["work_title"]
        raw["work_year"] = title
