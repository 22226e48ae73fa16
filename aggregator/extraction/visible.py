"""The page's own visible text, without the blocks that hold other people's texts.

Bylines and dates are read from what a reader sees of the review itself:
scripts, navigation and the blocks of comments, related-article teasers and
sidebars (found by their class or id) are left out, because a name or date
there belongs to another text. A block holding the headline or the article
is a layout wrapper ("content-with-sidebar"), not such a block.
"""

from __future__ import annotations

import re
import threading
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
#: XPath predicate: the node is outside every other text's block.
OUTSIDE = f"not(ancestor-or-self::{OTHER})"

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


_last = threading.local()


def visible(page: Page) -> Visible:
    """The page's visible text (computed once per page: several layers read it)."""
    cached: tuple[Page, Visible] | None = getattr(_last, "entry", None)
    if cached is not None and cached[0] is page:
        return cached[1]
    found = _read(page.tree)
    _last.entry = (page, found)
    return found


def _read(tree: lxml.html.HtmlElement) -> Visible:
    body = tree.find("body")
    if body is None:
        return Visible()
    # The same test as OTHER, in one pass: marked by class or id, not a wrapper.
    mains = tree.xpath("//h1") or tree.xpath("//article")
    wrappers = {node for main in mains for node in main.iterancestors()}
    pieces: list[str] = []
    lines: list[str] = []
    walker = lxml.etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if event == "end":
            # A tail follows the element, in its parent's text (also after a skipped block).
            if element is not body and element.tail and element.tail.strip():
                pieces.append(_collapsed(element.tail))
            continue
        if not isinstance(element.tag, str) or element.tag in _SKIPPED or _other(element, wrappers):
            walker.skip_subtree()
            continue
        if element.text and element.text.strip():
            pieces.append(_collapsed(element.text))
        if element.tag in _LINE_TAGS and _small(element):
            line = _collapsed(element.text_content())
            if line and len(line) <= MAX_LINE:
                lines.append(line)
        if len(pieces) > MAX_PIECES:
            break
    return Visible(pieces, lines)


def _other(element: lxml.html.HtmlElement, wrappers: set[lxml.html.HtmlElement]) -> bool:
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_MARKED.search(marks)) and element not in wrappers


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _small(element: lxml.html.HtmlElement) -> bool:
    return len(list(islice(element.iter(), LINE_ELEMENTS))) < LINE_ELEMENTS
