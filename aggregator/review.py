"""From page bytes to a normalised review: the one pure entry point.

``build_review`` is what the spider, ``scrapy extract``, the evaluation and a
worker process all call: (URL, body bytes, site config) in, item out, with no
Scrapy or database objects involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aggregator import plausible
from aggregator.extraction import extract
from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.items import ReviewItem, review_to_dict
from aggregator.loaders import load_review
from aggregator.similarity import text_digest
from aggregator.sites import SiteConfig
from aggregator.urls import canonical_url

__all__ = [
    "ReviewPage",
    "build_review",
    "read_review_page",
    "review_to_dict",
    "site_defaults",
    "text_digest",
]


@dataclass(frozen=True)
class ReviewPage:
    """A crawled page's item, and where the page links to."""

    item: ReviewItem
    #: The link targets on the page (:func:`aggregator.extraction.page.hrefs`),
    #: None when the page could not be read as HTML.
    hrefs: tuple[str, ...] | None


def build_review(
    url: str,
    body: bytes,
    site: SiteConfig | None = None,
    *,
    content_type: str | None = None,
    crawled_at: datetime | None = None,
) -> ReviewItem:
    """Extract and normalise one page."""
    return _build(url, body, site, content_type, crawled_at, links=False).item


def read_review_page(
    url: str,
    body: bytes,
    site: SiteConfig | None = None,
    *,
    content_type: str | None = None,
    crawled_at: datetime | None = None,
) -> ReviewPage:
    """:func:`build_review`, and the page's links from the same parse: what a
    crawl's extraction worker returns, so that the crawl's process, which runs
    every download, need not parse the page a second time to follow its links."""
    return _build(url, body, site, content_type, crawled_at, links=True)


def _build(
    url: str,
    body: bytes,
    site: SiteConfig | None,
    content_type: str | None,
    crawled_at: datetime | None,
    *,
    links: bool,
) -> ReviewPage:
    crawled_at = crawled_at or datetime.now(UTC)
    extraction = extract(url, body, site, content_type=content_type, links=links)
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
    return ReviewPage(item, extraction.hrefs)


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
