"""Short value lists: platforms, genres, tags."""

from __future__ import annotations

import re
from collections.abc import Iterable

from aggregator.normalize.cleaning import clean_text

# "/" and "|" between two single capitals are part of a name ("Xbox Series X|S").
_SEPARATORS = re.compile(r"\s*(?:[,;]|(?<!\b[A-Z])[/|](?![A-Z]\b)|\s+and\s+)\s*", re.I)


def split_list(value: str | Iterable[str] | None) -> list[str]:
    """Split on commas, semicolons, "/", "|" and " and "; clean; drop repeats.

    >>> split_list("PlayStation 5 / Xbox Series X|S and PC")
    ['PlayStation 5', 'Xbox Series X|S', 'PC']
    >>> split_list(["Horror", "horror; Thriller", ""])
    ['Horror', 'Thriller']
    """
    if value is None:
        return []
    items = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    seen: set[str] = set()
    result = []
    for item in items:
        for piece in _SEPARATORS.split(clean_text(item) or ""):
            cleaned = clean_text(piece)
            if cleaned and cleaned.casefold() not in seen:
                seen.add(cleaned.casefold())
                result.append(cleaned)
    return result
