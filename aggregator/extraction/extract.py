"""One page in, every layer's candidates and the page's kind out.

The page is decoded and parsed once; each layer reads the shared tree, in
trust order. A layer that fails costs only its own candidates: nothing raised
by a page, however broken, escapes :func:`extract`.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from aggregator.extraction.byline import (
    byline_candidates,
    checked_authors,
    copyright_credit,
    without_site_names,
)
from aggregator.extraction.candidates import Candidate, Candidates, merge
from aggregator.extraction.dates import published_candidates, settle_published, without_date
from aggregator.extraction.headline import with_headline
from aggregator.extraction.infobox import infobox_candidates, kicker
from aggregator.extraction.maintext import (
    MainText,
    captions,
    language_candidates,
    main_text,
    maintext_candidates,
    visible_headline,
)
from aggregator.extraction.meta import meta_candidates, title_candidates
from aggregator.extraction.namedwork import (
    clean_work_titles,
    headline_kind,
    named_work_candidates,
)
from aggregator.extraction.page import MAX_BODY_BYTES, Page, hrefs
from aggregator.extraction.pagekind import Layout, PageKind, classify, layout
from aggregator.extraction.pagesigns import page_signs
from aggregator.extraction.prose import prose_candidates
from aggregator.extraction.score import score_candidates
from aggregator.extraction.selectors import selector_candidates
from aggregator.extraction.structured import StructuredData, structured_data
from aggregator.extraction.tree_text import block_text
from aggregator.extraction.verdict import verdict_candidates
from aggregator.extraction.worktitle import worktitle_candidates
from aggregator.extraction.worktype import (
    page_tags,
    worktype_candidates,
    worktype_from_facts,
)
from aggregator.sites import SiteConfig

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds spent per layer, filled in when the caller passes a dict.
Timings = MutableMapping[str, float]

#: Characters of page text offered to prose mining when there is no main text.
MAX_PAGE_TEXT = 100_000

#: Layers whose body text is offered to prose mining, best first.
_BODY_SOURCES = ("selector", "maintext", "jsonld", "microdata", "rdfa")


@dataclass
class Extraction:
    """Everything extraction found on one page."""

    candidates: Candidates
    page_kind: PageKind
    captions: tuple[str, ...]
    #: The page's link targets (:func:`aggregator.extraction.page.hrefs`) when
    #: asked for; None when not asked for or when the page is not HTML.
    hrefs: tuple[str, ...] | None = None


def extract(
    url: str,
    body: bytes,
    site: SiteConfig | None = None,
    *,
    content_type: str | None = None,
    timings: Timings | None = None,
    links: bool = False,
) -> Extraction:
    """Candidates from every layer, merged in trust order, and the page's kind;
    with ``links``, the page's link targets too (from the same parse).

    ``timings``, when given, receives the seconds spent in each layer (for
    benchmarks; nothing is measured otherwise).
    """
    try:
        page = Page(url, body, content_type)
        if not page.is_html:
            return Extraction({}, PageKind("other", ("not_html",)), ())
        extraction = _extract(page, site, timings)
        if links and len(body) <= MAX_BODY_BYTES:  # else parts of the page are left unread
            extraction.hrefs = _Runner(url, timings)("links", lambda: hrefs(page.tree), None)
        return extraction
    except Exception:  # the last line of defence: one odd page must not stop a crawl
        # One line for the crawl's log; the traceback, for a bug report, at DEBUG.
        logger.warning("extraction failed for %s: %s", url, _why())
        logger.debug("extraction failed for %s", url, exc_info=True)
        return Extraction({}, PageKind("other", ("error",)), ())


def _extract(page: Page, site: SiteConfig | None, timings: Timings | None) -> Extraction:
    run = _Runner(page.url, timings)
    # Every element's Python object, kept for the page's extraction: lxml then
    # hands each later walk or XPath result the same objects instead of building
    # (and classifying) new ones every time, which costs more than the walks.
    elements: list[object] = run("parse", lambda: list(page.tree.iter()), [])
    selected = run("selector", lambda: selector_candidates(page, site), Candidates())
    structured = run("structured", lambda: structured_data(page), StructuredData({}, (), 0))
    meta = run("meta", lambda: meta_candidates(page), Candidates())
    text = run("maintext", lambda: main_text(page), MainText())
    printed = run("printed", lambda: _printed(page, text, site), Candidates())
    found_captions = run("captions", lambda: captions(page), tuple[str, ...]())
    layers = _body_first(merge(selected, structured.candidates, meta, printed))
    layers = run("dates", lambda: settle_published(layers, page), layers)
    layers = run("authors", lambda: without_site_names(layers, page), layers)
    # Sections and articles: read once for the headline's site labels and the page's kind.
    found_layout = run("headline", lambda: layout(page.tree), None)
    layers = run(
        "headline", lambda: with_headline(page, layers, site, page_layout=found_layout), layers
    )
    headlines = [c.value for c in layers.get("headline", []) if isinstance(c.value, str)]
    named = run("worktitle", lambda: _named_work(page, headlines), Candidates())
    body = _best_body(layers)
    headline = headlines[0] if headlines else None
    minable = body or run("pagetext", lambda: _page_text(page), "")
    prose = run(
        "prose",
        lambda: prose_candidates(minable, headline=headline, captions=found_captions),
        Candidates(),
    )
    facts = run("facts", lambda: _type_facts(page, merge(layers, named)), Candidates())
    from_url = {"canonical_url": [Candidate(page.url, "url")]}
    candidates = merge(layers, named, prose, facts, from_url)
    kind = run(
        "pagekind",
        lambda: _classify(page, candidates, structured, body, site, found_layout),
        None,
    )
    kind = kind or PageKind("other", ("error",))
    review = kind.kind == "review"
    candidates = run(
        "worktitle",
        lambda: clean_work_titles(candidates, page.url, review=review, headlines=headlines),
        candidates,
    )
    candidates = run(
        "worktitle", lambda: headline_kind(candidates, headlines, review=review), candidates
    )
    del elements  # kept alive until here
    return Extraction(candidates, kind, tuple(found_captions))


def _printed(page: Page, text: MainText, site: SiteConfig | None) -> Candidates:
    """What the page shows and trafilatura reads, below the declared metadata.

    trafilatura's date comes from a search through the whole text (copyright
    lines, comments, dates the review cites): the printed layer reads the
    review's own date instead. Its author must be printed on the page.
    """
    return merge(
        visible_headline(page),
        title_candidates(page),
        published_candidates(page, site),
        byline_candidates(page),
        checked_authors(without_date(maintext_candidates(text)), page),
        copyright_credit(page),
        language_candidates(text),
        verdict_candidates(page),
    )


def _named_work(page: Page, headlines: list[str]) -> Candidates:
    """The work as the page prints it (details box, kicker) and as headlines name it,
    and the score as printed (labelled lines, score boxes, star images)."""
    label = kicker(page)
    named = named_work_candidates(page.tree, headlines[0] if headlines else None)
    return merge(
        infobox_candidates(page),
        score_candidates(page, headlines),
        worktitle_candidates(
            headlines,
            page.url,
            kicker=label,
            named=[str(c.value) for c in named.get("work_title", [])],
        ),
        worktype_candidates(
            [label, *headlines] if label else headlines, page.url, page_tags(page.tree)
        ),
    )


def _type_facts(page: Page, layers: Candidates) -> Candidates:
    def texts(field: str) -> list[str]:
        values = [c.value for c in layers.get(field, [])]
        return [
            v
            for value in values
            for v in ([value] if isinstance(value, str) else value)
            if isinstance(v, str)
        ]

    return worktype_from_facts(
        page.text, texts("genres"), texts("publication"), texts("content_rating")
    )


def _body_first(candidates: Candidates) -> Candidates:
    """Main-text extraction ahead of structured ``articleBody`` for the body: the
    latter often holds captions and boxes, or the first paragraphs only."""
    rank = {source: index for index, source in enumerate(_BODY_SOURCES)}
    if "body_text" in candidates:
        bodies = candidates["body_text"]
        candidates["body_text"] = sorted(bodies, key=lambda c: rank.get(c.source, len(rank)))
    return candidates


def _page_text(page: Page) -> str:
    """The whole page's text, for prose mining when no main text was found (database
    pages print runtime and rating in boxes that main-text extraction drops)."""
    root = next(page.tree.iter("main"), None)
    if root is None:
        root = next(page.tree.iter("body"), None)
    return block_text(root)[:MAX_PAGE_TEXT] if root is not None else ""


def _best_body(candidates: Candidates) -> str:
    for candidate in candidates.get("body_text", []):
        if isinstance(candidate.value, str) and candidate.value.strip():
            return candidate.value
    return ""


def _classify(
    page: Page,
    candidates: Candidates,
    structured: StructuredData,
    body: str,
    site: SiteConfig | None,
    found_layout: Layout | None,
) -> PageKind:
    headlines = [c.value for c in candidates.get("headline", []) if isinstance(c.value, str)]
    return classify(
        url=page.url,
        headline=headlines[0] if headlines else None,
        body_text=body,
        signs=page_signs(page, candidates, structured, site, page_layout=found_layout),
    )


class _Runner:
    """Runs one layer: times it when asked, and turns its failure into its default."""

    def __init__(self, url: str, timings: Timings | None) -> None:
        self.url = url
        self.timings = timings

    def __call__(self, name: str, layer: Callable[[], T], default: T) -> T:
        with self._timed(name):
            try:
                return layer()
            except Exception:
                logger.warning("layer %s failed for %s: %s", name, self.url, _why())
                logger.debug("layer %s failed for %s", name, self.url, exc_info=True)
                return default

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        if self.timings is None:
            yield
            return
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def _why() -> str:
    """The exception being handled, in one line."""
    error = sys.exc_info()[1]
    return f"{type(error).__name__}: {error}" if error else "unknown error"
