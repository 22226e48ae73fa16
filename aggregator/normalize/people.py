"""Cast and crew lists: one clean name per person, in credit order.

A credit line is split on commas, semicolons, slashes, bars, bullets, "&",
" and " (and its German, French and Dutch words) and line breaks; "A, B, and C"
gives C without its "and". The one-letter conjunctions of Spanish, Italian,
Portuguese and Catalan ("y", "e", "i") also belong to names ("José Ortega y
Gasset"), so they split only between two names of two words or more.
Prefixes ("Starring:", "Directed by"), roles ("X as Y", "(voice)",
"(uncredited)") and tails ("and more", "et al.") are dropped; suffixes stay
with their name ("Robert Downey, Jr." is one person, "Robert Downey Jr.").
Values that are not names (numbers, "N/A", more than six words, lower-case
phrases) are dropped, and so are repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aggregator.normalize.cleaning import clean_text

MAX_NAME_WORDS = 6

_LINES = re.compile(r"[\r\n\u2028\u2029]+")
_SEPARATORS = re.compile(r"\s*(?:[,;/|•·]|\s&\s|&|\s+(?:and|und|et|en)\s+)\s*", re.I)
# A list's last name keeps the conjunction after an (Oxford) comma: "A, B, and C".
_LEADING_AND = re.compile(r"^(?:(?i:and|und|et)|y|e|i|en)\s+(?=\S)")
# "Penélope Cruz y Javier Bardem": two full names either side.
_SHORT_AND = re.compile(r"\s+(?:y|e|i)\s+(?=\S+\s+\S)")
_PREFIX = re.compile(
    r"^(?:(?:starring|stars|cast|with|featuring|feat\.|directed\s+by|director|directors"
    r"|written\s+by|writer|writers|screenplay\s+by|created\s+by|creators?|voices?)"
    r"(?:\s*:\s*|\s+))+",
    re.I,
)
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
_ROLE = re.compile(r"\s+as\s.*$", re.S)
_ET_AL = re.compile(r"[\s,]+(?:et\s+al|etc)\.?$", re.I)
_SUFFIX = re.compile(r"(?:jr|sr|ii|iii|iv|v|esq|phd|md)\.?", re.I)
_STRAY = re.compile(r"^[\s\-–—:.,'\"]+|[\s\-–—:,'\"(\[)\]]+$")
# Placeholders go before splitting: "N/A" would otherwise split on its slash.
_PLACEHOLDER = re.compile(r"(?<!\w)n/a(?!\w)", re.I)
_NOT_NAMES = frozenset(
    {"unknown", "n/a", "na", "none", "tba", "tbd", "various", "more", "others", "and more"}
)


def split_people(value: str | Iterable[str] | None) -> list[str]:
    """Split credit text (or a list of credits) into names.

    >>> split_people("Starring: Tom Hanks as Woody, Tim Allen (voice) & more")
    ['Tom Hanks', 'Tim Allen']
    >>> split_people(["Robert Downey, Jr.", "Samuel L. Jackson and Pilou AsbÃ¦k"])
    ['Robert Downey Jr.', 'Samuel L. Jackson', 'Pilou Asbæk']
    >>> split_people("Directed by Shana Feste; N/A; 2022")
    ['Shana Feste']
    >>> split_people("Ann Lee, Bo Berg, and Cy Twombly")
    ['Ann Lee', 'Bo Berg', 'Cy Twombly']
    >>> split_people("Anna Lee und Bo Berg, et Cy Chan")
    ['Anna Lee', 'Bo Berg', 'Cy Chan']
    """
    names: list[str] = []
    for credit in _credits(value):
        for line in _LINES.split(credit):
            names.extend(_names_in_line(line))
    return _dedupe(names)


def _credits(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)]


def _names_in_line(line: str) -> list[str]:
    cleaned = clean_text(line)
    if cleaned is None:
        return []
    cleaned = _ET_AL.sub("", _strip_brackets(_PREFIX.sub("", _PLACEHOLDER.sub("", cleaned))))
    names: list[str] = []
    for piece in (p for part in _SEPARATORS.split(cleaned) for p in _split_short_and(part)):
        piece = _tidy(piece)
        if names and _SUFFIX.fullmatch(piece):
            # "Robert Downey, Jr.": the suffix belongs to the name before it.
            names[-1] = f"{names[-1]} {piece}"
        elif _is_name(piece):
            names.append(piece)
    return names


def _split_short_and(part: str) -> list[str]:
    """ "Penélope Cruz y Javier Bardem" is two people, "José Ortega y Gasset" one.

    >>> _split_short_and("Penélope Cruz y Javier Bardem"), _split_short_and("José Ortega y Gasset")
    (['Penélope Cruz', 'Javier Bardem'], ['José Ortega y Gasset'])
    """
    pieces = _SHORT_AND.split(part)
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return pieces
    return [part]


def _strip_brackets(text: str) -> str:
    # Nested brackets ("(as Self (archive))") need more than one pass.
    for _ in range(5):
        stripped = _BRACKETED.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text


def _tidy(piece: str) -> str:
    piece = _ROLE.sub("", _PREFIX.sub("", piece))
    return _LEADING_AND.sub("", _STRAY.sub("", piece))


def _is_name(piece: str) -> bool:
    if not piece or piece.lower() in _NOT_NAMES or _SUFFIX.fullmatch(piece):
        return False
    if len(piece.split()) > MAX_NAME_WORDS or not any(c.isalpha() for c in piece):
        return False
    # A cased phrase without any capital is prose ("a slacker"), not a name.
    cased = [c for c in piece if c.isalpha() and c.lower() != c.upper()]
    return not cased or any(c.isupper() for c in cased)


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique
