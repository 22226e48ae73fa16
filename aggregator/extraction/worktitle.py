"""The reviewed work's title, read from headlines ("Dune review: ...") and URL slugs.

Headline rules cover the ways publications name the work around the word
"review" (and its counterparts in other languages); a quoted title is the
fallback. Titles come out raw: normalisation cleans and compares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.prefilter import lowered

HEADLINE_SOURCE = "prose"
URL_SOURCE = "url"

_REVIEW = r"(?:review|rezension|kritik|critique|recensione|rese[ñn]a|cr[íi]tica|recensie|recension)"
_KIND = (
    r"(?:film|movie|tv|television|series|show|season|episode|game|album|book|music|concert"
    r"|theat(?:re|er))"
)
_SEP = r"\s*(?:[:|–—]|\s-)\s*"
_YEAR = r"(?:18[89]\d|19\d\d|20\d\d)"

_PREFIX = re.compile(rf"^(?:{_KIND}\s+)?{_REVIEW}(?:\s+of)?{_SEP}(?P<title>.+)$", re.I)
_SUFFIX = re.compile(
    rf"^(?P<title>.+?)(?:{_SEP}|\s+)(?:(?P<kind>{_KIND})\s+)?[(\[]?{_REVIEW}[)\]]?(?:{_SEP}(?P<rest>.*))?$",
    re.I,
)
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(\[:—–-]))['‘\"“«„](?P<title>[^'‘’\"“”«»„]{1,80}?)['’\"”»“](?=$|[\s,.:;!?)\]—–-])"
)
_TRAILING_GROUP = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]{1,40})[)\]]\s*$")
_YEAR_ONLY = re.compile(rf"^{_YEAR}$")
_TITLE_WITH_YEAR = re.compile(
    rf"^(?P<title>[^:|–—]{{1,100}}?)\s*\((?P<year>{_YEAR})\)(?:{_SEP}.*)?$"
)
_SITE_SUFFIX = re.compile(r"\s+[|]\s+[^|]{1,40}$")
_ARTIST_SEP = re.compile(r":\s+|\s+[–—-]\s+")
_KIND_WORD = re.compile(rf"\s+{_KIND}$", re.I)
MAX_TITLE_WORDS = 12
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten"
# "Severance: Season One", "Fargo, series 2": the work is the show.
_SEASON = re.compile(
    rf"\s*[:,–—-]?\s*\b(?:season|series|staffel|saison)\s+(?:\d+|{_NUMBER_WORDS})\s*$", re.I
)
_SLUG_NOISE = rf"{_KIND}|pc|ps[1-5]|xbox|switch|ios|android|spoilers?|\d+"


def title_from_headline(headline: str) -> tuple[str | None, str | None]:
    """(work title, year) named by a headline, or (None, None).

    >>> title_from_headline("Run Sweetheart Run review: a horror date night")
    ('Run Sweetheart Run', None)
    >>> title_from_headline("Review: 'Dune' is a great start")
    ('Dune', None)
    >>> title_from_headline("Dune (2021) Review")
    ('Dune', '2021')
    >>> title_from_headline("Why We Fight")
    (None, None)
    """
    title, year, _quoted = _headline_title(headline)
    return title, year


def _headline_title(headline: str) -> tuple[str | None, str | None, bool]:
    """(title, year, whether only quotes named it): a quoted phrase is a weaker
    sign than the word "review" or a year, for quotes also mark quotations."""
    variants = _without_site_suffix(" ".join(headline.split()))
    for text in variants:
        found = _by_marker(text) or _by_year(text) or _by_episode(text)
        if found:
            return (*_split_year(found), False)
    for text in variants:
        found = _by_quotes(text)
        if found:
            return (*_split_year(found), True)
    return None, None, False


def _without_site_suffix(headline: str) -> list[str]:
    # "Dune review | Film | The Guardian": try the headline, then without each "| part".
    variants = [headline]
    while _SITE_SUFFIX.search(variants[-1]):
        variants.append(_SITE_SUFFIX.sub("", variants[-1]))
    return variants


def _by_marker(text: str) -> str | None:
    prefix = _PREFIX.match(text)
    if prefix:
        rest = prefix.group("title").strip()
        without_author = _without_author(rest)  # "Rezension: Härting - Internetrecht"
        if without_author != rest:
            return without_author
        return _by_quotes(rest) or _by_year(rest) or _first_clause(rest)
    suffix = _SUFFIX.match(text)
    if suffix:
        title = _unquote(_KIND_WORD.sub("", suffix.group("title").strip(" -–—:|")))
        if (suffix.group("kind") or "").lower() in ("album", "music"):
            title = _ARTIST_SEP.split(title)[-1]  # "Artist: Album Album Review"
        return title
    return None


# "Folge 70: Star Trek: Picard", "Episode 12 – Dune": a show's numbered episode
# named for what it discusses.
_EPISODE = re.compile(
    r"^(?:folge|episode|ep\.?|épisode|episodio|odcinek|aflevering|afl\.)\s*#?\d+"
    r"\s*[:–—-]\s*(?P<title>.+)$",
    re.I,
)


def _by_episode(text: str) -> str | None:
    """The subject after a numbered episode label.

    >>> _by_episode("Folge 70: Star Trek: Picard"), _by_episode("Episode 5 – Dune")
    ('Star Trek: Picard', 'Dune')
    >>> _by_episode("Picard, episode 5") is None
    True
    """
    match = _EPISODE.match(text)
    return match.group("title").strip() if match else None


def _by_year(text: str) -> str | None:
    match = _TITLE_WITH_YEAR.match(text)
    return f"{match.group('title')} ({match.group('year')})" if match else None


def _by_quotes(text: str) -> str | None:
    match = _QUOTED.search(text)
    if match is None:
        return None
    title = match.group("title").strip()
    return title if title[:1].isupper() or title[:1].isdigit() else None


_CLAUSE_END = re.compile(r"\s+[–—]\s+|\s+-\s+|:\s+|\s+\|\s+")


def _first_clause(text: str) -> str:
    # "Film review: Dune – a desert epic" → "Dune"
    return _CLAUSE_END.split(text, maxsplit=1)[0]


def _unquote(text: str) -> str:
    quoted = _QUOTED.fullmatch(text)
    return quoted.group("title") if quoted else text


def _split_year(title: str) -> tuple[str | None, str | None]:
    year = None
    group = _TRAILING_GROUP.search(title)
    if group:
        inner = group.group("inner").strip()
        year = inner if _YEAR_ONLY.match(inner) else None
        title = title[: group.start()]  # "(PS4)", "[Rezension]" name no part of the title
    title = _SEASON.sub("", title).strip(" \"'‘’“”-–—:|,")
    title = _without_author(title)
    if not title or len(title.split()) > MAX_TITLE_WORDS:
        return None, year
    return title, year


_AUTHOR_SEP = re.compile(r"\s+[–—-]\s+")
# "5. Auflage 2014", "2nd edition", "3rd ed.": bibliographic detail after a book's title.
_EDITION = re.compile(
    r",?\s*(?:\d+\.\s*(?:Auflage|Aufl\.)|\d+(?:st|nd|rd|th)\s+(?:edition|ed\.))(?:\s*\d{4})?\s*$",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+$")
_NOT_NAME_WORDS = frozenset(
    {"part", "chapter", "volume", "vol", "episode", "season", "book", "edition", "the", "of",
     "and", "a", "an", "returns", "rises", "begins", "reloaded", "revolutions", "origins"}
)  # fmt: skip


def _without_author(title: str) -> str:
    """A book review's "Author - Title" or "Title - Author": the title alone.

    The side with edition details is the title; otherwise a side that is a
    person's name (two or three capitalised words) is the author.

    >>> _without_author("Strong & Beautiful - Pamela Reif")
    'Strong & Beautiful'
    >>> _without_author("Härting - Internetrecht, 5. Auflage 2014")
    'Internetrecht'
    >>> _without_author("Dune - Part Two")
    'Dune - Part Two'
    """
    sides = _AUTHOR_SEP.split(title)
    if len(sides) != 2:
        return title
    editions = [bool(_EDITION.search(side)) for side in sides]
    if editions.count(True) == 1:
        return _EDITION.sub("", sides[editions.index(True)]).strip()
    names = [_looks_like_name(side) for side in sides]
    return sides[names.index(False)].strip() if names.count(True) == 1 else title


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 3 and all(
        _NAME_WORD.match(word) and word.lower() not in _NOT_NAME_WORDS for word in words
    )


def title_from_url(url: str) -> str | None:
    """The work named by a review URL's slug ("/doom-eternal-review/" → "Doom Eternal").

    >>> title_from_url("https://example.com/reviews/doom-eternal-review/1900-797/")
    'Doom Eternal'
    >>> title_from_url("https://example.com/news/some-story/") is None
    True
    """
    for segment in reversed(unquote(urlparse(url).path).split("/")):
        words = [w for w in _slug_words(segment) if not w.isdigit()]
        if not any(_REVIEW_WORD.fullmatch(w) for w in words):
            continue
        index = next(i for i, w in enumerate(words) if _REVIEW_WORD.fullmatch(w))
        title_words = words[:index] or words[index + 1 :]
        while title_words and _SLUG_NOISE_WORD.fullmatch(title_words[-1]):
            title_words.pop()  # "dune-movie-review", "elden-ring-ps5-review"
        if title_words and len(title_words) <= MAX_TITLE_WORDS:
            return " ".join(w.capitalize() for w in title_words)
    return None


_EXTENSION = re.compile(r"\.\w{2,5}$")
_SLUG_SEPARATORS = re.compile(r"[-_+]+")
_REVIEW_WORD = re.compile(_REVIEW)
_SLUG_NOISE_WORD = re.compile(_SLUG_NOISE)


def _slug_words(segment: str) -> list[str]:
    """The words of a URL path segment, lower-case, without a file extension.

    >>> _slug_words("Doom-Eternal_Review.html")
    ['doom', 'eternal', 'review']
    """
    return [w for w in _SLUG_SEPARATORS.split(_EXTENSION.sub("", segment).lower()) if w]


_KICKER = re.compile(rf"^(?:{_KIND}\s+)?{_REVIEW}$", re.I)


def title_under_kicker(kicker: str | None, headline: str) -> tuple[str | None, str | None]:
    """Under a kicker that says "Film review", the headline is the work's title.

    >>> title_under_kicker("Film review", "Dune (1984)")
    ('Dune', '1984')
    >>> title_under_kicker("News", "Dune gets a sequel")
    (None, None)
    """
    if not kicker or not _KICKER.match(kicker.strip()) or _PREFIX.match(headline):
        return None, None
    return _split_year(headline)


def title_from_slug_and_headline(url: str, headline: str) -> str | None:
    """The headline's opening words, when the URL slug spells exactly them.

    >>> title_from_slug_and_headline(
    ...     "https://x.example/2021/10/29/the-french-dispatch/",
    ...     "The French Dispatch is Wes Anderson's love letter",
    ... )
    'The French Dispatch'
    """
    segments = [s for s in unquote(urlparse(url).path).split("/") if s]
    words = (
        [w for w in _slug_words(segments[-1]) if not _REVIEW_WORD.fullmatch(w)] if segments else []
    )
    if not words or len(words) > MAX_TITLE_WORDS or all(w.isdigit() for w in words):
        return None
    end = _opening_words_end(words, headline)
    if end is None or end == len(headline.rstrip(" .!?")):
        return None  # the whole headline: nothing says where the title ends
    return headline[:end].strip(" \"'‘’“”")


_WORD = re.compile(r"\w+")


def _opening_words_end(words: list[str], headline: str) -> int | None:
    """Where the headline's opening words end when they spell ``words`` in some case:
    the end of a match of ``^\\W*w1\\W+w2…\\b`` (case-insensitive), or None.

    With words of ASCII letters, digits and underscores that is where the
    headline's first words end, if they are those words: a word of its own
    ends at a character that is not one (the pattern then has nothing to try
    another way). The headline is compared lower-case unless lower-casing
    would not match as the flag does.

    >>> [_opening_words_end(["the", "batman"], h) for h in ("“The Batman” is", "The Batmans")]
    [11, None]
    """
    lowered_headline = lowered(headline)
    plain = words and all(w.isascii() and _WORD.fullmatch(w) for w in words)
    if lowered_headline is None or not plain:
        pattern = r"^\W*" + r"\W+".join(re.escape(w) for w in words) + r"\b"
        match = re.match(pattern, headline, re.I)
        return match.end() if match else None
    end = None
    found = _WORD.finditer(lowered_headline)
    for word in words:
        match = next(found, None)
        if match is None or match.group() != word.lower():
            return None
        end = match.end()
    return end


def worktitle_candidates(
    headlines: Iterable[str],
    url: str,
    *,
    kicker: str | None = None,
    named: Iterable[str] = (),
) -> Candidates:
    """Work title (and year) candidates from each headline in turn, then from the URL.

    ``named`` are titles the text names (italics, review headings): they rank
    below headlines that say "review" or give a year, above headline quotes.
    """
    candidates: Candidates = {}
    headlines = list(headlines)
    if headlines:
        title, year = title_under_kicker(kicker, headlines[0])
        _add(candidates, "work_title", title, HEADLINE_SOURCE)
        _add(candidates, "work_year", year, HEADLINE_SOURCE)
    found = [_headline_title(headline) for headline in headlines]
    for title, year, quoted in sorted(found, key=lambda row: row[2]):  # stable: quotes last
        if quoted and named:
            for name in named:
                _add(candidates, "work_title", name, HEADLINE_SOURCE)
            named = ()
        _add(candidates, "work_title", title, HEADLINE_SOURCE)
        _add(candidates, "work_year", year, HEADLINE_SOURCE)
    for name in named:
        _add(candidates, "work_title", name, HEADLINE_SOURCE)
    if headlines:
        _add(candidates, "work_title", title_from_slug_and_headline(url, headlines[0]), URL_SOURCE)
    _add(candidates, "work_title", title_from_url(url), URL_SOURCE)
    return candidates


def _add(candidates: Candidates, field: str, value: str | None, source: str) -> None:
    if value and all(c.value != value for c in candidates.get(field, [])):
        candidates.setdefault(field, []).append(Candidate(value, source))
