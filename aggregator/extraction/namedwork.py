"""The reviewed work as the page's text and markup name it, beyond the headline.

- Italics: style guides set the titles of books, films and albums in italics,
  and a review keeps naming its work ("In *Why We're Polarized*, Klein ...").
  The phrase set in italics far more often than any other is the work.
- A review heading that sets a title apart: "Review of *Electronic Beowulf*,
  edited by ...".
- A post tagged with its own headline is about the thing the headline names
  (blogs tag a review "Stand Up Guys" under the headline "Stand Up Guys").

Two checks apply to every work-title candidate: the site's own name is not a
work ("Site", "Site: X", "X (Site)", "X | Site" lose the site part), and a page
that is not a review keeps only titles the page states (structured data,
details box, a "Title (Year)" headline), never one guessed from a headline's
quotes or the URL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlparse

import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.text import element_text

SOURCE = "prose"
#: How often the work's title must be set in italics, and how many times more
#: often than the next phrase (an italicised foreign word or emphasis).
MIN_ITALIC_COUNT = 3
ITALIC_LEAD = 2
MAX_TITLE_WORDS = 12
#: Layers whose title is guessed from wording rather than stated by the page.
GUESSED_SOURCES = frozenset({"prose", "url"})

_ITALICS = ("em", "i", "cite")
_OUTSIDE_TEXT = frozenset({"nav", "footer", "aside", "a", "header", "figcaption"})
_REVIEW_HEADING = re.compile(
    r"\b(?:review|rezension|kritik|critique|recensione|rese[ñn]a|recensie)\b", re.I
)
# "the album 'X'", "das Buch „X“", "le film « X »": a kind word names what follows.
_KIND_BEFORE = (
    r"\b(?:album|film|movie|book|novel|game|series|show|play|musical|opera|single|song|ep"
    r"|buch|roman|serie|spiel|theaterstück|stück|livre|série|jeu|disco|libro|gioco)\s+[\'‘\"“„«»‚]?\s*"
)
_SITE_FIRST = re.compile(r"^(?P<site>[^:|–—»]{2,60}?)\s*[:|–—»]\s+(?P<rest>.+)$")
_SITE_LAST = re.compile(r"^(?P<rest>.+?)\s+[|–—»-]\s+(?P<site>[^|–—»]{2,60})$")
_SITE_BRACKETS = re.compile(r"^(?P<rest>.+?)\s*[(\[](?P<site>[^()\[\]]{2,60})[)\]]$")


def named_work_candidates(tree: lxml.html.HtmlElement, headline: str | None) -> Candidates:
    """Work titles from italics, review headings and tags (lowest trust of the page)."""
    found = [review_heading_title(tree), tagged_title(tree, headline), italic_title(tree)]
    unique = list(dict.fromkeys(title for title in found if title))
    return {"work_title": [Candidate(title, SOURCE) for title in unique]} if unique else {}


def italic_title(tree: lxml.html.HtmlElement) -> str | None:
    """The phrase the text sets in italics most often, when it clearly leads."""
    counts = Counter(
        text
        for element in tree.iter(*_ITALICS)
        if _title_like(text := element_text(element)) and not _outside_text(element)
    )
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_ITALIC_COUNT:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= ITALIC_LEAD * max(runner_up, 1) else None


def review_heading_title(tree: lxml.html.HtmlElement) -> str | None:
    """ "Review of <em>Title</em>, edited by ...": the title a review heading sets apart."""
    for heading in tree.xpath("//h1 | //h2 | //h3 | //h4")[:10]:
        if not _REVIEW_HEADING.search(element_text(heading)):
            continue
        for element in heading.iter(*_ITALICS, "q"):
            text = element_text(element)
            if _title_like(text):
                return text
    return None


def tagged_title(tree: lxml.html.HtmlElement, headline: str | None) -> str | None:
    """The headline, when the post is tagged with exactly it."""
    if not headline:
        return None
    tags = {_key(element_text(a)) for a in tree.xpath("//a[contains(@rel, 'tag')]")[:50]}
    return headline if _key(headline) in tags and _title_like(headline) else None


def without_site_name(title: str, names: Iterable[str]) -> str | None:
    """The title without the site's name; None when it is only the site's name.

    >>> names = site_names("https://www.example.com/r/1", ["Example Reviews"])
    >>> [without_site_name(t, names) for t in ("Example Reviews: Dune", "Dune (Example)")]
    ['Dune', 'Dune']
    >>> without_site_name("Example Reviews", names), without_site_name("Dune: Part Two", names)
    (None, 'Dune: Part Two')
    """
    keys = {_key(name) for name in names} - {""}
    if _key(title) in keys:
        return None
    for pattern in (_SITE_FIRST, _SITE_LAST, _SITE_BRACKETS):
        match = pattern.match(title)
        if match and _key(match.group("site")) in keys:
            return match.group("rest").strip()
    return title


def site_names(url: str, publications: Iterable[str]) -> list[str]:
    """The site's names: its publication names and its host without "www." and the
    top-level domain ("www.example.com" → "example")."""
    host = (urlparse(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    return [*publications, host, labels[-2] if len(labels) > 1 else host]


def clean_work_titles(
    candidates: Candidates, url: str, *, review: bool, headlines: Sequence[str] = ()
) -> Candidates:
    """Work-title candidates without site names; on a page that is not a review,
    only the titles the page states (see the module's docstring)."""
    titles = candidates.get("work_title")
    if not titles:
        return candidates
    publications = [c.value for c in candidates.get("publication", []) if isinstance(c.value, str)]
    names = site_names(url, publications)
    # A headline that is only the title (and year) states it: a title page.
    whole = {_key(re.sub(r"\s*\(\d{4}\)$", "", h)) for h in headlines}
    kept: list[Candidate] = []
    for candidate in titles:
        value = candidate.value
        if isinstance(value, str):
            value = without_site_name(value, names) or ""
            if not value:
                continue
            stated = (
                candidate.source not in GUESSED_SOURCES
                or _key(value) in whole
                or _named_with_kind(value, headlines)
            )
            if not review and not stated:
                continue
        kept.append(Candidate(value, candidate.source))
    cleaned = {name: found for name, found in candidates.items() if name != "work_title"}
    return {**cleaned, "work_title": kept} if kept else cleaned  # no field without candidates


def _named_with_kind(title: str, texts: Iterable[str]) -> bool:
    """Whether a text names the title after a kind of work ("the album 'X'").

    >>> _named_with_kind("Brave New Woman", ["Leslie Clio präsentiert das Album 'Brave New Woman'"])
    True
    >>> _named_with_kind("La La Land", ["How 'La La Land' Resurrected the Hollywood Musical"])
    False
    """
    pattern = re.compile(_KIND_BEFORE + re.escape(title), re.I)
    return any(pattern.search(text) for text in texts)


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(text) >= 2
        and (text[0].isupper() or text[0].isdigit())
    )


def _outside_text(element: lxml.html.HtmlElement) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in _OUTSIDE_TEXT:
            return True
        parent = parent.getparent()
    return False


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())
