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
