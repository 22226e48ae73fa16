"""The reviewed work as the page's text and markup name it, beyond the headline.

- Italics: style guides set the titles of books, films and albums in italics,
  and a review keeps naming its work ("In *Why We Drift Apart*, Marlow ...").
  The phrase set in italics far more often than any other is the work.
- A review heading that sets a title apart: "Review of *Digital Gawain*,
  edited by ...".
- A post tagged with its own headline is about the thing the headline names
  (blogs tag a review "Night Shift Heroes" under the headline "Night Shift Heroes").
- A book's details block: "Title von/by Author" right above a bibliographic
  line ("Gebundene Ausgabe: 80 Seiten", "Hardcover, 320 pages", "ISBN ...").
- The summary or opening paragraphs naming a quoted title: "a song called
  'X'", "the album 'X'", "das Stück „X“".
- Quotation marks: where a style sets titles in quotes rather than italics
  («Rain», "Rain"), the review keeps naming its work the same way. A quoted
  phrase the text repeats far more often than any other is the work (a
  quotation is rarely repeated word for word).

Two checks apply to every work-title candidate: the site's own name is not a
work ("Site", "Site: X", "X (Site)", "X | Site" lose the site part), and a page
that is not a review keeps only titles the page states (structured data,
details box, a "Title (Year)" headline), never one guessed from a headline's
quotes or the URL.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlparse

import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.prefilter import may_contain
from aggregator.extraction.tree_text import block_text, element_text
from aggregator.extraction.worktype import KIND_WORDS

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
_KIND_NAMES = (
    r"\b(?:album|film|movie|book|novel|game|series|show|play|musical|opera|single|song|ep"
    r"|buch|roman|serie|spiel|theaterstück|stück|livre|série|jeu|disco|libro|gioco)"
)
_KIND_WORDS = _KIND_NAMES + r"\s+"
# A kind word that a title may follow, and what may stand between them: the title's
# own pattern is then tried after each kind word (one pattern with the title in it
# costs a compilation of all the kind words per title).
_KIND_NAME = re.compile(_KIND_NAMES + r"(?=\s)", re.I)
_BEFORE_TITLE = r"\s+['‘\"“„«»‚]?\s*"
_SITE_FIRST = re.compile(r"^(?P<site>[^:|–—»]{2,60}?)\s*[:|–—»]\s+(?P<rest>.+)$")
_SITE_LAST = re.compile(r"^(?P<rest>.+?)\s+[|–—»-]\s+(?P<site>[^|–—»]{2,60})$")
_SITE_BRACKETS = re.compile(r"^(?P<rest>.+?)\s*[(\[](?P<site>[^()\[\]]{2,60})[)\]]$")


def named_work_candidates(tree: lxml.html.HtmlElement, headline: str | None) -> Candidates:
    """Work titles from italics, review headings and tags (lowest trust of the page)."""
    found = [
        book_details_title(tree),
        review_heading_title(tree),
        tagged_title(tree, headline),
        italic_title(tree),
        called_title(tree),
        quoted_title(tree),
    ]
    unique = list(dict.fromkeys(title for title in found if title))
    return {"work_title": [Candidate(title, SOURCE) for title in unique]} if unique else {}


def italic_title(tree: lxml.html.HtmlElement) -> str | None:
    """The phrase the text sets in italics most often, when it clearly leads."""
    counts = Counter(
        text
        for element in tree.iter(*_ITALICS)
        if _title_like(text := element_text(element)) and not _outside_text(element)
    )
    return _leader(counts)


# A phrase between quotation marks of any style; the marks need not pair (« », „ “).
_QUOTED_PHRASE = re.compile(r"[«»„“”\"‹›](?P<title>[^«»„“”\"‹›]{1,80})[«»„“”\"‹›]")
_QUOTE_MARK = re.compile(r"[«»„“”\"‹›]")


def quoted_title(tree: lxml.html.HtmlElement) -> str | None:
    """The phrase the text's paragraphs quote most often, when it clearly leads.

    >>> html = "<p>«Rain» opens. «Rain» flows.</p><p>A «Handlung»? «Rain» ends.</p>"
    >>> quoted_title(lxml.html.fromstring(html))
    'Rain'
    """
    counts = Counter(
        title
        for paragraph in tree.iter("p")
        # lxml's own text first: most paragraphs quote nothing.
        if _QUOTE_MARK.search(paragraph.text_content()) and not _outside_text(paragraph)
        for match in _QUOTED_PHRASE.finditer(element_text(paragraph))
        if _title_like(title := match.group("title").strip())
    )
    return _leader(counts)


def _leader(counts: Counter[str]) -> str | None:
    """The most frequent phrase, when frequent enough and well ahead of the next."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_ITALIC_COUNT:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= ITALIC_LEAD * max(runner_up, 1) else None


