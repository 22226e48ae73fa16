"""Text as the exports print it: plain text only (no tags, entities decoded), excerpts."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from w3lib.html import remove_tags, remove_tags_with_content

#: Longest excerpt in ``works.json`` before it is cut at a word boundary.
EXCERPT_CHARS = 300
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def plain_text(value: str | None) -> str | None:
    """Plain text: tags and scripts removed, entities decoded.

    Decoding can reveal markup (``&lt;script&gt;``), so decoding and stripping
    repeat until nothing changes.

    >>> plain_text("Fish &amp; chips <b>rule</b><script>alert(1)</script>")
    'Fish & chips rule'
    >>> plain_text("&lt;script&gt;alert(1)&lt;/script&gt;ok")
    'ok'
    >>> plain_text("3 < 4 and AT&T")
    '3 < 4 and AT&T'
    """
    if value is None or ("<" not in value and "&" not in value):
        return value
    for _ in range(5):
        decoded = _strip(html.unescape(value))
        if decoded == value:
            break
        value = decoded
    return value


def _strip(text: str) -> str:
    if "<" not in text:
        return text
    text = remove_tags_with_content(text, which_ones=("script", "style"))
    text = remove_tags(_BLOCK_END.sub("\n", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def plain_list(values: Iterable[str] | None) -> list[str]:
    """Each text of a list cleaned; values that end up empty are dropped."""
    return [text for text in (plain_text(value) for value in values or ()) if text]


def plain_json(value: Any) -> Any:
    """Every string inside a JSON value cleaned (raw values, field sources)."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    return value


@lru_cache(maxsize=64)
def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str | None:
    """The start of a text, cut at a word boundary.

    Cached: a review's ``works.json`` entry and its feed item ask for the same
    excerpt one after the other.

    >>> excerpt("One two three four", limit=12)
    'One two…'
    >>> excerpt("Short.", limit=12)
    'Short.'
    """
    text = _collapsed_start(plain_text(text) or "", limit + 1)
    if not text:
        return None
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def _collapsed_start(text: str, wanted: int) -> str:
    """``text`` with its runs of white space made single spaces, or a start of
    it at least ``wanted`` characters long: a review's excerpt needs a few
    hundred characters, not its whole body split into words.

    >>> _collapsed_start("  One   two\\nthree  ", 100)
    'One two three'
    >>> _collapsed_start("One  two three four five", 5)
    'One two three four'
    """
    # Collapsing the start of a text gives the start of the collapsed text (a word
    # cut short at the end still starts the same), so a long enough one will do.
    start = " ".join(text[: 4 * wanted].split())
    return start if len(start) >= wanted else " ".join(text.split())
