"""What a page says about its own kind, gathered for :func:`pagekind.classify`.

The page's layers have run by now (the body fallback too), so the signs are
read from their candidates and the shared tree; the site file adds what it
knows: which URLs are the site's reviews, and the language of its words.
"""

from __future__ import annotations

from aggregator.extraction.candidates import Candidates
from aggregator.extraction.headline import site_names
from aggregator.extraction.page import Page
from aggregator.extraction.pagekind import Layout, Signs, labels, layout
from aggregator.extraction.structured import StructuredData
from aggregator.normalize.scores import parse_score
from aggregator.sites import SiteConfig


def page_signs(
    page: Page,
    candidates: Candidates,
    structured: StructuredData,
    site: SiteConfig | None,
    *,
    page_layout: Layout | None = None,
) -> Signs:
    """Structured types, score, sections, tags, site names, listing size, the
    site file's review URLs and the page's language. ``page_layout`` is the
    page's :func:`~aggregator.extraction.pagekind.layout` when the caller has it."""
    categories, articles = page_layout or layout(page.tree)
    publications = [c.value for c in candidates.get("publication", [])]
    return Signs(
        structured_types=structured.types,
        review_count=structured.review_count,
        has_score=_readable_score(candidates, site),
        categories=categories,
        labels=labels(page.tree),
        site_names=site_names(page, publications, site),
        articles=articles,
        review_url=bool(site and site.is_review_url(page.url)),
        language=site.language if site else _declared_language(candidates),
    )


def _readable_score(candidates: Candidates, site: SiteConfig | None) -> bool:
    """A score the page prints (not one mined from prose) that reads as a verdict: a
    bare number or a stray class is no evidence until a scale makes it one."""
    best = site.score_best if site else None
    return any(
        c.source != "prose" and parse_score(c.value, best=best) is not None
        for c in candidates.get("score", [])
        if not isinstance(c.value, list)
    )


def _declared_language(candidates: Candidates) -> str | None:
    values = [c.value for c in candidates.get("language", []) if isinstance(c.value, str)]
    return values[0] if values else None
