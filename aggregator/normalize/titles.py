"""Work titles and release years.

A year in brackets at the end of a title is the release year ("Dune [2021]");
a year that is part of the title stays ("Blade Runner 2049"). Years outside
1870-2100 are not release years.
"""

from __future__ import annotations

import re

from aggregator.normalize.cleaning import clean_text

MIN_YEAR = 1870
MAX_YEAR = 2100

_YEAR = r"(?:18[7-9]\d|19\d\d|20\d\d|2100)"
_TRAILING_YEAR = re.compile(rf"\s*[(\[]\s*({_YEAR})\s*[)\]]\s*$")
_ANY_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


def split_title_year(text: str | None) -> tuple[str | None, int | None]:
    """Split "Title (Year)" into its title and year.

    >>> split_title_year("Run Sweetheart Run (2022)")
    ('Run Sweetheart Run', 2022)
    >>> split_title_year("Blade Runner 2049")
    ('Blade Runner 2049', None)
    >>> split_title_year("(2022)")
    (None, 2022)
    """
    cleaned = clean_text(text)
    if cleaned is None:
        return None, None
    match = _TRAILING_YEAR.search(cleaned)
    if not match:
        return cleaned, None
    title = cleaned[: match.start()].rstrip(" -–—:,")
    return title or None, int(match.group(1))


def parse_year(value: str | int | None) -> int | None:
    """The first plausible year in a value.

    >>> parse_year("First Release Date Mar 20, 2020")
    2020
    >>> parse_year("(1984)"), parse_year(1869)
    (1984, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if MIN_YEAR <= value <= MAX_YEAR else None
    if not isinstance(value, str):
        return None
    match = _ANY_YEAR.search(value)
    return int(match.group(1)) if match else None
