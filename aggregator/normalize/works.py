"""Kinds of reviewed work: schema.org types and plain words to one vocabulary.

The vocabulary is "movie", "tv", "game", "book", "music", "theatre" (plays,
musicals, opera, dance on stage) and "other" (generic schema.org types such
as ``CreativeWork``).
"""

from __future__ import annotations

import re

WORK_TYPES = ("movie", "tv", "game", "book", "music", "theatre", "other")

_KINDS = {
    "movie": (
        "movie",
        "film",
        "featurefilm",
        "motionpicture",
        "shortfilm",
        "documentary",
        "tvmovie",
    ),
    "tv": (
        "tvseries",
        "tvseason",
        "tvepisode",
        "tvshow",
        "tv",
        "television",
        "series",
        "episode",
        "season",
        "miniseries",
        "tvminiseries",
        "televisionseries",
        "webseries",
    ),
    "game": ("videogame", "game", "videogameseries", "computergame", "boardgame"),
    "book": ("book", "novel", "audiobook", "bookseries", "comic", "graphicnovel"),
    "music": ("musicalbum", "musicrecording", "album", "song", "single", "track", "musicplaylist"),
    "theatre": (
        "theatre",
        "theater",
        "theaterevent",
        "play",
        "musical",
        "opera",
        "ballet",
        "danceevent",
        "stageplay",
    ),
    "other": ("creativework", "creativeworkseries", "thing", "product"),
}
_LOOKUP = {word: kind for kind, words in _KINDS.items() for word in words}
# The type name is the last part of a URL or prefixed name ("schema:Movie").
_LAST_PART = re.compile(r"[^/#:]*$")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def parse_work_type(value: str | None) -> str | None:
    """Map a type name or word to the work-type vocabulary.

    >>> parse_work_type("https://schema.org/TVSeries"), parse_work_type("Video game")
    ('tv', 'game')
    >>> parse_work_type("TheaterEvent"), parse_work_type("Musical")
    ('theatre', 'theatre')
    >>> parse_work_type("Recipe") is None
    True
    """
    if not isinstance(value, str):
        return None
    name = _LAST_PART.search(value.strip())
    key = _NOT_LETTERS.sub("", name.group().lower()) if name else ""
    return _LOOKUP.get(key)
