"""From page bytes to a normalised review: the one pure entry point.

``build_review`` is what the spider, ``scrapy extract``, the evaluation and a
worker process all call: (URL, body bytes, site config) in, item out, with no
Scrapy or database objects involved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aggregator import plausible
from aggregator.extraction import extract
from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.items import ReviewItem, review_to_dict
from aggregator.loaders import load_review
from aggregator.nesting import flatten_deep_nesting
from aggregator.similarity import text_digest
from aggregator.sites import SiteConfig
from aggregator.urls import canonical_url

__all__ = ["build_review", "review_to_dict", "site_defaults", "text_digest"]


def build_review(
    url: str,
    body: bytes,
    site: SiteConfig | None = None,
    *,
    content_type: str | None = None,
    crawled_at: datetime | None = None,
) -> ReviewItem:
    """Extract and normalise one page."""
    crawled_at = crawled_at or datetime.now(UTC)
    extraction = extract(url, flatten_deep_nesting(body), site, content_type=content_type)
    candidates = _with_site_defaults(extraction.candidates, site)
    context = loader_context(url, site, crawled_at)
    item = plausible.check(load_review(candidates, context), context, candidates)
    item.url = url
    item.site = site.name if site else None
    item.page_type = extraction.page_kind.kind
    item.page_kind_reasons = list(extraction.page_kind.reasons)
    item.crawled_at = crawled_at
    if item.canonical_url is None:
        item.canonical_url = canonical_url(url, extra_params=site.tracking_params if site else ())
    item.body_digest = text_digest(item.body_text)
    return item


def loader_context(url: str, site: SiteConfig | None, crawled_at: datetime) -> dict[str, Any]:
    """What the loader's processors need to know about the page and its site."""
    return {
        "page_url": url,
        "languages": [site.language.split("-")[0]] if site else ["en"],
        "date_order": site.date_order if site else None,
        "relative_base": crawled_at,
        "score_best": site.score_best if site else None,
        "tracking": site.tracking_params if site else (),
    }


def site_defaults(site: SiteConfig | None) -> Candidates:
    """Values the site file states for every page of the site (lowest trust)."""
    if site is None:
        return {}
    defaults: Candidates = {"language": [Candidate(site.language, "site")]}
    if site.publication:
        defaults["publication"] = [Candidate(site.publication, "site")]
    if site.work_type:
        defaults["work_type"] = [Candidate(site.work_type, "site")]
    return defaults


def _with_site_defaults(candidates: Candidates, site: SiteConfig | None) -> Candidates:
    merged = {name: list(values) for name, values in candidates.items()}
    for name, values in site_defaults(site).items():
        merged.setdefault(name, []).extend(values)
    return merged
