"""Candidates from the site file's own selectors: the most trusted layer."""

from __future__ import annotations

import logging

import lxml.html
from parsel import Selector, SelectorList

from aggregator.extraction.candidates import Candidate, Candidates, RawValue
from aggregator.extraction.page import Page
from aggregator.extraction.tree_text import block_text, element_text, squash
from aggregator.sites import SiteConfig, is_xpath

logger = logging.getLogger(__name__)

#: Fields whose value is every match, not just the first.
LIST_FIELDS = frozenset({"authors", "cast", "directors", "platforms", "genres"})

SOURCE = "selector"


def selector_candidates(page: Page, site: SiteConfig | None) -> Candidates:
    """One candidate per field the site file has a selector for, when it matches."""
    if site is None:
        return {}
    candidates: Candidates = {}
    for field, query in site.selectors.items():
        try:
            matches = page.selector.xpath(query) if is_xpath(query) else page.selector.css(query)
        except ValueError as exc:  # parsel's selector syntax errors derive from ValueError
            logger.warning("site %s: selector for %s failed: %s", site.name, field, exc)
            continue
        value = _value(field, matches)
        if value:
            candidates[field] = [Candidate(value, SOURCE)]
    return candidates


def _value(field: str, matches: SelectorList[Selector]) -> RawValue | None:
    if field in LIST_FIELDS:
        texts = [_text(match, paragraphs=False) for match in matches]
        return [text for text in texts if text] or None
    if field == "body_text" and len(matches) > 1:
        # "article p" style selectors: each match is one paragraph.
        return "\n\n".join(t for t in (_text(m, paragraphs=True) for m in matches) if t) or None
    for match in matches:
        text = _text(match, paragraphs=field == "body_text")
        if text:
            return text
    return None


def _text(match: Selector, *, paragraphs: bool) -> str:
    """Text of a match: a text/attribute node as is, an element's descendant text."""
    root = match.root
    if isinstance(root, lxml.html.HtmlElement):
        return block_text(root) if paragraphs else element_text(root)
    if isinstance(root, str):
        return squash(root)
    return squash(match.get() or "")
