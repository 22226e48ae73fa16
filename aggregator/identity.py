"""Identity keys: when two spellings name the same work or the same person."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ARTICLES = re.compile(r"^(the|a|an|le|la|les|el|los|las|der|die|das|il|lo)\s+")
_SUFFIXES = re.compile(r"\s+(the movie|the film|the series|the game)$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Letters that Unicode does not decompose into a base letter plus accents.
_LIGATURES = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d"}
)


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits separated by single spaces.

    >>> fold("Amélie — Le Fabuleux Destin!")
    'amelie le fabuleux destin'
    """
    folded = text.casefold().replace("&", " and ").translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def title_key(title: str) -> str:
    """The matching key of a work title.

    >>> title_key("Run, Sweetheart, Run") == title_key("RUN SWEETHEART RUN")
    True
    >>> title_key("The Batman"), title_key("Barbie: The Movie")
    ('batman', 'barbie')
    """
    key = _SUFFIXES.sub("", fold(title))
    return _ARTICLES.sub("", key) or key


def person_key(name: str) -> str:
    """The matching key of a person's name.

    >>> person_key("Pilou Asbæk"), person_key("Zoë  Kravitz")
    ('pilou asbaek', 'zoe kravitz')
    """
    return fold(name)


def work_key(work_type: str, key: str, year: int | None) -> str:
    return f"{work_type}|{key}|{year if year is not None else ''}"


def public_id(prefix: str, key: str) -> str:
    """A short stable id derived from an identity key.

    >>> public_id("w", "movie|dune|2021")
    'w_532f22903760'
    """
    return f"{prefix}_{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]}"
