"""Candidates from ``<meta>`` tags, ``<link rel=canonical>``, ``<title>`` and ``<html lang>``."""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urljoin

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.page import Page
from aggregator.extraction.tree_text import element_text, squash

SOURCE = "meta"

#: Field → meta names/properties, most specific first.
META_KEYS: Mapping[str, tuple[str, ...]] = {
    "headline": ("og:title", "twitter:title", "title", "dc.title", "sailthru.title"),
    "summary": ("og:description", "twitter:description", "description", "dc.description"),
    "canonical_url": ("og:url", "twitter:url"),
    "published_at": (
        "article:published_time", "og:published_time", "article:published",
        "datepublished", "publish-date", "publishdate", "pubdate", "date",
        "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created",
        "sailthru.date", "parsely-pub-date", "article.published",
    ),
    "authors": (
        "article:author", "author", "dc.creator", "dcterms.creator",
        "parsely-author", "sailthru.author", "byl",
    ),
    "publication": ("og:site_name", "application-name"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
}  # fmt: skip

#: og:type values naming the kind of work the page is about ("article" says nothing).
WORK_OG_TYPES = ("video.", "book", "music.", "game")


def meta_candidates(page: Page) -> Candidates:
    """Candidates from the page head; ``value=`` is read where ``content=`` is missing."""
    tags = meta_tags(page)
    candidates: Candidates = {}
    for field, keys in META_KEYS.items():
        values = [value for key in keys for value in tags.get(key, ())]
        if field == "authors":
            values = [v for v in values if not _is_url_or_handle(v)]
        if field == "canonical_url":
            values = [urljoin(page.url, v) for v in values]
        _add(candidates, field, values)
    _add(candidates, "canonical_url", _canonical_links(page), first=True)
    _add(candidates, "language", [str(v) for v in page.tree.xpath("/html/@lang | /html/@xml:lang")])
    og_type = tags.get("og:type", [""])[0].lower()
    if og_type.startswith(WORK_OG_TYPES):
        # "video.movie", "music.album": the kind is the last part.
        _add(candidates, "work_type", [og_type.rsplit(".", 1)[-1]])
    return candidates


def meta_tags(page: Page) -> dict[str, list[str]]:
    """Every meta name/property (lower-cased) → its non-empty values in page order."""
    tags: dict[str, list[str]] = {}
    for meta in page.tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv")
        value = meta.get("content") or meta.get("value")
        if key and value and value.strip():
            # Some CMSs escape twice: "&amp;bdquo;" reaches us as "&bdquo;".
            text = html.unescape(value) if "&" in value else value
            tags.setdefault(key.strip().lower(), []).append(squash(text))
    return tags


def _canonical_links(page: Page) -> list[str]:
    hrefs = page.tree.xpath(
        "//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
    )
    return [urljoin(page.url, str(href).strip()) for href in hrefs if str(href).strip()]


def title_candidates(page: Page) -> Candidates:
    """The ``<title>``: it usually carries the site name too, so it ranks below
    the visible headline (see :func:`extract`), unlike the other head tags."""
    titles = [element_text(element) for element in page.tree.xpath("//head/title | //title")[:1]]
    found = [Candidate(t, SOURCE) for t in titles if t]
    return {"headline": found} if found else {}


def _add(candidates: Candidates, field: str, values: list[str], *, first: bool = False) -> None:
    seen = {c.value for c in candidates.get(field, [])}
    fresh = [Candidate(v, SOURCE) for v in dict.fromkeys(values) if v and v not in seen]
    if not fresh:
        return
    existing = candidates.setdefault(field, [])
    candidates[field] = fresh + existing if first else existing + fresh


def _is_url_or_handle(value: str) -> bool:
    # article:author is often a profile URL, twitter:creator a @handle: not names.
    return value.startswith(("http://", "https://", "@", "/"))
