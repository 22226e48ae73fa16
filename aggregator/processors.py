"""Loader processors that need the page's context (its URL, site, crawl time).

The context-free normalisers live in :mod:`aggregator.normalize`; these adapt
them to itemloaders' ``loader_context`` so that the field declarations in
:mod:`aggregator.items` can name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aggregator.normalize import clean_text, parse_date, parse_score, split_title_year
from aggregator.urls import canonical_url


def date(value: str, loader_context: Mapping[str, Any]) -> datetime | None:
    return parse_date(
        value,
        languages=loader_context.get("languages"),
        date_order=loader_context.get("date_order"),
        relative_base=loader_context.get("relative_base"),
    )


def score(value: Any, loader_context: Mapping[str, Any]) -> Any:
    return parse_score(value, best=loader_context.get("score_best"))


def canonical(value: str, loader_context: Mapping[str, Any]) -> str | None:
    page_url = loader_context.get("page_url")
    if not page_url:
        return None
    return canonical_url(page_url, declared=value, extra_params=loader_context.get("tracking", ()))


def title(value: str) -> str | None:
    """The title without a trailing year.

    >>> title("Dune (2021)")
    'Dune'
    """
    return split_title_year(clean_text(value))[0]


def title_year(value: str) -> int | None:
    """The year a title carries, if any.

    >>> title_year("Dune (2021)"), title_year("Dune")
    (2021, None)
    """
    return split_title_year(clean_text(value))[1]
