"""A fetched page, decoded and parsed once, shared by every extraction layer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar, cast

import lxml.html
from lxml import etree
from parsel import Selector

from aggregator.extraction.charset import decode_html
from aggregator.nesting import flatten_deep_nesting

#: Pages larger than this are cut before parsing: no review needs more, and
#: several-MB pages (inline data blobs) would otherwise dominate the CPU time.
MAX_BODY_BYTES = 4 * 1024 * 1024

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

#: Every element an ``HtmlElement``, chosen in C: lxml.html's own lookup calls a
#: Python method for each element object made (to give forms and inputs classes
#: of their own, which no layer uses), a call for each of a page's thousands of
#: elements, and again in each copy of the tree.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)

#: The error libxml2 reports when it stops building a tree at its depth limit.
_TOO_DEEP = etree.ErrorTypes.ERR_RESOURCE_LIMIT

#: Link targets, read from the lxml tree itself: parsel would wrap each of some
#: 300 values in a Selector, and lxml's "smart" strings would each build an
#: element object for getparent().
_HREFS = etree.XPath("//a/@href | //area/@href", smart_strings=False)

T = TypeVar("T")


@dataclass
class Page:
    """An HTML page: URL and body bytes in, decoded text and parsed trees out.

    ``content_type`` is the HTTP ``Content-Type`` header when there is one; the
    charset is chosen as :mod:`aggregator.extraction.charset` says (BOM, header,
    ``<meta>`` anywhere in the head, UTF-8 validity, detection).
    """

    url: str
    body: bytes
    content_type: str | None = None
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once for this page under ``key``: views of the
        tree that several layers read (the visible text, the blocks of other texts)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return cast(T, self._cache[key])

    @cached_property
    def encoding_and_text(self) -> tuple[str, str]:
        body = self.body[:MAX_BODY_BYTES]
        encoding, text = decode_html(body, self.content_type, cut=len(self.body) > len(body))
        return encoding, text.replace("\x00", "")

    @property
    def encoding(self) -> str:
        return self.encoding_and_text[0]

    @property
    def text(self) -> str:
        """The decoded HTML source."""
        return self.encoding_and_text[1]

    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        """The lxml tree; treat it as read-only, layers share it."""
        tree, too_deep = _parsed(self.text)
        if too_deep:
            # libxml2 drops whatever lies below 256 elements, while browsers show
            # it: such a page is parsed again with its deepest wrappers removed
            # (rare, so the common page pays no scan of its bytes for it). The
            # layers that read the source then read the same flattened page.
            flat = flatten_deep_nesting(self.body)
            if flat != self.body:
                self.body = flat
                del self.encoding_and_text
                tree, _ = _parsed(self.text)
        return tree

    @cached_property
    def selector(self) -> Selector:
        """A parsel selector over the same tree (no second parse)."""
        return Selector(root=self.tree, type="html")

    @property
    def is_html(self) -> bool:
        """False for bodies that are plainly not markup (images, PDFs, empty)."""
        head = self.body[:1024].lstrip().lower()
        if not head:
            return False
        if self.encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
            return "<" in self.text[:1024]  # NUL bytes belong to these encodings
        if b"\x00" in self.body[:1024]:
            return False
        return not head.startswith((b"%pdf", b"\x89png", b"gif8", b"\xff\xd8\xff", b"pk\x03\x04"))


def _parsed(text: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The tree of ``text``, and whether libxml2 stopped at its depth limit."""
    # lxml refuses str input that carries an XML encoding declaration (XHTML).
    text = _XML_DECLARATION.sub("", text, count=1)
    # Comments and processing instructions are never shown, and tree walkers
    # lose the text that follows one (main-text extraction dropped paragraphs
    # that began after a comment). A parser per page: lxml's are not thread-safe.
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(_LOOKUP)
    try:
        tree = lxml.html.document_fromstring(text or "<html></html>", parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>"), False
    too_deep = any(error.type == _TOO_DEEP for error in parser.error_log)
    return tree, too_deep


def hrefs(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The ``href`` of every anchor and image-map area, as written, each once, in
    page order (where a crawl goes next from the page).

    >>> hrefs(lxml.html.fromstring('<p><a href="/a">A</a><a href="/b">B</a><a href="/a">C</a></p>'))
    ('/a', '/b')
    """
    return tuple(dict.fromkeys(_HREFS(tree)))
