"""Which of the page's headlines is the headline.

A page offers several: structured data, OpenGraph/Twitter titles, the
printed heading(s), trafilatura's pick and the ``<title>``. The head tags
often carry the site's name or section ("Dune review | The Paper"), social
titles are sometimes rewritten for sharing, and a page may print several
``h1``s (logos, widgets). So, after taking the site's name off every
candidate (:mod:`aggregator.extraction.sitename`):

1. a site selector wins, as the site file says;
2. a printed heading that a declared headline confirms wins, in the page's
   own spelling (what the reader sees; quotes and dashes as printed);
3. else the declared headline most sources agree on;
4. else the printed heading of the article, then trafilatura's, then ``<title>``;
5. a page with none of these (old hand-written HTML without ``<title>`` or
   ``h1``) is titled by a heading that carries its byline ("Whose Beowulf is
   it anyway? Review by A. Critic"): the text before the byline.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.classes import has_class
from aggregator.extraction.meta import META_KEYS, meta_tags
from aggregator.extraction.page import Page
from aggregator.extraction.pagekind import Layout, layout
from aggregator.extraction.sitename import host_names, key, nav_parts, path_sections, strip_site
from aggregator.extraction.tree_text import element_text
from aggregator.sites import SiteConfig

#: Layers whose headline the publisher declared for this page.
DECLARED = frozenset({"selector", "jsonld", "microdata", "rdfa", "meta"})
#: Classes of a blog's entry title (an ``h2`` on some themes).
ENTRY_TITLE_CLASSES = ("entry-title", "post-title")
#: Database pages add the year to the head tags ("Dune (2021)") but print it apart.
_TRAILING_YEAR = re.compile(r"\s*\((?:19|20)\d\d\)$")
MAX_PRINTED = 20
#: Single-word items between commas that make a title a keyword list.
KEYWORD_ITEMS = 4
_SITE_NAME_TAGS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")


def choose_headline(
    page: Page,
    candidates: Sequence[Candidate],
    sites: Iterable[str],
    sections: Iterable[str] = (),
) -> list[Candidate]:
    """The candidates, the chosen one first, each without the site's name."""
    sites, sections = tuple(sites), tuple(sections)
    if candidates and candidates[0].source == "selector":
        return list(candidates)
    texts = [c for c in candidates if isinstance(c.value, str) and not is_keyword_list(c.value)]
    if not texts:
        return []
    titles = _title_only(page)
    cleaned = [Candidate(strip_site(str(c.value), sites, sections), c.source) for c in texts]
    declared = [c for c, raw in zip(cleaned, texts, strict=True) if _declared(raw, titles)]
    agreed = _agreed(declared)
    chosen = (
        _confirmed(printed_headings(page), declared)
        or (_commonest_spelling(agreed, cleaned) if agreed else None)
        or next((c for c in cleaned if not _declared_source(c)), None)
    )
    if chosen is None:
        return cleaned
    return [chosen, *(c for c in cleaned if c != chosen)]


def site_names(page: Page, publications: Iterable[object], site: SiteConfig | None) -> list[str]:
    """Every name the site goes by: head tags, the publisher, the site file, the host."""
    tags = meta_tags(page)
    named = [value for name in _SITE_NAME_TAGS for value in tags.get(name, ())]
    named += [str(p) for p in publications if isinstance(p, str)]
    if site and site.publication:
        named.append(site.publication)
    return [*(n.lstrip("@") for n in named), *host_names(page.url)]


def is_keyword_list(text: str) -> bool:
    """A run of single words between commas ("News, Trailers, Reviews, Guides"): a
    site's sections or search keywords, which name no article. Empty text too.

    >>> is_keyword_list("Galaxy News, Trailers, Screenshots, Previews, Reviews, Guides")
    True
    >>> is_keyword_list("Sex, lies and videotape, reviewed")
    False
    """
    items = [item.split() for item in text.split(",")]
    return not text.strip() or sum(len(words) == 1 for words in items) >= KEYWORD_ITEMS


def printed_headings(page: Page) -> list[str]:
    """Every ``h1`` and blog entry title, in page order."""
    printed = (
        e for e in page.tree.iter("h1", "h2") if e.tag == "h1" or has_class(e, *ENTRY_TITLE_CLASSES)
    )
    found = (element_text(e) for e in itertools.islice(printed, MAX_PRINTED))
    return list(dict.fromkeys(text for text in found if text))


def _title_only(page: Page) -> set[str]:
    """``<title>`` texts that no declared head tag repeats (the title is not declared
    as *this page's* headline: it names the site and section too)."""
    tags = meta_tags(page)
    social = {value for name in META_KEYS["headline"] for value in tags.get(name, ())}
    titles = (element_text(e) for e in page.tree.xpath("//head/title | //title")[:1])
    return {title for title in titles if title and title not in social}


