"""The page's own visible text, without the blocks that hold other people's texts.

Bylines and dates are read from what a reader sees of the review itself:
scripts, navigation and the blocks of comments, related-article teasers and
sidebars (found by their class or id) are left out, because a name or date
there belongs to another text. A block holding the headline or the article
is a layout wrapper ("content-with-sidebar"), not such a block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import lxml.etree
import lxml.html

from aggregator.extraction.page import Page

#: Words in a class or id that mark the block of another text.
OTHER_TEXTS = ("comment", "related", "sidebar", "widget", "teaser", "recommend", "popular")
_MARKS = " or ".join(f"contains(@class, '{w}') or contains(@id, '{w}')" for w in OTHER_TEXTS)
# <body> classes describe the whole page ("single related-posts-on"), and a block
# holding the headline (or, on a page without one, an article) is a layout
# wrapper ("content-with-sidebar"); a teaser block of other articles is not.
OTHER = f"*[{_MARKS}][not(self::body or self::html or .//h1)][//h1 or not(.//article)]"
_MARKED = re.compile("|".join(OTHER_TEXTS))
_CLASSES_AND_IDS = lxml.etree.XPath("//@class | //@id")

_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "select"})
#: Elements that can hold one line of text (a byline, a heading, a date).
_LINE_TAGS = frozenset(
    {"p", "div", "span", "li", "header", "footer", "address", "section", "td", "dd", "dt"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "em", "i", "b", "strong", "small", "a", "cite"}
    | {"figcaption", "time"}
)
#: An element with this many descendants is a block, not a line.
LINE_ELEMENTS = 12
MAX_LINE = 240
#: Enough text pieces for any article's header and footer.
MAX_PIECES = 6000


@dataclass(frozen=True)
class Visible:
    """What a reader sees of the page's own text."""

    #: Text nodes in document order, whitespace collapsed ("Posted on", "May 3").
    pieces: list[str] = field(default_factory=list)
    #: Whole texts of small elements, each a line ("By Ann Lee | May 3, 2021").
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


def visible(page: Page) -> Visible:
    """The page's visible text (computed once per page: several layers read it)."""
    return page.memo("visible", lambda: _read(page.tree, other_texts(page)))


def other_texts(page: Page) -> frozenset[lxml.html.HtmlElement]:
    """The page's :data:`OTHER` blocks, found once per page.

    Asking the XPath ``not(ancestor-or-self::OTHER)`` of each element costs a
    search of the whole page per element; the set answers the same question
    (see :func:`outside`) with a look at the element's ancestors.
    """
    return page.memo("other_texts", lambda: _other_texts(page))


def classes_and_ids(page: Page) -> list[tuple[lxml.html.HtmlElement, str]]:
    """Each ``class`` and ``id`` value with its element, in page order (read once
    per page). A word searched in these in Python costs a fraction of an XPath
    ``contains(@class, ...)`` asked of every element."""
    return page.memo(
        "classes_and_ids", lambda: [(v.getparent(), str(v)) for v in _CLASSES_AND_IDS(page.tree)]
    )


def _other_texts(page: Page) -> frozenset[lxml.html.HtmlElement]:
    marked = {element for element, value in classes_and_ids(page) if _MARKED.search(value)}
    if not marked:
        return frozenset()
    # OTHER's tests, for all marked elements at once: a wrapper of the headline
    # (or, on a page without one, of an article) holds the review, not another text.
    mains = list(page.tree.iter("h1")) or list(page.tree.iter("article"))
    wrappers = {node for main in mains for node in main.iterancestors()}
    return frozenset(e for e in marked if e.tag not in ("body", "html") and e not in wrappers)


def outside(
    elements: Iterable[lxml.html.HtmlElement], others: frozenset[lxml.html.HtmlElement]
) -> list[lxml.html.HtmlElement]:
    """The ``elements`` in no block of ``others`` (:func:`other_texts`), in their order."""
    if not others:
        return list(elements)
    return [
        element
        for element in elements
        if element not in others and not any(a in others for a in element.iterancestors())
    ]


def _read(tree: lxml.html.HtmlElement, others: frozenset[lxml.html.HtmlElement]) -> Visible:
    """One walk of the body for both the pieces and the lines.

    A line is the whole text of a small element (its ``text_content()``, fewer
    than :data:`LINE_ELEMENTS` nodes). Asking each element for its size and
    text costs more than the walk, so both come from the walk: the raw texts
    seen since an element started are its text, and the nodes seen, its size
    (a skipped block's text and size are read from it, and only when a small
    element holds it). A line keeps its place in page order (the element's
    start) although it is known only at the element's end.
    """
    body = tree.find("body")
    if body is None:
        return Visible()
    pieces: list[str] = []
    lines: list[str | None] = []
    raw: list[str | lxml.html.HtmlElement] = []  # texts, and skipped blocks in their place
    nodes = 0
    # (element, raw texts before it, nodes before it, its place in lines or -1)
    started: list[tuple[lxml.html.HtmlElement, int, int, int]] = []
    walker = lxml.etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if event == "end":
            if started and started[-1][0] is element:
                _, first_raw, first_node, place = started.pop()
                if place >= 0 and nodes - first_node < LINE_ELEMENTS:
                    lines[place] = _line(raw[first_raw:])
            # A tail follows the element, in its parent's text (also after a skipped block).
            if element is not body and element.tail:
                raw.append(element.tail)
                if element.tail.strip():
                    pieces.append(_collapsed(element.tail))
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIPPED or element in others:
            walker.skip_subtree()
            nodes += _size(element)
            if isinstance(tag, str):  # a comment's own text is no one's text
                raw.append(element)
            continue
        place = -1
        if tag in _LINE_TAGS:
            place = len(lines)
            lines.append(None)
        started.append((element, len(raw), nodes, place))
        nodes += 1
        if element.text:
            raw.append(element.text)
            if element.text.strip():
                pieces.append(_collapsed(element.text))
        if len(pieces) > MAX_PIECES:
            break
    for element, _, _, place in started:  # the walk stopped before their ends
        if place >= 0 and _small(element):
            lines[place] = _line([element])
    return Visible(pieces, [line for line in lines if line])


def _line(texts: list[str | lxml.html.HtmlElement]) -> str | None:
    """An element's text from its pieces, collapsed; None when empty or too long."""
    joined = "".join(t if isinstance(t, str) else t.text_content() for t in texts)
    line = _collapsed(joined)
    return line if line and len(line) <= MAX_LINE else None


def _size(element: lxml.html.HtmlElement) -> int:
    """The nodes of a skipped block, up to :data:`LINE_ELEMENTS` (enough to know
    that an element holding it is no line)."""
    return len(list(islice(element.iter(), LINE_ELEMENTS)))


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _small(element: lxml.html.HtmlElement) -> bool:
    return len(list(islice(element.iter(), LINE_ELEMENTS))) < LINE_ELEMENTS
