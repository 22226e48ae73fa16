"""Text out of lxml elements: one line of normalised text, or paragraphs."""

from __future__ import annotations

import re

import lxml.html

_SPACE = re.compile(r"\s+")
_BREAK = "\x1e"  # record separator: cannot occur in parsed HTML text

#: Elements whose text is never part of what a reader sees.
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})

#: Elements that start a new paragraph in :func:`block_text`.
BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "nav",
        "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "figure", "figcaption", "table", "tr", "br", "hr",
    }
)  # fmt: skip


#: Elements that only need a space around them (table cells, list items on one line).
_CELLS = frozenset({"td", "th", "li", "dt", "dd", "br", "p", "div"})


def squash(text: str) -> str:
    """Collapse whitespace runs to one space and strip.

    >>> squash("  Dune \\n\\t review ")
    'Dune review'
    """
    return _SPACE.sub(" ", text).strip()


def element_text(element: lxml.html.HtmlElement) -> str:
    """All visible descendant text of ``element`` on one line.

    >>> element_text(lxml.html.fragment_fromstring("<p>A <b>bold</b><script>x</script> move</p>"))
    'A bold move'
    """
    return squash("".join(_pieces(element, breaks=False)))


def block_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of ``element``, one paragraph per block element, joined by a blank line.

    >>> block_text(lxml.html.fragment_fromstring("<div><p>One  two.</p><p>Three.</p></div>"))
    'One two.\\n\\nThree.'
    """
    joined = "".join(_pieces(element, breaks=True))
    paragraphs = (squash(chunk) for chunk in joined.split(_BREAK))
    return "\n\n".join(p for p in paragraphs if p)


def _pieces(element: lxml.html.HtmlElement, *, breaks: bool) -> list[str]:
    # An explicit stack instead of recursion: malformed pages can nest very deeply.
    # (lxml's iterwalk skips comments, and with them the text that follows each one.)
    pieces: list[str] = []
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        gap = _BREAK if breaks and tag in BLOCKS else " " if tag in BLOCKS or tag in _CELLS else ""
        if closing:
            pieces.append(gap)
            if node is not element:
                pieces.append(node.tail or "")
            continue
        if tag is None or tag in SKIPPED:
            if node is not element:
                pieces.append(node.tail or "")
            continue
        pieces.append(gap)
        pieces.append(node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return pieces
