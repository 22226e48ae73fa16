"""What trafilatura's precise passes need not read: the page's footers,
navigation and asides.

trafilatura runs a few dozen XPath expressions over every element of the page
before it settles on the article, and on most pages the greater part of the
elements sits in footers (tag clouds, site maps), menus and asides, which it
throws away unread: ``<footer>``, ``<nav>`` and ``<aside>`` in every mode
(``tree_cleaning``), a block whose class or id says "footer" once it finds
one in the article (``OVERALL_DISCARD_XPATH``). Deleting them first (its
``prune_xpath`` option, applied to the copy of the page it makes anyway) gives
its precise passes less to search and the same answer, and about 2 ms of a
page's extraction on pages with a large footer.

Two cases where trafilatura would keep such a block are left to it: a block
that wraps the headline or the article (a layout wrapper, "has-footer
page-wrap"), and a block holding a large share of the page's paragraphs (its
own guard against deleting most of the text).
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from aggregator.extraction.page import Page
from aggregator.extraction.visible import classes_and_ids

#: Elements trafilatura deletes before it looks for the article, in every mode.
DELETED_TAGS = ("footer", "nav", "aside")
#: Elements it deletes from the article when their class or id holds one of these.
FOOTER_MARKS = ("footer", "Footer")
_FOOTER_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "li", "p", "span"})
#: A block with more than this share of the page's paragraphs is left in place.
MAX_PARAGRAPH_SHARE = 0.25
_KEEPS = lxml.etree.XPath(
    "//h1 | //article | //main | //@itemprop[. = 'articleBody' or . = 'reviewBody']/.."
)


def prunable_xpath(page: Page, tree: lxml.html.HtmlElement) -> str | None:
    """The blocks above in ``tree`` (``page.tree`` or a copy of it), as one XPath
    expression of their paths for trafilatura's ``prune_xpath`` (it prunes the
    copy of the page it makes anyway); None when there are none.

    >>> html = '''<html><body><article><h1>Dune</h1><p>Sand.</p></article>
    ... <div class="site-footer"><a href="/a">A</a> after</div><nav><a>B</a></nav></body></html>'''
    >>> page = Page("https://example.com/", html.encode())
    >>> prunable_xpath(page, page.tree)
    '/html/body/div | /html/body/nav'
    >>> prunable_xpath(page, Page("https://example.com/", b"<p>Text</p>").tree) is None
    True
    """
    doomed = _doomed(page, tree)
    if not doomed:
        return None
    root = tree.getroottree()
    return " | ".join(sorted(root.getpath(element) for element in doomed))


def _doomed(page: Page, tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost blocks to delete (in any order: deleting one keeps its tail
    in the same place whichever of its neighbours goes first)."""
    found = set(tree.iter(*DELETED_TAGS))
    if tree is page.tree:  # the page's class and id index describes this tree
        found |= {
            element
            for element, value in classes_and_ids(page)
            if element.tag in _FOOTER_TAGS and any(mark in value for mark in FOOTER_MARKS)
        }
    if not found:
        return []
    keeps = _KEEPS(tree)
    kept = set(keeps).union(*(element.iterancestors() for element in keeps))
    deleted = found - kept
    paragraphs = sum(1 for _ in tree.iter("p"))
    doomed = []
    for element in deleted:
        if any(ancestor in deleted for ancestor in element.iterancestors()):
            continue  # inside a block that goes anyway
        if paragraphs and sum(1 for _ in element.iter("p")) > MAX_PARAGRAPH_SHARE * paragraphs:
            continue
        doomed.append(element)
    return doomed