_BIBLIOGRAPHIC_WORDS = (
    "Seiten", "pages", "ISBN", "Verlag", "Publisher", "Gebundene Ausgabe", "Taschenbuch",
    "Hardcover", "Paperback", "Broschiert", "Auflage", "Erscheinungsdatum",
)  # fmt: skip
_BIBLIOGRAPHIC = re.compile(rf"\b(?:{'|'.join(_BIBLIOGRAPHIC_WORDS)})\b", re.I)
# The page-wide test first: the pattern costs milliseconds on a whole page.
_BIBLIOGRAPHIC_BYTES = tuple(word.lower().encode() for word in _BIBLIOGRAPHIC_WORDS)
_TITLE_BY = re.compile(r"^(?P<title>.{2,120}?)\s+(?:von|by|de|di|door|av)\s+(?P<author>.{3,80})$")
# Authors: capitalised names joined by "and" in a few languages, or commas.
_NAME_PART = r"(?:[A-ZÀ-Þ][\w'’.-]+,?|und|and|&|et|y|e)"
_NAMES = re.compile(rf"^{_NAME_PART}(?:\s+{_NAME_PART})*$")
MAX_LINE_CHARS = 200


def book_details_title(tree: lxml.html.HtmlElement) -> str | None:
    """ "Title von Author" on the line above a bibliographic one.

    >>> html = "<p><b>Lina-Lu: Laufsteg von Vera Stein</b><br>Gebundene Ausgabe: 80 Seiten</p>"
    >>> book_details_title(lxml.html.fromstring(html))
    'Lina-Lu: Laufsteg'
    """
    body = tree.find(".//body")
    root = body if body is not None else tree
    text = root.text_content()
    if not may_contain(text, _BIBLIOGRAPHIC_BYTES):
        return None
    lines = [line for line in block_text(root).split("\n\n") if len(line) <= MAX_LINE_CHARS]
    for line, after in itertools.pairwise(lines):
        match = _TITLE_BY.match(line)
        if match and _BIBLIOGRAPHIC.search(after) and _NAMES.match(match.group("author")):
            title = match.group("title").strip(" »«\"'„“”‘’")
            # The page's text must name a bibliographic detail as a word of its own
            # (tested last: the pattern is slow over a whole page).
            return title if _title_like(title) and _BIBLIOGRAPHIC.search(text) else None
    return None


# "called 'X'", "titled 'X'" in the languages of the sites we read, or a kind word.
_CALLED = re.compile(
    r"(?:\b(?:called|titled|entitled|named|namens|betitelt|intitulée?|chiamat[oa]|llamad[oa]"
    r"|getiteld|genaamd)\s+|" + _KIND_WORDS + r")"
    r"['‘\"“„«‚](?P<title>[^'’\"”“«»]{1,80})['’\"”“»‘]",
    re.I,
)
_OPENING_QUOTE = re.compile(r"['‘\"“„«‚]")
OPENING_PARAGRAPHS = 5


def called_title(tree: lxml.html.HtmlElement) -> str | None:
    """A quoted title the summary or the opening paragraphs introduce.

    >>> html = '<p>Funk wizard Benny Vale made an ear worm called "Latke Funk".</p>'
    >>> called_title(lxml.html.fromstring(html))
    'Latke Funk'
    """
    summaries = tree.xpath("//meta[@name='description' or @property='og:description']/@content")
    paragraphs = [element_text(p) for p in tree.xpath("//p")[:OPENING_PARAGRAPHS]]
    for text in (*map(str, summaries[:2]), *paragraphs):
        if not _OPENING_QUOTE.search(text):
            continue  # a cheap test: the pattern is tried at every character
        for match in _CALLED.finditer(text):
            title = match.group("title").strip()
            if _title_like(title):
                return title
    return None


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

    >>> _named_with_kind("Neue Wege", ["Lena Stolz präsentiert das Album 'Neue Wege'"])
    True
    >>> _named_with_kind("Star Avenue", ["How 'Star Avenue' Saved the Musical"])
    False
    """
    named = re.compile(_BEFORE_TITLE + re.escape(title), re.I)
    return any(
        named.match(text, kind.end()) for text in texts for kind in _KIND_NAME.finditer(text)
    )


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


def headline_kind(candidates: Candidates, headlines: Sequence[str], *, review: bool) -> Candidates:
    """On a review whose layers found no kind of work, the one kind its headline names
    ("This funk song is a classic", "Tanz in der Lokremise: …"); a headline naming
    two kinds, or a page that is not a review, says nothing.

    >>> headline_kind({}, ["This funk song is a classic"], review=True)
    {'work_type': [Candidate(value='album', source='prose')]}
    >>> headline_kind({}, ["From book to film"], review=True)
    {}
    >>> headline_kind({}, ["A song"], review=False)
    {}
    """
    if not review or candidates.get("work_type") or not headlines:
        return candidates
    words = re.findall(r"\w+", headlines[0].casefold())
    kinds = {KIND_WORDS[word] for word in words if word in KIND_WORDS}
    if len(kinds) != 1:
        return candidates
    return {**candidates, "work_type": [Candidate(kinds.pop(), SOURCE)]}
