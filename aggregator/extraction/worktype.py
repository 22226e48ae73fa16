"""The kind of work, from words around "review" in headlines and URLs.

"Album review: ...", "/reviews/albums/...", "/ezra-klein-book-review" and a
platform in a game review's slug ("-pc-review") all say what was reviewed.
Values are raw words ("album", "pc"); normalisation maps them to its vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.prefilter import may_contain
from aggregator.extraction.tree_text import element_text
from aggregator.normalize.ratings import parse_content_rating

_REVIEW = r"(?:reviews?|rezension(?:en)?|kritik|critique|recensione|rese[ñn]a|recensie)"

#: Words naming a kind of work (section names, slug words) → a word normalisation reads.
KIND_WORDS = {
    **dict.fromkeys(("movie", "movies", "film", "films", "cinema", "kino"), "movie"),
    **dict.fromkeys(("tv", "television", "series", "season", "episode", "serien"), "tv"),
    **dict.fromkeys(("game", "games", "gaming", "videogames", "spiele"), "game"),
    **dict.fromkeys(("pc", "ps4", "ps5", "xbox", "switch", "nintendo"), "game"),
    **dict.fromkeys(("book", "books", "buch", "bucher", "buecher", "novel", "livres"), "book"),
    **dict.fromkeys(("album", "albums", "music", "musik", "records", "tracks", "song"), "album"),
    **dict.fromkeys(
        ("theatre", "theater", "stage", "buehne", "bühne", "opera", "oper", "tanz"),
        "theatre",
    ),
}
_HEADLINE_KIND = re.compile(
    rf"\b(?P<kind>{'|'.join(sorted(KIND_WORDS, key=len, reverse=True))})\s+{_REVIEW}\b", re.I
)
_SOURCE_HEADLINE = "prose"
_SOURCE_URL = "url"
#: The most tags a post has; more are a category menu.
MAX_TAGS = 12
#: How far before "review" in a slug a kind word may stand ("dune-movie-hbo-review").
SLUG_WINDOW = 3


def worktype_candidates(headlines: Iterable[str], url: str, tags: Iterable[str] = ()) -> Candidates:
    """Work-type words from headlines ("Film review: ..."), the URL path, and the
    post's tags or section ("film", "Album reviews")."""
    found: list[Candidate] = []
    for headline in headlines:
        match = _HEADLINE_KIND.search(headline)
        if match:
            found.append(Candidate(KIND_WORDS[match.group("kind").lower()], _SOURCE_HEADLINE))
    kind = kind_from_url(url)
    if kind:
        found.append(Candidate(kind, _SOURCE_URL))
    kind = kind_from_tags(tags)
    if kind:
        found.append(Candidate(kind, _SOURCE_HEADLINE))
    unique = list(dict.fromkeys(found))
    return {"work_type": unique} if unique else {}


def kind_from_tags(tags: Iterable[str]) -> str | None:
    """The one kind of work the post's tags name ("film", "film review"); tags
    naming two kinds say nothing.

    >>> kind_from_tags(["Dan Morrow", "film", "Night Shift Heroes"])
    'movie'
    >>> kind_from_tags(["film", "tv"]) is None, kind_from_tags(["Hollywood"]) is None
    (True, True)
    """
    kinds = set()
    for tag in tags:
        words = tag.casefold().split()
        match = _HEADLINE_KIND.search(tag)
        if match:
            kinds.add(KIND_WORDS[match.group("kind").lower()])
        elif len(words) == 1 and words[0] in KIND_WORDS:
            kinds.add(KIND_WORDS[words[0]])
    return kinds.pop() if len(kinds) == 1 else None


def page_tags(tree: lxml.html.HtmlElement) -> list[str]:
    """The post's tags and section: ``rel=tag`` links, ``article:section``/``article:tag``.

    Tag links outside navigation only, and only a post's few: a long list is a
    menu of the site's categories, which says nothing about this page.
    """
    links = [
        element_text(a)
        for a in tree.xpath("//a[contains(@rel, 'tag')][not(ancestor::nav or ancestor::header)]")
    ]
    links = links if len(links) <= MAX_TAGS else []
    metas = tree.xpath("//meta[@property='article:section' or @property='article:tag']/@content")[
        :MAX_TAGS
    ]
    return [text for text in (*links, *map(str, metas)) if text]


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


#: Boards that rate one kind of work: the ESRB and PEGI games, the MPA films,
#: the TV Parental Guidelines television. (The BBFC and FSK rate films, videos
#: and series alike, and "NR" says nothing.)
_BOARD_KINDS = {"ESRB": "game", "PEGI": "game", "MPA": "movie", "TV": "tv"}
# A certificate letter alone ("M") belongs to several boards' scales: the board
# must be named, or the certificate be one only that board gives.
_NAMED_BOARD = re.compile(
    r"\b(?:ESRB|PEGI|MPAA?|TV-(?:Y7?|G|PG|14|MA))\b|\b(?:PG-13|NC-17)\b"
    r"|\bRated\s+(?:G|PG|R)\s+for\b"  # the MPA's own formula, "Rated R for language"
)


def kind_from_rating(text: str) -> str | None:
    """The kind of work a certificate's board rates, when the text names the board.

    >>> kind_from_rating("ESRB: M"), kind_from_rating("Rated PG-13 for violence")
    ('game', 'movie')
    >>> kind_from_rating("TV-MA"), kind_from_rating("M") is None, kind_from_rating("Rated NR")
    ('tv', True, None)
    """
    rating = parse_content_rating(text)
    if rating is None or rating.certificate == "NR" or not _NAMED_BOARD.search(text):
        return None
    return _BOARD_KINDS.get(rating.system or "")


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
#: An outlet named for games ("Gamer Weekly", "Pixel Forge Games") reviews games.
_GAMING_OUTLET = re.compile(r"\b(?:gam(?:e|es|er|ers|ing)|spiele)\b", re.IGNORECASE)
_SOURCE_FACTS = "facts"


def worktype_from_facts(
    html: str,
    genres: Iterable[str],
    publications: Iterable[str],
    ratings: Iterable[str] = (),
) -> Candidates:
    """The kind of work from facts that only one kind has: an ISBN (a book), a
    game-only genre, an outlet named for games, a certificate of a board that
    rates one kind only. Lowest trust: a hint, not a claim.

    >>> worktype_from_facts("<p>ISBN 978-3-16-148410-0</p>", [], [])["work_type"][0].value
    'book'
    >>> worktype_from_facts("", ["First-Person Shooter"], [])["work_type"][0].value
    'game'
    >>> worktype_from_facts("", ["Drama"], ["The Film Stage"])
    {}
    >>> worktype_from_facts("", [], [], ["ESRB: M"])["work_type"][0].value
    'game'
    """
    kinds: list[str] = [kind for rating in ratings if (kind := kind_from_rating(rating))]
    if may_contain(html, [b"isbn"]) and _ISBN.search(html):  # the pattern is slow on a page
        kinds.append("book")
    if any(genre.strip().lower() in GAME_GENRES for genre in genres):
        kinds.append("game")
    if any(_GAMING_OUTLET.search(name) for name in publications):
        kinds.append("game")
    unique = list(dict.fromkeys(kinds))
    # Two different hints contradict each other: say nothing.
    return {"work_type": [Candidate(unique[0], _SOURCE_FACTS)]} if len(unique) == 1 else {}
