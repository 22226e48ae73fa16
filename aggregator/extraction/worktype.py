"""The kind of work, from words around "review" in headlines and URLs.

"Album review: ...", "/reviews/albums/...", "/ezra-klein-book-review" and a
platform in a game review's slug ("-pc-review") all say what was reviewed.
Values are raw words ("album", "pc"); normalisation maps them to its vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

from aggregator.extraction.candidates import Candidate, Candidates

_REVIEW = r"(?:reviews?|rezension(?:en)?|kritik|critique|recensione|rese[ñn]a|recensie)"

#: Words naming a kind of work (section names, slug words) → a word normalisation reads.
KIND_WORDS = {
    **dict.fromkeys(("movie", "movies", "film", "films", "cinema", "kino"), "movie"),
    **dict.fromkeys(("tv", "television", "series", "season", "episode", "serien"), "tv"),
    **dict.fromkeys(("game", "games", "gaming", "videogames", "spiele"), "game"),
    **dict.fromkeys(("pc", "ps4", "ps5", "xbox", "switch", "nintendo"), "game"),
    **dict.fromkeys(("book", "books", "buch", "bucher", "buecher", "novel", "livres"), "book"),
    **dict.fromkeys(("album", "albums", "music", "musik", "records", "tracks"), "album"),
}
_HEADLINE_KIND = re.compile(
    rf"\b(?P<kind>{'|'.join(sorted(KIND_WORDS, key=len, reverse=True))})\s+{_REVIEW}\b", re.I
)
_SOURCE_HEADLINE = "prose"
_SOURCE_URL = "url"
#: How far before "review" in a slug a kind word may stand ("dune-movie-hbo-review").
SLUG_WINDOW = 3


def worktype_candidates(headlines: Iterable[str], url: str) -> Candidates:
    """Work-type words from headlines ("Film review: ...") and the URL path."""
    found: list[Candidate] = []
    for headline in headlines:
        match = _HEADLINE_KIND.search(headline)
        if match:
            found.append(Candidate(KIND_WORDS[match.group("kind").lower()], _SOURCE_HEADLINE))
    kind = kind_from_url(url)
    if kind:
        found.append(Candidate(kind, _SOURCE_URL))
    unique = list(dict.fromkeys(found))
    return {"work_type": unique} if unique else {}


def kind_from_url(url: str) -> str | None:
    """A section ("/reviews/albums/") or a word just before "review" in the slug.

    >>> kind_from_url("https://example.com/reviews/albums/some-band-some-album/")
    'album'
    >>> kind_from_url("https://example.com/2020/05/politics-ezra-klein-book-review.html")
    'book'
    >>> kind_from_url("https://example.com/2020/05/doom-eternal-review/") is None
    True
    """
    segments = [s.lower() for s in unquote(urlparse(url).path).split("/") if s]
    for segment in segments[:-1] if len(segments) > 1 else ():
        if segment in KIND_WORDS:
            return KIND_WORDS[segment]
    for segment in reversed(segments):
        words = re.split(r"[-_.+]+", segment)
        for index, word in enumerate(words):
            if re.fullmatch(_REVIEW, word):
                window = words[max(0, index - SLUG_WINDOW) : index]
                kinds = [KIND_WORDS[w] for w in reversed(window) if w in KIND_WORDS]
                if kinds:
                    return kinds[0]
    return None


_ISBN = re.compile(r"\bISBN(?:-?1[03])?\s*:?\s*(?:97[89][-\s]?)?\d{1,5}[-\s]?\d", re.IGNORECASE)
#: Genres only games have ("Genre: First-Person Shooter").
GAME_GENRES = frozenset(
    {
        "first-person shooter", "third-person shooter", "shooter", "rpg", "action rpg", "jrpg",
        "role-playing game", "platformer", "roguelike", "roguelite", "metroidvania",
        "battle royale", "moba", "mmo", "mmorpg", "fighting game", "racing game",
        "puzzle game", "strategy game", "real-time strategy", "turn-based strategy",
        "survival horror", "city builder", "grand strategy", "visual novel",
    }
)  # fmt: skip
#: An outlet named for games ("PC Gamer", "Giant Bomb Games") reviews games.
_GAMING_OUTLET = re.compile(r"\b(?:gam(?:e|es|er|ers|ing)|spiele)\b", re.IGNORECASE)
_SOURCE_FACTS = "facts"


def worktype_from_facts(
    html: str, genres: Iterable[str], publications: Iterable[str]
) -> Candidates:
    """The kind of work from facts that only one kind has: an ISBN (a book), a
    game-only genre, an outlet named for games. Lowest trust: a hint, not a claim.

    >>> worktype_from_facts("<p>ISBN 978-3-16-148410-0</p>", [], [])["work_type"][0].value
    'book'
    >>> worktype_from_facts("", ["First-Person Shooter"], [])["work_type"][0].value
    'game'
    >>> worktype_from_facts("", ["Drama"], ["The Film Stage"])
    {}
    """
    kinds: list[str] = []
    if _ISBN.search(html):
        kinds.append("book")
    if any(genre.strip().lower() in GAME_GENRES for genre in genres):
        kinds.append("game")
    if any(_GAMING_OUTLET.search(name) for name in publications):
        kinds.append("game")
    unique = list(dict.fromkeys(kinds))
    # Two different hints contradict each other: say nothing.
    return {"work_type": [Candidate(unique[0], _SOURCE_FACTS)]} if len(unique) == 1 else {}
