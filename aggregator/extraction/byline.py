"""The review's author as the page prints it.

Many pages name their critic only in text: "By Ann Lee", "Reviewed by Ann
Lee", "Von Anna Schmidt", "Ann Lee | 3 May 2021", an author link next to the
headline, an ``<address>`` block, and on old personal pages only a
"© Ann Lee" line. This layer reads those, best first, and leaves the wording
("By", "Von", the date) to :func:`aggregator.normalize.split_authors`.

Names in comments ("Ann says:"), teasers of other articles and sidebars are
never read: they are not the review's author. For the same reason the byline
nearest below the headline wins over one further down the page, and a name
main-text extraction offers must be printed in the page outside those
blocks (it rewrites handles such as "abc8090" into "Abc", and sometimes
takes a commenter for the author).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import lxml.html
from lxml.etree import XPath

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.page import Page
from aggregator.extraction.visible import classes_and_ids, other_texts, outside, visible
from aggregator.normalize.bylines import split_authors

SOURCE = "printed"

#: Elements marked as the author's: a link to an author page, ``rel`` or
#: ``itemprop``, an "author" or "byline" class (:func:`_author_classed`).
#: (Tests of the attributes themselves: a third of the cost of asking every
#: element about its attributes.)
_AUTHOR_LINKED = XPath(
    "//@rel[. = 'author'] | //@itemprop[. = 'author'] | //@href[contains(., '/author/')]"
)
#: The marked elements that hold a name rather than a block of them.
_NAME_TAGS = frozenset({"a", "span", "div", "p", "li", "strong"})
#: This many different author-marked names are a list of other people's texts
#: (a database page's reviews, an index), not one text's byline.
MANY_AUTHORS = 4
MAX_MARKERS = 30
#: A byline is a line; an author's biography box is not.
MAX_BYLINE = 80
#: A name of two to four capitalised words (particles and initials allowed).
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+"
_NAME = rf"{_WORD}(?:\s+(?:(?:van|von|der|de|den|da|di|del|la|le|du|dos|bin)\s+)*{_WORD}){{1,3}}"
_TWO = rf"(?P<name>{_NAME}(?:\s*(?:,|&|and|und|et|y|e|en|i)\s+{_NAME})*)"
# What may follow the name in a byline line: its end, a separator, a date.
_AFTER_NAME = (
    r"(?:\s*$|\s*[|·•,–—(/]|\s+\d|\s+(?i:on|am|le|el|il|em|op|at|in)\s"
    r"|\s+(?i:updated|published|posted|aktualisiert|veröffentlicht|publié|publicado)\b)"
)
# Byline words ignore case; names do not ("by the way" is no byline).
_LINE = re.compile(
    r"^(?i:by|reviewed\s+by|review\s+by|written\s+by|words\s+by|von|par|por|di|door"
    r"|écrit\s+par|escrito\s+por|scritto\s+da|geschreven\s+door|autor(?:in)?\s*:"
    r"|author\s*:|auteur\s*:|text\s*:|texte\s*:|texto\s*:|testo\s*:|tekst\s*:)"
    rf"\s*{_TWO}{_AFTER_NAME}"
)
_REVIEW_BY = re.compile(
    rf"\b(?i:review(?:ed)?|written|critique|kritik|rezension)\s+(?i:by|von|par)\s+{_TWO}"
)
_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?(?i:by\s+)?"
    rf"{_TWO}\s*$"
)
# "Ann Lee | 3 May 2021", "3 May 2021 · Ann Lee": a name beside a dated piece.
_YEAR = r"\b(?:19|20)\d{2}\b"
_NAME_DATE = re.compile(
    rf"^{_TWO}\s*[|·•]\s*[^|·•]*{_YEAR}|{_YEAR}[^|·•]*[|·•]\s*{_TWO.replace('name', 'last')}\s*$"
)
# Section and menu words that look like names when capitalised ("Film Reviews").
_NOT_NAME = re.compile(
    r"\b(?:reviews?|news|home|films?|movies?|music|games?|books?|tv|series|culture|arts"
    r"|features?|opinion|blog|podcast|episode|season|video|photos?|gallery|menu|search"
    r"|share|comments?|read|more|min|minutes?|updated|published|posted|kritik|kultur)\b",
    re.I,
)
_COMPANY = re.compile(
    r"\b(?:inc|ltd|llc|gmbh|ag|corp|co|company|media|entertainment|group|network|news|press"
    r"|verlag|publishing|studios?|records|magazine|times|post|digital|rights|reserved"
    r"|pictures|films|productions|bros|images|photos?|foundation|university|museum)\b",
    re.I,
)
# A picture's credit ("Photo: © Ann Lee") names the photographer, not the critic.
_PICTURE = re.compile(
    r"\b(?:photo|foto|image|bild|picture|credit|getty|imago|dpa|afp|reuters|ap)\b", re.I
)


def byline_candidates(page: Page) -> Candidates:
    """Author names printed on the page, best first (each a raw byline)."""
    texts = visible(page).lines
    found = [
        *_markers(page),
        *(m.group("name") for t in texts if len(t) <= MAX_BYLINE and (m := _LINE.match(t))),
        *(m.group("name") for t in texts if (m := _REVIEW_BY.search(t))),
        *(_dated_name(t) for t in texts if len(t) <= MAX_BYLINE),
        *_addresses(page),
    ]
    unique = list(dict.fromkeys(text for text in found if text))
    return {"authors": [Candidate(text, SOURCE) for text in unique]} if unique else {}


def _dated_name(line: str) -> str | None:
    """The name beside a dated piece of a byline line ("Ann Lee | 3 May 2021").

    >>> _dated_name("Ann Lee | 3 May 2021"), _dated_name("3 May 2021 · Ann Lee")
    ('Ann Lee', 'Ann Lee')
    >>> _dated_name("Ann Lee, 3 May 2021") is None
    True
    """
    # Both of _NAME_DATE's forms need a separator: most lines have none, and
    # looking for one costs a fraction of the pattern's search.
    if "|" not in line and "·" not in line and "•" not in line:
        return None
    match = _NAME_DATE.search(line)
    name = match and (match.group("name") or match.group("last"))
    return name if name and not _NOT_NAME.search(name) else None


def copyright_credit(page: Page) -> Candidates:
    """The person a page's last copyright line names ("© 2003 Ann Lee"): the only
    credit many personal pages give, so below every other author candidate.
    A company there ("© 2022 Acme Entertainment") is the publisher, not a critic."""
    # The copyright pattern first: it rules out most lines, and the picture words
    # are looked for only in the few it finds (the same lines pass both tests).
    found = [
        m.group("name")
        for line in visible(page).lines
        if (m := _copyright(line)) and not _PICTURE.search(line)
    ][-1:]
    names = [name for name in found if not _COMPANY.search(name)]
    return {"authors": [Candidate(names[0], SOURCE)]} if names else {}


def _copyright(line: str) -> re.Match[str] | None:
    """``_COPYRIGHT.search(line)``, with a cheap test first.

    The pattern starts with "©", "(c)" or "copyright" in any case, and an ASCII
    line holds one of those only where its lower case holds "(c)" or
    "copyright": most lines hold neither, and the pattern is not tried on them.

    >>> _copyright("COPYRIGHT 2003 Ann Lee")["name"], _copyright("Contact Ann Lee")
    ('Ann Lee', None)
    """
    if line.isascii():
        lowered = line.lower()
        if "(c)" not in lowered and "copyright" not in lowered:
            return None
    return _COPYRIGHT.search(line)


def author_marked(page: Page) -> list[lxml.html.HtmlElement]:
    """The author-marked elements outside other texts' blocks, in page order
    (found once per page: the publication date is looked for beside them too)."""
    return page.memo("author_marked", lambda: _author_marked(page))


def _author_marked(page: Page) -> list[lxml.html.HtmlElement]:
    # Attributes come in page order, each element's together: their elements, once each, too.
    linked = dict.fromkeys(value.getparent() for value in _AUTHOR_LINKED(page.tree))
    classed = _author_classed(page)
    marked = [*linked, *(e for e in classed if e not in linked)]
    if linked and classed:  # two lists in page order: one, in page order
        marked.sort(key=_page_position)
    return outside(marked, other_texts(page))


def _author_classed(page: Page) -> list[lxml.html.HtmlElement]:
    """The elements whose class holds "byline" or "author", once each, in page
    order: read from the page's class and id values, which are at hand, where
    an XPath asking every class cost as much as the rest of the author search."""
    found = (
        element
        for element, value in classes_and_ids(page)
        if ("byline" in value or "author" in value)  # the class's, or the id's
        and _author_class(element.get("class", ""))
    )
    return list(dict.fromkeys(found))


def _author_class(value: str) -> bool:
    return "byline" in value or "author" in value


def _page_position(element: lxml.html.HtmlElement) -> tuple[int, ...]:
    """The element's place in page order: the index of it and of each ancestor
    among its siblings, from the root down (an ancestor's place comes first).

    >>> tree = lxml.etree.fromstring("<div><p>a</p><p>b <i>c</i></p></div>")
    >>> [_page_position(e) for e in tree.iter()]
    [(), (0,), (1,), (1, 0)]
    """
    path = []
    while (parent := element.getparent()) is not None:
        path.append(parent.index(element))
        element = parent
    return tuple(reversed(path))


def has_headline(page: Page) -> bool:
    """Whether the page has an ``<h1>`` (asked once per page: the byline's and the
    date's searches both ask; a walk that stops at the first costs less than
    an XPath that finds them all)."""
    return page.memo("has_headline", lambda: next(page.tree.iter("h1"), None) is not None)


def _markers(page: Page) -> list[str]:
    """Texts of author-marked elements, the first ones after the headline first."""
    marked = [e for e in author_marked(page) if e.tag in _NAME_TAGS][:MAX_MARKERS]
    texts = [" ".join(element.text_content().split()) for element in marked]
    if len(set(texts)) >= MANY_AUTHORS:
        return []
    headline = has_headline(page)
    after: list[str] = []
    before: list[str] = []
    for element, text in zip(marked, texts, strict=True):
        if text and len(text) <= MAX_BYLINE:
            below = not headline or element.xpath("boolean(preceding::h1)")
            (after if below else before).append(text)
    return [*after[:2], *before[:1]]


def _addresses(page: Page) -> Iterator[str]:
    """``<address>`` holds the author's contact: its piece that is a name."""
    for element in outside(page.tree.xpath("//address"), other_texts(page))[:2]:
        for piece in re.split(r"\s*[/|,\n•·]\s*|\s+-{1,2}\s+", element.text_content()):
            plain = not _COMPANY.search(piece) and not _NOT_NAME.search(piece)
            if plain and re.fullmatch(_NAME, piece.strip()):
                yield piece.strip()
                return


def checked_authors(candidates: Candidates, page: Page) -> Candidates:
    """Main-text extraction's authors, kept only when the page prints each of them."""
    authors = candidates.get("authors")
    if not authors:
        return candidates
    text = visible(page).text
    kept = [
        c for c in authors if isinstance(c.value, list) and all(_printed(n, text) for n in c.value)
    ]
    checked = {field: values for field, values in candidates.items() if field != "authors"}
    if kept:
        checked["authors"] = kept
    return checked


def _printed(name: str, text: str) -> bool:
    words = re.findall(r"\w+", name)
    if not words:
        return False
    return re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", text) is not None


def without_site_names(candidates: Candidates, page: Page) -> Candidates:
    """Authors without the outlet's own name ("Pitchfork", "example.com"): a page
    that credits the site credits no person, and the site is its publication."""
    authors = candidates.get("authors")
    if not authors:
        return candidates
    host = (urlparse(page.url).hostname or "").removeprefix("www.")
    sites = {_key(host), _key(host.split(".")[0])} - {""}
    sites |= {_key(str(c.value)) for c in candidates.get("publication", [])}
    kept = []
    for candidate in authors:
        names = split_authors(candidate.value)
        people = [name for name in names if _key(name) not in sites]
        if people and people == names:
            kept.append(candidate)
        elif people:
            kept.append(Candidate(people, candidate.source))
    rest = {field: values for field, values in candidates.items() if field != "authors"}
    return {**rest, "authors": kept} if kept else rest


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()
