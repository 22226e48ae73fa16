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
from collections.abc import Callable, Iterable
from functools import lru_cache

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP

# Curly quotes are kept: they are what the author wrote, and straightening
# them would change body text that is stored for re-normalisation.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, normalization="NFC", explain=False
)


def _char_class(codes: Iterable[int]) -> str:
    return "".join(re.escape(chr(code)) for code in sorted(codes))


# Characters that some ftfy fixer acts on by itself, whatever surrounds them:
# controls, ligatures, full-width forms, C1 controls, line separators,
# surrogates. "Ã" and "Â" are there because ftfy's mojibake test anchors
# "Ã " to the start of each line, which a search of the whole text misses.
_FTFY_CHARS = re.compile(
    f"[{_char_class([*CONTROL_CHARS, *LIGATURES, *WIDTH_MAP])}"
    "\x80-\x9f\r\u2028\u2029\ud800-\udfffÃÂ]"
)
# Where ftfy's mojibake pattern can match: every match holds two adjacent
# non-ASCII characters, or one of C1 controls, "Â", "Ã" (in _FTFY_CHARS), "Œ"
# and "œ" alone between ASCII ones (checked over the whole Unicode range in
# the tests), and is at most 7 characters long ("ГўВЂВ.x"), so it lies within
# this reach of a seed.
_MOJIBAKE_SEED = re.compile("[^\x00-\x7f]{2,}")
_MOJIBAKE_REACH = 8
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section)\b", re.I)
# Zero-width and soft-hyphen characters are invisible but split words.
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_LINE_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c\x85"
_LINE_BREAK = re.compile(f"\r\n?|[{_LINE_BREAK_CHARS}]")
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


def _ftfy_would_change(text: str) -> bool:
    """Whether :func:`ftfy.fix_text` could change ``text``; False is exact.

    Most scraped text is clean, and ftfy pays per line for finding nothing, so
    it only runs on text that has a character one of its fixers acts on, looks
    like mojibake to ftfy's own test, or is not in NFC.

    >>> _ftfy_would_change("Pilou Asbæk’s “Dune”"), _ftfy_would_change("Pilou AsbÃ¦k")
    (False, True)
    >>> _ftfy_would_change("ﬁlm"), _ftfy_would_change("e\u0301")
    (True, True)
    """
    if text.isascii():  # then only controls matter, and tab and newline are kept
        return not text.replace("\n", "").replace("\t", "").isprintable()
    if _FTFY_CHARS.search(text):
        return True
    return not unicodedata.is_normalized("NFC", text) or _looks_like_mojibake(text)


def _looks_like_mojibake(text: str) -> bool:
    """ftfy's own mojibake test, searched only around its possible seeds: its
    pattern costs about a microsecond a character, 8 ms on a 10 KB body.

    >>> _looks_like_mojibake("It’s “fine” – really"), _looks_like_mojibake("It’s fine â€” no")
    (False, True)
    """
    if "Œ" in text or "œ" in text:
        return bool(BADNESS_RE.search(text))
    for run in _MOJIBAKE_SEED.finditer(text):
        start, end = max(0, run.start() - _MOJIBAKE_REACH), run.end() + _MOJIBAKE_REACH
        if BADNESS_RE.search(text, start, end):
            return True
    return False


def _repair(text: str) -> str:
    # Each step runs only on text it can change: "in" scans far faster than a
    # regular expression, and a body is cleaned in full at least twice.
    # Mojibake is repaired before invisible characters go: a soft hyphen
    # (U+00AD) is also the second byte of UTF-8 "έ" read as Latin-1.
    if _ftfy_would_change(text):
        text = ftfy.fix_text(text, _FTFY_CONFIG)
    if _has_any(text, _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    text = _unescape(text)
    if "<" in text:
        text = _strip_tags(text)
    if _has_any(text, _LINE_BREAK_CHARS):
        text = _LINE_BREAK.sub("\n", text)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _has_any(text: str, chars: str) -> bool:
    return any(char in text for char in chars)


# A crawl offers the same one-line values again and again (a site's bylines,
# labels, genres), and each value to every candidate ranking: remember them.
@lru_cache(maxsize=4096)
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
    return _collapse(_repair(text))


def clean_body(text: str | None) -> str | None:
    """Like :func:`clean_text`, but paragraphs stay, one blank line apart.

    >>> clean_body("First  line\\nsame paragraph.\\r\\n\\r\\n\\n<p>Second</p>")
    'First line same paragraph.\\n\\nSecond'
    """
    if not text:
        return None
    return _until_stable(_clean_paragraphs, text) or None


def _clean_paragraphs(text: str) -> str:
    paragraphs = map(_collapse, _PARAGRAPH_BREAK.split(_repair(text)))
    return "\n\n".join(filter(None, paragraphs))


def _collapse(text: str) -> str:
    """Whitespace runs to one space, none at the ends: ``str.split`` and ``\\s``
    agree on what whitespace is, and the split is several times faster.

    >>> _collapse(" a\\u00a0 b\\n\\tc ")
    'a b c'
    """
    return " ".join(text.split())
