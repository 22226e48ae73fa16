"""Small builders for extraction tests."""

from __future__ import annotations

from aggregator.extraction.candidates import Candidates
from aggregator.extraction.page import Page

URL = "https://reviews.example/film/dune-review/"


def page(html: str, url: str = URL) -> Page:
    return Page(url, html.encode("utf-8"), "text/html; charset=utf-8")


def values(candidates: Candidates, field: str) -> list[object]:
    return [candidate.value for candidate in candidates.get(field, [])]


def sources(candidates: Candidates, field: str) -> list[str]:
    return [candidate.source for candidate in candidates.get(field, [])]
