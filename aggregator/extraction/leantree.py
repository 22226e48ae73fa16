"""The page as trafilatura's precise passes need it: without its footers,
navigation and asides.

trafilatura runs a few dozen XPath expressions over every element of the page
before it settles on the article, and on most pages the greater part of the
elements sits in footers (tag clouds, site maps), menus and asides, which it
throws away unread: ``<footer>``, ``<nav>`` and ``<aside>`` in every mode
(``tree_cleaning``), a block whose class or id says "footer" once it finds
one in the article (``OVERALL_DISCARD_XPATH``). Deleting them first gives its
precise passes less to search and the same answer, and about 2 ms of a page's
extraction on pages with a large footer.

Two cases where trafilatura would keep such a block are left to it: a block
that wraps the headline or the article (a layout wrapper, "has-footer
page-wrap"), and a block holding a large share of the page's paragraphs (its
own guard against deleting most of the text).
"""

from __future__ import annotations

import copy

import lxml.etree
import lxml.html
from trafilatura.xml import delete_element

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


def lean_tree(page: Page, tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of ``tree`` (``page.tree`` or a copy of it with the same elements)
    without the blocks above; ``tree`` itself when there are none to delete.

    >>> html = '''<html><body><article><h1>Dune</h1><p>Sand.</p></article>
    ... <div class="site-footer"><a href="/a">A</a> after</div><nav><a>B</a></nav></body></html>'''
    >>> page = Page("https://example.com/", html.encode())
    >>> lean = lean_tree(page, page.tree)
    >>> lxml.html.tostring(lean.find("body"), encoding="unicode").split()
    ['<body><article><h1>Dune</h1><p>Sand.</p></article>', '</body>']
    >>> len(page.tree.xpath("//nav")), lean_tree(page, lean) is lean
    (1, True)
    """
    doomed = _doomed(page, tree)
    if not doomed:
        return tree
    paths = [tree.getroottree().getpath(element) for element in doomed]
    lean: lxml.html.HtmlElement = copy.deepcopy(tree)
    root = lean.getroottree()
    for element in [root.xpath(path)[0] for path in paths]:
        delete_element(element)  # trafilatura's own: the tail stays
    return lean


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

