"""The main text of the page and trafilatura's metadata, plus image captions.

trafilatura runs once per page on the shared tree (it copies a tree it is
given before pruning it, so the other layers' tree stays intact, and a copy
is cheaper than a second parse). Its settings favour precision: a review body
with a stray related-links block is worse than one missing a paragraph.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import trafilatura

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.language import guess_language
from aggregator.extraction.page import Page
from aggregator.extraction.text import element_text

logger = logging.getLogger(__name__)

SOURCE = "maintext"

_CAPTIONS = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
)
MAX_CAPTIONS = 50


@dataclass(frozen=True)
class MainText:
    """trafilatura's reading of the page."""

    body_text: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def main_text(page: Page) -> MainText:
    """Body (paragraphs separated by a blank line) and metadata; empty when nothing is found."""
    document = run_trafilatura(page.tree, page.url)
    if document is None:
        return MainText()
    metadata = {
        key: value.strip()
        for key in ("title", "author", "date", "sitename", "description")
        if isinstance(value := getattr(document, key, None), str) and value.strip()
    }
    printed = [c.value for c in visible_headline(page).get("headline", [])]
    titles = [str(t) for t in (*printed, metadata.get("title")) if t]
    body = _without_headline(_paragraphs(getattr(document, "text", None)), titles)
    return MainText(body, metadata)


#: The headline is looked for among the body's first paragraphs (after a kicker).
HEADLINE_WITHIN = 3


def _without_headline(body: str | None, titles: list[str]) -> str | None:
    """The review text without the headline (and any kicker above it) that
    main-text extraction keeps on top.

    A copy of a review under another headline must have the same text.

    >>> _without_headline("Film review\\n\\nDune review\\n\\nSand.", ["Dune review"])
    'Sand.'
    >>> _without_headline("Sand.\\n\\nMore sand.", ["Dune review"])
    'Sand.\\n\\nMore sand.'
    """
    if not body:
        return body
    keys = {" ".join(t.casefold().split()) for t in titles}
    paragraphs = body.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:HEADLINE_WITHIN]):
        if " ".join(paragraph.casefold().split()) in keys:
            return "\n\n".join(paragraphs[index + 1 :]) or None
    return body


def run_trafilatura(html: Any, url: str | None) -> Any:
    """trafilatura's ``bare_extraction`` with this project's settings (a Document or None)."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )


def maintext_candidates(text: MainText) -> Candidates:
    meta = text.metadata
    candidates: Candidates = {}
    pairs = (
        ("body_text", text.body_text),
        ("headline", meta.get("title")),
        ("published_at", meta.get("date")),
        ("publication", meta.get("sitename")),
        ("summary", meta.get("description")),
    )
    for name, value in pairs:
        if value:
            candidates[name] = [Candidate(value, SOURCE)]
    authors = [a.strip() for a in meta.get("author", "").split(";") if a.strip()]
    if authors:
        candidates["authors"] = [Candidate(authors, SOURCE)]
    return candidates


_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_HEADLINE_XPATHS = (
    f"//*[self::h1 or self::h2][{_HAS_CLASS.format('entry-title')}]",
    f"//*[self::h1 or self::h2][{_HAS_CLASS.format('post-title')}]",
    "//*[self::h1 or self::h2]/a[@rel='bookmark']",
    "//article//h1 | //main//h1",
)


def visible_headline(page: Page) -> Candidates:
    """The headline as printed: a blog's entry title, else the one h1 of the article
    (or of the page, when there is only one; several h1s are logos and widgets)."""
    for xpath in (*_HEADLINE_XPATHS, "//h1"):
        found = page.tree.xpath(xpath)
        if len(found) == 1 or (found and xpath != "//h1"):
            text = element_text(found[0])
            if text:
                return {"headline": [Candidate(text, SOURCE)]}
    return {}


def language_candidates(text: MainText) -> Candidates:
    """A guess from the body's words, for pages that declare no language."""
    language = guess_language(text.body_text or "")
    return {"language": [Candidate(language, SOURCE)]} if language else {}


def captions(page: Page) -> tuple[str, ...]:
    """Image captions, for prose mining (they often name the work and its cast)."""
    found = (element_text(element) for element in page.tree.xpath(_CAPTIONS)[:MAX_CAPTIONS])
    return tuple(dict.fromkeys(text for text in found if text))


def _paragraphs(text: str | None) -> str | None:
    if not text:
        return None
    lines = (line.strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line) or None
