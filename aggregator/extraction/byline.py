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
blocks (it rewrites handles such as "rmb8090" into "Rmb", and sometimes
takes a commenter for the author).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.dates import OTHER, OUTSIDE
from aggregator.extraction.page import Page

SOURCE = "printed"

_MARKERS = (
    "//*[self::a or self::span or self::div or self::p or self::li or self::strong]"
    "[@rel='author' or @itemprop='author' or contains(@href, '/author/')"
    " or contains(@class, 'byline') or contains(@class, 'author')]"
)
#: This many different author-marked names are a list of other people's texts
#: (a database page's reviews, an index), not one text's byline.
MANY_AUTHORS = 4
#: A byline is a line; an author's biography box is not.
MAX_BYLINE = 80
#: A name of two to four capitalised words (particles and initials allowed).
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+"
_NAME = rf"{_WORD}(?:\s+(?:(?:van|von|der|de|den|da|di|del|la|le|du|dos|bin)\s+)*{_WORD}){{1,3}}"
_TWO = rf"(?P<name>{_NAME}(?:\s*(?:,|&|and|und|et|y|e|en|i)\s+{_NAME})*)"
# Byline words ignore case; names do not ("by the way" is no byline).
_LINE = re.compile(
    r"^(?i:by|reviewed\s+by|review\s+by|written\s+by|words\s+by|von|par|por|di|door"
    r"|autor(?:in)?\s*:|author\s*:|auteur\s*:|text\s*:|texto\s*:|testo\s*:)"
    rf"\s*{_TWO}\s*(?:$|[|·•,–—])"
)
_REVIEW_BY = re.compile(
    rf"\b(?i:review(?:ed)?|written|critique|kritik|rezension)\s+(?i:by|von|par)\s+{_TWO}"
)
_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?(?i:by\s+)?"
    rf"{_TWO}\s*$"
)
_COMPANY = re.compile(
    r"\b(?:inc|ltd|llc|gmbh|ag|corp|co|company|media|entertainment|group|network|news|press"
    r"|verlag|publishing|studios?|records|magazine|times|post|digital|rights|reserved)\b",
    re.I,
)
MAX_TEXTS = 4000
MAX_LINE = 240
_LINES = frozenset(
    [
        "p",
        "div",
        "span",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "footer",
        "address",
        "td",
        "dd",
        "dt",
        "em",
        "i",
        "b",
        "strong",
        "small",
        "a",
        "figcaption",
        "cite",
        "section",
    ]
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav"})


def byline_candidates(page: Page) -> Candidates:
    """Author names printed on the page, best first (each a raw byline)."""
    texts = list(_texts(page.tree))
    found = [
        *_markers(page.tree),
        *(m.group(0) for t in texts if len(t) <= MAX_BYLINE and (m := _LINE.match(t))),
        *(m.group("name") for t in texts if (m := _REVIEW_BY.search(t))),
        *_addresses(page.tree),
    ]
    if not found:
        found = [m.group("name") for t in texts if (m := _COPYRIGHT.search(t))][-1:]
        found = [name for name in found if not _COMPANY.search(name)]
    unique = list(dict.fromkeys(text for text in found if text))
    return {"authors": [Candidate(text, SOURCE) for text in unique]} if unique else {}


def _markers(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts of author-marked elements, the first ones after the headline first."""
    marked = set(tree.xpath(f"{_MARKERS}[{OUTSIDE}]"))
    names = {" ".join(element.text_content().split()) for element in marked}
    if not marked or len(names) >= MANY_AUTHORS:
        return []
    headline = next(iter(tree.xpath("//h1")), None)
    after: list[str] = []
    before: list[str] = []
    seen_headline = headline is None
    for element in tree.iter():
        seen_headline = seen_headline or element is headline
        if element in marked:
            text = " ".join(element.text_content().split())
            if text and len(text) <= MAX_BYLINE:
                (after if seen_headline else before).append(text)
    return [*after[:2], *before[:1]]


def _addresses(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """``<address>`` holds the author's contact: its piece that is a name."""
    for element in tree.xpath(f"//address[{OUTSIDE}]")[:2]:
        for piece in re.split(r"\s*[/|,\n•·]\s*|\s+-{1,2}\s+", element.text_content()):
            if re.fullmatch(_NAME, piece.strip()) and not _COMPANY.search(piece):
                yield piece.strip()
                return


#: Elements small enough to be one line of text (a byline, a heading).
LINE_ELEMENTS = 12


def _texts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Each small element's whole text, outside comments, teasers and scripts."""
    count = 0
    for element in _visible(tree):
        if (
            element.tag in _LINES
            and len(list(islice(element.iter(), LINE_ELEMENTS))) < LINE_ELEMENTS
        ):
            text = " ".join(element.text_content().split())
            if text and len(text) <= MAX_LINE:
                count += 1
                yield text
                if count > MAX_TEXTS:
                    return


def _visible(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    body = tree.find("body")
    if body is None:
        return
    other = set(body.xpath(f".//{OTHER}"))
    skipped: set[lxml.html.HtmlElement] = set()
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element in other or element.getparent() in skipped or element.tag in _SKIPPED:
            skipped.add(element)
            continue
        yield element


def _visible_text(tree: lxml.html.HtmlElement) -> str:
    parts = []
    for element in _visible(tree):
        parts.append(element.text or "")
        parts.extend(child.tail or "" for child in element)
    return " ".join(" ".join(parts).split())


def checked_authors(candidates: Candidates, page: Page) -> Candidates:
    """Main-text extraction's authors, kept only when the page prints each of them."""
    authors = candidates.get("authors")
    if not authors:
        return candidates
    text = _visible_text(page.tree)
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
