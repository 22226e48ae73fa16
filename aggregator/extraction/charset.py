"""Which character encoding a page's bytes are in, and its text.

The order is the browsers', plus one correction:

1. a byte-order mark (it cannot be there by accident, so it beats any label);
2. the HTTP ``Content-Type`` charset;
3. a ``<meta charset>``, ``<meta http-equiv=Content-Type>`` or XML declaration
   anywhere in the head (CMSs put kilobytes of scripts and styles before it);
4. with no declaration: UTF-8 when the bytes are valid UTF-8, else
   charset-normalizer's guess, else windows-1252.

A declaration is corrected when the bytes contradict it (see
:func:`_correct_misdeclared`): the commonest decoding failure on the web.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from w3lib.encoding import http_content_type_encoding, read_bom, resolve_encoding

#: How far into the body a ``<meta>`` charset is looked for when the head does not
#: end earlier.
MAX_HEAD_BYTES = 256 * 1024
#: Bytes charset-normalizer reads: enough text to tell encodings apart, quickly.
GUESS_BYTES = 64 * 1024
#: Mess-score difference within which windows-1252 is preferred to the detector's pick.
GUESS_MARGIN = 0.1
#: Fewer non-ASCII bytes than this are too few to tell encodings apart.
MIN_GUESS_BYTES = 8
FALLBACK = "cp1252"

_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
_META = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)


def decode_html(
    body: bytes, content_type: str | None = None, *, cut: bool = False
) -> tuple[str, str]:
    """(encoding, text) of an HTML body; ``cut`` says the body was truncated, so a
    character split at its end is not a decoding error.

    >>> decode_html("<p>Café</p>".encode("cp1252"))
    ('cp1252', '<p>Café</p>')
    >>> decode_html(codecs.BOM_UTF8 + '<meta charset="koi8-r"><p>é'.encode())[0]
    'utf-8'
    """
    bom, mark = read_bom(body)
    if bom and mark:
        return bom, body[len(mark) :].decode(bom, errors="replace")
    declared = http_content_type_encoding(content_type) or declared_in_head(body)
    if declared:
        text = body.decode(declared, errors="replace")
        return _correct_misdeclared(body, declared, text, cut=cut)
    utf8 = _utf8_or_none(body, cut=cut)
    if utf8 is not None:
        return "utf-8", utf8
    guess = _guess(body)
    return guess, body.decode(guess, errors="replace")


def declared_in_head(body: bytes) -> str | None:
    """The charset a ``<meta>`` tag or the XML declaration names, read up to the
    end of the head, as a Python codec name.

    >>> declared_in_head(b"<head>" + b" " * 5000 + b"<meta charset='ISO-8859-1'></head>")
    'cp1252'
    >>> declared_in_head(b"<head></head><body><meta charset='koi8-r'>") is None
    True
    """
    end = _HEAD_END.search(body, 0, MAX_HEAD_BYTES)
    head = body[: end.start() if end else MAX_HEAD_BYTES]
    for match in _META.finditer(head):
        label = (match.group(1) or match.group(2)).decode("ascii", errors="ignore")
        encoding = resolve_encoding(label)
        if encoding:
            # A page read as bytes cannot be UTF-16 without a BOM: browsers read UTF-8.
            return "utf-8" if encoding.startswith("utf-16") else encoding
    return None


def _guess(body: bytes) -> str:
    """charset-normalizer's pick, but windows-1252 (the commonest undeclared
    encoding) when it reads the bytes about as cleanly: on a page's worth of
    Western text the detector's scores for the 8-bit code pages differ by noise."""
    sample = body[:GUESS_BYTES]
    if sum(1 for byte in sample if byte > 0x7F) < MIN_GUESS_BYTES:
        return FALLBACK  # a few bytes fit any 8-bit encoding equally well
    results = list(charset_normalizer.from_bytes(sample))
    if not results:
        return FALLBACK
    cleanest = min(match.chaos for match in results)
    close = [m.encoding for m in results if m.chaos <= cleanest + GUESS_MARGIN]
    if FALLBACK in close:
        return FALLBACK
    return resolve_encoding(results[0].encoding) or FALLBACK


def _correct_misdeclared(body: bytes, encoding: str, text: str, *, cut: bool) -> tuple[str, str]:
    """Undo a wrong charset declaration.

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
        return FALLBACK, body.decode(FALLBACK, errors="replace")
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
