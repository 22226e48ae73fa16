"""What a page says about its own kind, gathered for :func:`pagekind.classify`.

The page's layers have run by now (the body fallback too), so the signs are
read from their candidates and the shared tree; the site file adds what it
knows: which URLs are the site's reviews, and the language of its words.
"""

from __future__ import annotations

from aggregator.extraction.candidates import Candidates
from aggregator.extraction.headline import site_names
from aggregator.extraction.page import Page
from aggregator.extraction.pagekind import Signs, labels, layout
from aggregator.extraction.structured import StructuredData
from aggregator.sites import SiteConfig


def page_signs(
    page: Page, candidates: Candidates, structured: StructuredData, site: SiteConfig | None
) -> Signs:
    """Structured types, score, sections, tags, site names, listing size, the
    site file's review URLs and the page's language."""
    categories, articles = layout(page.tree)
    publications = [c.value for c in candidates.get("publication", [])]
    return Signs(
        structured_types=structured.types,
        review_count=structured.review_count,
        has_score=any(c.source != "prose" for c in candidates.get("score", [])),
        categories=categories,
        labels=labels(page.tree),
        site_names=site_names(page, publications, site),
        articles=articles,
        review_url=bool(site and site.is_review_url(page.url)),
        language=site.language if site else _declared_language(candidates),
    )


def _declared_language(candidates: Candidates) -> str | None:
    values = [c.value for c in candidates.get("language", []) if isinstance(c.value, str)]
    return values[0] if values else None
