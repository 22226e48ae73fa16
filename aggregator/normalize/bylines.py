"""Review authors: the people a byline names, without the byline's wording.

A byline is a credit line with more around it than a cast list: a word for
"by" in the page's language ("By", "Reviewed by", "Von", "Par", "Por", "Di",
"Door", "Autor:"), a date or a job after a bar or a comma ("Ann Lee | 3 May
2021", "Ann Lee, Film Critic"), a copyright sign ("© Ann Lee"). Those go;
the names are split like any credit list (:func:`split_people`).

Authors are people. A desk or site name ("example.de Redaktion", "Staff",
"Editorial Team") says who is answerable, not who wrote the review: it would
become a critic of its own and match every unsigned review of the outlet, so
it is dropped, and a real byline from a less trusted layer can win.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aggregator.normalize.cleaning import clean_text
from aggregator.normalize.people import split_people

_BY = (
    r"(?:(?:(?:reviewed|review|written|words|text|posted|story|interview|published)\s+by)"
    r"|by|par|por|door|autor(?:in)?|author|auteur|autore|written|text|texto|testo"
    r"|rezensiert\s+von|geschrieben\s+von|kritik\s+von|recensione\s+di|critique\s+de"
    r"|reseña\s+de|crítica\s+de|écrit\s+par|escrito\s+por|scritto\s+da|geschreven\s+door"
    r"|texte|tekst)"
)
_PREFIX = re.compile(
    rf"^(?:{_BY}\b\s*:?\s*|[©Ⓒ]\s*(?:\d{{4}}\s*)?|copyright\b\s*(?:\d{{4}}\s*)?)+", re.I
)
# "Di" and "Von" also begin names ("Di Caprio", "Von Miller"): a byline word only
# before a full name of two words.
_DI = re.compile(r"^(?:[Dd]i|[Vv]on|[Vv]om)\s+(?=\S+\s+\S)")
# A commenter's line ("Ann says:") is not a byline.
_SAYS = re.compile(r"\s(?:says|said|sagt|schreibt|dice|dit|écrit|zegt|pisze)\s*:?\s*$", re.I)
_DIGIT = re.compile(r"\d")
# "Ann Lee on March 3, 2021", "Ann Lee Updated 3 May": the line's date, not a name.
_DATED_TAIL = re.compile(
    r"\s+(?:(?:on|am|le|el|il|em|op|at)\s+(?=[^,|]*\d)"
    r"|(?:updated|published|posted|aktualisiert|veröffentlicht|publié|publicado)\b).*$",
    re.I | re.S,
)
_DOMAIN = re.compile(r"\w\.(?:[a-z]{2,3}|info|online|media)\b", re.I)
# Words that make a desk, not a person, wherever they stand ("example.de Redaktion").
_DESK_WORDS = frozenset(
    {"staff", "team", "editors", "editorial", "redaktion", "redaktionen", "redazione"}
    | {"rédaction", "redacción", "redactie", "redakcja", "desk", "newsroom", "admin"}
    | {"administrator", "webmaster", "anonymous", "agency", "agencies", "wire"}
)
# A job title after a name ("Ann Lee, Film Critic") is all such words; "Ann
# Critic" is a person.
_JOB_WORDS = frozenset(
    {"critic", "editor", "writer", "reporter", "columnist", "contributor", "contributors"}
    | {"correspondent", "reviewer", "author", "journalist", "kritiker", "kritikerin"}
)
_JOB_MODIFIERS = frozenset(
    {"film", "movie", "music", "game", "games", "book", "books", "tv", "senior", "chief"}
    | {"contributing", "guest", "associate", "managing", "deputy", "executive", "features"}
    | {"culture", "arts", "freelance", "the", "of", "and", "at", "large", "our", "staff"}
)


def split_authors(value: str | Iterable[str] | None) -> list[str]:
    """The people a byline (or a list of them) names.

    >>> split_authors("By Ann Lee and Bo Berg | March 3, 2021")
    ['Ann Lee', 'Bo Berg']
    >>> split_authors(["Von Anna Schmidt", "example.de Redaktion", "Staff"])
    ['Anna Schmidt']
    >>> split_authors("Ann Lee, Film Critic"), split_authors("© 2019 Ann Lee")
    (['Ann Lee'], ['Ann Lee'])
    >>> split_authors("di Mario Rossi"), split_authors("Di Caprio")
    (['Mario Rossi'], ['Di Caprio'])
    """
    return [
        name
        for line in _lines(value)
        for name in split_people(_without_byline_words(line))
        if _is_person(name)
    ]


def _lines(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    return [line for item in items if (line := clean_text(item))]


def _without_byline_words(line: str) -> str:
    if _SAYS.search(line):
        return ""
    line = _DATED_TAIL.sub("", line)
    for _ in range(3):  # "By: © Ann Lee"
        stripped = _DI.sub("", _PREFIX.sub("", line))
        if stripped == line:
            break
        line = stripped
    return line


def _is_person(name: str) -> bool:
    """A name with no digits, no web address, no desk word, and not a job title.

    >>> _is_person("Ann Critic"), _is_person("Senior Film Critic"), _is_person("@annlee")
    (True, False, False)
    """
    if _DIGIT.search(name) or _DOMAIN.search(name) or name.startswith("@"):
        return False
    words = {word.casefold().strip(".:") for word in name.split()}
    if words & _DESK_WORDS:
        return False
    return not (words & _JOB_WORDS and words <= _JOB_WORDS | _JOB_MODIFIERS)
