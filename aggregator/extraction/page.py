"""A fetched page, decoded and parsed once, shared by every extraction layer."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cached_property

import lxml.html
from parsel import Selector
from w3lib.encoding import html_to_unicode

#: Pages larger than this are cut before parsing: no review needs more, and
#: several-MB pages (inline data blobs) would otherwise dominate the CPU time.
MAX_BODY_BYTES = 4 * 1024 * 1024

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Page:
    """An HTML page: URL and body bytes in, decoded text and parsed trees out.

    ``content_type`` is the HTTP ``Content-Type`` header when there is one; the
    charset is chosen the way browsers do (BOM, header, ``<meta>``, detection).
    """

    url: str
    body: bytes
    content_type: str | None = None
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @cached_property
    def encoding_and_text(self) -> tuple[str, str]:
        body = self.body[:MAX_BODY_BYTES]
        encoding, text = html_to_unicode(self.content_type, body)
        encoding, text = _correct_misdeclared(body, encoding, text, cut=len(self.body) > len(body))
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
        # lxml refuses str input that carries an XML encoding declaration (XHTML).
        text = _XML_DECLARATION.sub("", self.text, count=1)
        # Comments and processing instructions are never shown, and tree walkers
        # lose the text that follows one (main-text extraction dropped paragraphs
        # that began after a comment). A parser per page: lxml's are not thread-safe.
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
        try:
            return lxml.html.document_fromstring(text or "<html></html>", parser=parser)
        except (lxml.etree.ParserError, ValueError):
            return lxml.html.document_fromstring("<html></html>")

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
        if b"\x00" in self.body[:1024]:
            return False
        return not head.startswith((b"%pdf", b"\x89png", b"gif8", b"\xff\xd8\xff", b"pk\x03\x04"))


def _correct_misdeclared(body: bytes, encoding: str, text: str, *, cut: bool) -> tuple[str, str]:
    """Undo a wrong charset declaration, the commonest decoding failure.

    Non-ASCII bytes that decode as valid UTF-8 are UTF-8 whatever the page
    says (Latin-1 text practically never forms valid multi-byte sequences);
    a "UTF-8" page whose high bytes are mostly invalid is a legacy 8-bit page.
    """
    if body.isascii() or codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return encoding, text
    utf8 = _utf8_or_none(body, cut=cut)
    if codecs.lookup(encoding).name != "utf-8":
        return ("utf-8", utf8) if utf8 is not None else (encoding, text)
    if utf8 is None and _mostly_invalid_utf8(body, text):
        return "cp1252", body.decode("cp1252", errors="replace")
    return encoding, text


def _utf8_or_none(body: bytes, *, cut: bool) -> str | None:
    # A body cut at MAX_BODY_BYTES may end inside a character: not an error then.
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(body, final=not cut)
    except UnicodeDecodeError:
        return None


def _mostly_invalid_utf8(body: bytes, text: str) -> bool:
    high_bytes = sum(1 for byte in body if byte > 0x7F)
    return text.count("\ufffd") * 2 > high_bytes
