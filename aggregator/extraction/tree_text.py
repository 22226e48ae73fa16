"""Text out of lxml elements: one line of normalised text, or paragraphs."""

from __future__ import annotations

import lxml.etree
import lxml.html

#: Between the chunks of :func:`block_chunks` (record separator: cannot occur in
#: parsed HTML text, and no chunk holds it).
BREAK = "\x1e"

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
    # str.split() splits at the characters that ``\\s`` matches: the same result as
    # replacing each run with a space and stripping, without a pattern.
    return " ".join(text.split())


def element_text(element: lxml.html.HtmlElement) -> str:
    """All visible descendant text of ``element`` on one line.

    >>> element_text(lxml.html.fragment_fromstring("<p>A <b>bold</b><script>x</script> move</p>"))
    'A bold move'
    """
    if not len(element):  # no child: its own text, unless it is never shown
        tag = element.tag
        return squash(element.text or "") if isinstance(tag, str) and tag not in SKIPPED else ""
    return squash("".join(_pieces(element, breaks=False)))


def block_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of ``element``, one paragraph per block element, joined by a blank line.

    >>> block_text(lxml.html.fragment_fromstring("<div><p>One  two.</p><p>Three.</p></div>"))
    'One two.\\n\\nThree.'
    """
    return "\n\n".join(paragraphs(element))


def paragraphs(element: lxml.html.HtmlElement) -> list[str]:
    """The paragraphs of :func:`block_text`, one string each.

    >>> paragraphs(lxml.html.fragment_fromstring("<div>A<p> </p><p>B <i>c</i></p></div>"))
    ['A', 'B c']
    """
    return [p for p in map(squash, block_chunks(element)) if p]


def block_chunks(element: lxml.html.HtmlElement) -> list[str]:
    """The visible text of ``element`` cut at the start and end of each block element,
    as it stands: :func:`paragraphs` are these chunks squashed, the empty ones left out.

    >>> block_chunks(lxml.html.fragment_fromstring("<div>A<p> </p><p>B <i>c</i></p></div>"))
    ['', 'A', ' ', '', 'B c', '', '']
    """
    return "".join(_pieces(element, breaks=True)).split(BREAK)


#: The text each element puts before and after its own: paragraphs or words apart.
_GAPS = dict.fromkeys(_CELLS | BLOCKS, " ")
_BREAKS = {**_GAPS, **dict.fromkeys(BLOCKS, BREAK)}


def _pieces(element: lxml.html.HtmlElement, *, breaks: bool) -> list[str]:
    """The text pieces of ``element`` in document order: each visible element's gap,
    text, descendants, gap and tail (the tail of ``element`` itself left out).

    >>> _pieces(lxml.html.fragment_fromstring("<p>A<!-- c -->B<br>C<style>x</style>D</p>"),
    ...         breaks=False)
    [' ', 'A', 'B', ' ', '', ' ', 'C', 'D', ' ']
    """
    # lxml's walk runs in C: a loop over the tree in Python costs several times more.
    # Comments and processing instructions come as their own events (their text is
    # never shown, the tail that follows is); entities, like skipped elements, come
    # as a start and an end: only the tail counts.
    if not isinstance(element.tag, str):
        return []  # a comment, processing instruction or entity shows nothing
    gap = (_BREAKS if breaks else _GAPS).get
    pieces: list[str] = []
    add = pieces.append
    walk = lxml.etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walk:
        if event == "start":
            tag = node.tag
            if isinstance(tag, str) and tag not in SKIPPED:
                add(gap(tag, ""))
                add(node.text or "")
            else:
                walk.skip_subtree()
        elif event == "end":
            tag = node.tag
            if isinstance(tag, str) and tag not in SKIPPED:
                add(gap(tag, ""))
            if node is not element:
                add(node.tail or "")
        elif node is not element:
            add(node.tail or "")
    return pieces
