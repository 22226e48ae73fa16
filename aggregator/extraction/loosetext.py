"""Text that hand-written pages leave outside any paragraph.

Old pages write ``<h2>Title</h2> First paragraph ... <p>Second ...`` : the
first paragraph is the heading's tail, in no element of its own, and
main-text extraction (which scores elements) drops it. Such runs are put in a
``<p>`` of their own, on a copy: the shared tree stays as parsed.
"""

from __future__ import annotations

import copy

import lxml.html

#: Elements after which loose text starts a paragraph.
BLOCK_TAGS = (
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "table", "ul", "ol", "dl",
    "blockquote", "pre", "hr", "center", "form", "address",
)  # fmt: skip
_BLOCKS = frozenset(BLOCK_TAGS)
#: Words a loose run needs to be a paragraph rather than a label or a stray word.
LOOSE_WORDS = 15


def with_loose_text_wrapped(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """``tree`` itself when no long text runs loose, else a copy with each run
    (and the inline elements that continue it) in a paragraph.

    >>> html = "<html><body><h2>Dune</h2>" + "A slow film, " * 5 + "<i>sure</i>.<p>Next</p>"
    >>> wrapped = with_loose_text_wrapped(lxml.html.document_fromstring(html))
    >>> [p.text_content()[-6:] for p in wrapped.iter("p")]
    [' sure.', 'Next']
    """
    if not any(_is_loose(element) for element in tree.iter(*BLOCK_TAGS)):
        return tree
    wrapped = copy.deepcopy(tree)
    for element in [e for e in wrapped.iter(*BLOCK_TAGS) if _is_loose(e)]:
        _wrap_tail(element)
    return wrapped


def _is_loose(element: lxml.html.HtmlElement) -> bool:
    return len((element.tail or "").split()) >= LOOSE_WORDS and element.getparent() is not None


def _wrap_tail(element: lxml.html.HtmlElement) -> None:
    paragraph = lxml.html.Element("p")
    paragraph.text, element.tail = element.tail, None
    following = element.getnext()
    while following is not None and following.tag not in _BLOCKS:
        after = following.getnext()
        paragraph.append(following)  # moves it, with its tail
        following = after
    element.addnext(paragraph)