def _declared(candidate: Candidate, titles: set[str]) -> bool:
    return _declared_source(candidate) and candidate.value not in titles


def _declared_source(candidate: Candidate) -> bool:
    return candidate.source in DECLARED


def _match_key(text: str) -> str:
    return key(_TRAILING_YEAR.sub("", text))


def _confirmed(printed: list[str], declared: list[Candidate]) -> Candidate | None:
    """The first printed heading that a declared headline states whole, else the
    first that is the longest part of one between navigation separators ("Dune
    review / Film": a shorter part is more likely a section or the site's name,
    which a logo may print as an ``h1`` too)."""
    whole = {_match_key(str(c.value)) for c in declared}
    parts = {_match_key(_longest_part(str(c.value))) for c in declared}
    for stated in (whole, parts):
        for text in printed:
            if _match_key(text) in stated:
                same = [c for c in declared if c.value == text]
                return same[0] if same else Candidate(text, "maintext")
    return None


def _longest_part(text: str) -> str:
    return max(nav_parts(text) or [text], key=len)


def _agreed(declared: list[Candidate]) -> Candidate | None:
    """The declared headline most layers agree on (ties: the most trusted); its
    commonest spelling."""
    if not declared:
        return None
    votes = Counter(_match_key(str(c.value)) for c in declared)
    best = max(votes, key=lambda k: (votes[k], -_first_index(declared, k)))
    return next(c for c in declared if _match_key(str(c.value)) == best)


def _commonest_spelling(chosen: Candidate, cleaned: list[Candidate]) -> Candidate:
    """Of the spellings of the chosen declared headline ("A : B", "A: B"), the one
    most layers use (ties: the most trusted)."""
    match = _match_key(str(chosen.value))
    same = [c for c in cleaned if _match_key(str(c.value)) == match]
    spellings = Counter(str(c.value) for c in same)
    best = max(spellings, key=lambda s: spellings[s])
    return next(c for c in same if c.value == best)


def _first_index(declared: list[Candidate], match: str) -> int:
    return next(i for i, c in enumerate(declared) if _match_key(str(c.value)) == match)


#: "Title. Review by First Last", "Titel von Vorname Name": a title, then a byline
#: of two to four capitalised words closing the heading (a footnote mark may follow).
_BYLINE_TAIL = re.compile(
    r"^(?P<title>\S.{2,200}?)[\s,;:–—-]+(?:(?i:review|rezension|kritik|critique|recensione"
    r"|rese[ñn]a|recensie|recenzja)\s+)?(?i:by|von|par|por|di|door|przez)\s+"
    r"(?P<name>[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){1,3})[\s*†]*$"
)
# "Directed by", "edited by": credits of the work, not the piece's byline.
_CREDIT = re.compile(
    r"^(?:directed|edited|written|produced|translated|illustrated|narrated|performed|read"
    r"|hosted|presented|composed|inszeniert|geschrieben|gelesen|übersetzt|herausgegeben"
    r"|réalisée?|écrite?|traduite?|dirigid[oa]|escrit[oa]|dirett[oa]|scritt[oa]|tradott[oa]"
    r"|geregisseerd|geschreven|vertaald)$",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_HEADINGS = 10


def byline_heading(page: Page) -> str | None:
    """The title part of the first heading that ends in a byline.

    >>> from aggregator.extraction.page import Page
    >>> html = b"<h3>Review of X, edited by K. Lee</h3><h4>Whose X? Review by Ann Kim *</h4>"
    >>> byline_heading(Page("https://x.example/r.html", html, None))
    'Whose X?'
    """
    for heading in itertools.islice(page.tree.iter(*_HEADINGS), MAX_HEADINGS):
        match = _BYLINE_TAIL.match(element_text(heading))
        if match and not _CREDIT.search(match.group("title").split()[-1]):
            return match.group("title").strip()
    return None


def with_headline(
    page: Page,
    layers: Candidates,
    site: SiteConfig | None,
    *,
    page_layout: Layout | None = None,
) -> Candidates:
    """``layers`` with their headline candidates re-ordered and cleaned (see the
    module's doc); without any when none is a headline. ``page_layout`` is the
    page's :func:`~aggregator.extraction.pagekind.layout` when the caller has it."""
    found = layers.get("headline", [])
    if not found:
        title = byline_heading(page)
        return {**layers, "headline": [Candidate(title, "maintext")]} if title else layers
    publications = [c.value for c in layers.get("publication", [])]
    sections = (*path_sections(page.url), *(page_layout or layout(page.tree))[0])
    names = site_names(page, publications, site)
    chosen = choose_headline(page, found, names, sections)
    rest = {field: values for field, values in layers.items() if field != "headline"}
    return {**rest, "headline": chosen} if chosen else rest
