"""Text and time as the exports print them: plain text only, UTC RFC 3339 times."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from w3lib.html import remove_tags, remove_tags_with_content

#: Longest excerpt in ``works.json`` before it is cut at a word boundary.
EXCERPT_CHARS = 300
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def clean_text(value: str | None) -> str | None:
    """Plain text: tags and scripts removed, entities decoded.

    Decoding can reveal markup (``&lt;script&gt;``), so decoding and stripping
    repeat until nothing changes.

    >>> clean_text("Fish &amp; chips <b>rule</b><script>alert(1)</script>")
    'Fish & chips rule'
    >>> clean_text("&lt;script&gt;alert(1)&lt;/script&gt;ok")
    'ok'
    >>> clean_text("3 < 4 and AT&T")
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


def clean_list(values: Iterable[str] | None) -> list[str]:
    """Each text of a list cleaned; values that end up empty are dropped."""
    return [text for text in (clean_text(value) for value in values or ()) if text]


def clean_json(value: Any) -> Any:
    """Every string inside a JSON value cleaned (raw values, field sources)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_json(item) for key, item in value.items()}
    return value


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str | None:
    """The start of a text, cut at a word boundary.

    >>> excerpt("One two three four", limit=12)
    'One two…'
    >>> excerpt("Short.", limit=12)
    'Short.'
    """
    text = " ".join((clean_text(text) or "").split())
    if not text:
        return None
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


@lru_cache(maxsize=4096)
def timestamp(value: datetime | None) -> str | None:
    """RFC 3339 in UTC; a stored time without a zone is UTC (SQLite keeps none).

    >>> from datetime import timedelta, timezone
    >>> timestamp(datetime(2022, 5, 13, 9, 30, tzinfo=timezone(timedelta(hours=2))))
    '2022-05-13T07:30:00Z'
    >>> timestamp(datetime(2022, 5, 13))
    '2022-05-13T00:00:00Z'

    Cached: a batch's reviews share their first-seen, last-seen and updated times.
    """
    if value is None:
        return None
    return utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
