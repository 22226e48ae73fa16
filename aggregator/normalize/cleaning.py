"""Text repair and whitespace cleaning for one-line fields and article bodies.

Scraped text arrives double-decoded ("AsbÃ¦k"), HTML-escaped (sometimes twice:
``&amp;#8217;``), with stray tags, NBSPs and zero-width characters. Both
cleaners repair the text the same way; they differ only in what happens to
line structure.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import ftfy

# Curly quotes are kept: they are what the author wrote, and straightening
# them would change body text that is stored for re-normalisation.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, normalization="NFC", explain=False
)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section)\b", re.I)
# Zero-width and soft-hyphen characters are invisible but split words.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Escaped text is sometimes escaped again by the next system in line.
_MAX_UNESCAPE_ROUNDS = 4


def _unescape(text: str) -> str:
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _strip_tags(text: str) -> str:
    """Remove tags; block-level tags become line breaks, inline ones vanish."""

    def replace(match: re.Match[str]) -> str:
        return "\n" if _BLOCK_TAG.match(match.group()) else ""

    for _ in range(_MAX_UNESCAPE_ROUNDS):
        stripped = _TAG.sub(replace, text)
        if stripped == text:
            break
        text = stripped
    return text


def _until_stable(clean: Callable[[str], str], text: str) -> str:
    # One fix can reveal another (a C1 control turned into "€", or a dropped
    # space, completes the mojibake "Â€"), so repeat: cleaning is idempotent.
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        cleaned = clean(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _repair(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    text = _strip_tags(_unescape(text))
    return unicodedata.normalize("NFC", _LINE_BREAK.sub("\n", text))


def clean_text(text: str | None) -> str | None:
    """Repair and collapse a one-line value; ``None`` when nothing is left.

    >>> clean_text("  Pilou AsbÃ¦k\\u00a0 ")
    'Pilou Asbæk'
    >>> clean_text("Gretel &amp;amp; Hansel")
    'Gretel & Hansel'
    >>> clean_text("<i>Dune</i>: Part\\u200b Two\\n")
    'Dune: Part Two'
    >>> clean_text(" \\u00a0 ") is None
    True
    """
    if not text:
        return None
    return _until_stable(_clean_line, text) or None


def _clean_line(text: str) -> str:
    return _SPACE.sub(" ", _repair(text)).strip()


def clean_body(text: str | None) -> str | None:
    """Like :func:`clean_text`, but paragraphs stay, one blank line apart.

    >>> clean_body("First  line\\nsame paragraph.\\r\\n\\r\\n\\n<p>Second</p>")
    'First line same paragraph.\\n\\nSecond'
    """
    if not text:
        return None
    return _until_stable(_clean_paragraphs, text) or None


def _clean_paragraphs(text: str) -> str:
    paragraphs = (_SPACE.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(_repair(text)))
    return "\n\n".join(p for p in paragraphs if p)
