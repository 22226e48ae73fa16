"""Facts stated in the review's own words: runtime, rating, credits, platforms.

Reviews often close with "X is streaming on Prime Video. It is 103 minutes
long and rated R for …", and photo captions name the cast ("A and B in
Title"). This layer returns the raw snippets; normalisation reads them later.
Patterns are narrow on purpose: a wrong credit is worse than a missing one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from aggregator.extraction.candidates import Candidate, Candidates, RawValue
from aggregator.extraction.prefilter import folded

SOURCE = "prose"

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
# A capitalised word; a full stop only after an initial or "Jr." (else it ends the sentence).
_WORD = rf"(?:[{_UPPER}]\.|(?:Jr|Sr|Dr|St)\.|[{_UPPER}][\w'’-]*)"
# Lower-case name particles: "Benicio del Toro", "Ludwig van Beethoven".
_PARTICLE = r"(?:de|del|della|da|di|du|van|von|der|den|le|la|bin|ter)"
# Two to four capitalised words: a person's name as credits print it.
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,3}}"
_NAMES = rf"{_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_NAME})*"
_TITLE_WORD = rf"(?:{_WORD}|\d+)"
_TITLE = rf"{_TITLE_WORD}(?:\s+(?:(?:of|the|a|an|and|in|on|to|for|at|&)\s+)*{_TITLE_WORD})*"
_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|&)\s*")

_CAPTION = re.compile(rf"(?P<people>{_NAMES})\s+in\s+(?P<title>{_TITLE})(?:\s*\(\d{{4}}\))?\.?")
_STARRING = re.compile(rf"\b(?i:starring)\s+(?P<people>{_NAMES})")
_STARS_AS = re.compile(rf"(?<![\w’'])(?P<people>{_NAME})\s+stars\s+as\b")
# "… and stars A, B and C": the verb, after words that make it one (not "four stars").
_STARS = re.compile(
    rf"\b(?i:and|also|film|movie|it|which|that|series|show)\s+(?:co-?)?stars\s+(?P<people>{_NAMES})"
)
_DIRECTED_BY = re.compile(rf"\b(?i:directed)\s+by\s+(?P<people>{_NAMES})(?![\w’'])")
# "Director A" only when the name clearly ends ("Director A, who …", "A's").
_DIRECTOR = re.compile(rf"\b[Dd]irector\s+(?P<people>{_NAME})(?=,|’s|'s|\s\()")
# In a caption, "Director A and B" names the director first.
_CAPTION_DIRECTOR = re.compile(rf"^[Dd]irector\s+(?P<people>{_NAME})(?=\s+and\s|\s*$)")

_SPOKEN_DURATION = (
    r"\d{1,2}\s*(?:h|hrs?\.?|hours?)(?:,?\s*(?:and\s+)?\d{1,2}\s*(?:m|mins?\.?|minutes?))?"
    r"|\d{1,3}\s*(?:mins?\.?|minutes?)"
)
# "3:51" is h:mm after a runtime label, but in a sentence ("the clip runs for 3:51")
# it is as often a video's m:ss: only the label makes it a runtime.
_DURATION = _SPOKEN_DURATION + r"|\d:[0-5]\d"
_RUNTIME = (
    re.compile(
        rf"\b(?i:runtime|run\s*time|running\s+time|length)\s*(?::|\bof\b|\bis\b)?\s*"
        rf"(?:(?i:just|about|approximately|roughly|around|nearly|under|over)\s+)?"
        rf"(?P<d>{_DURATION})(?![\w])",
    ),
    re.compile(
        rf"\b(?i:runs|clocks\s+in\s+at|clocking\s+in\s+at|running)\s+"
        rf"(?:(?i:for|just|about|approximately|roughly|around|nearly|a\s+brisk|a\s+lean)\s+)*"
        rf"(?P<d>{_SPOKEN_DURATION})(?![\w])",
    ),
    re.compile(
        rf"\b(?i:it|film|movie|feature|documentary|picture)\s+(?:is|was|’s|'s)\s+"
        rf"(?:(?:just|about|only|nearly)\s+)?(?P<d>{_SPOKEN_DURATION})\s+long\b"
    ),
    re.compile(r"\b(?P<d>\d{2,3})-minute\s+(?i:running\s+time|runtime|run\s*time)\b"),
)

_RATING = re.compile(
    r"\b(?i:rated)\s+(?:TV-(?:MA|14|PG|G|Y7|Y)|NC-17|PG-13|PG|G|R|NR|E10\+|AO|M|T|E)(?![\w+-])"
    r"(?:\s*(?:\(|(?i:for)\b|:)[^.!?\n]*)?"
)

_PLATFORM_NAMES = (
    "Amazon Prime Video",
    "Prime Video",
    "Netflix",
    "Disney+",
    "Hulu",
    "HBO Max",
    "Max",
    "Apple TV+",
    "Paramount+",
    "Peacock",
    "Shudder",
    "MUBI",
    "Criterion Channel",
    "Tubi",
    "YouTube",
    "PlayStation 5",
    "PlayStation 4",
    "PS5",
    "PS4",
    "Xbox Series X|S",
    "Xbox Series X",
    "Xbox One",
    "Nintendo Switch 2",
    "Nintendo Switch",
    "PC",
    "Steam",
    "Crunchyroll",
    "AMC+",
    "Starz",
    "Showtime",
    "Freevee",
    "Pluto TV",
    "Kanopy",
    "BritBox",
)
_PLATFORM = "|".join(re.escape(name) for name in _PLATFORM_NAMES)
_PLATFORM_LEAD = re.compile(
    r"\b(?i:streaming|available|now|premieres?|premiering|arrives?|arriving|debuts?|debuting"
    r"|lands?|out|released|playing|exclusively|watch\s+it)\s+(?:(?i:now|exclusively)\s+)?"
    rf"(?i:on|via)\s+(?:the\s+)?(?P<first>{_PLATFORM})(?![\w+])"
)
_PLATFORM_MORE = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)(?P<p>{_PLATFORM})(?![\w+])"
)
_THEATERS = re.compile(r"\bin\s+(?:select\s+)?(?i:theaters|theatres|cinemas)\b")

_HEADLINE_QUOTED = re.compile(r"^[‘'\"“](?P<t>[^’'\"”]{1,120})[’'\"”]")
_HEADLINE_REVIEW = re.compile(
    r"^(?:(?i:review)\s*[:|–-]\s*)?(?P<t>[^:|–]{1,120}?)\s+(?:\(\d{4}\)\s+)?(?i:review)\b"
)
_SENTENCE_END = re.compile(r"[.!?]$")
MAX_CAPTION_WORDS = 16

#: For each pattern tried on the text's lines, words (lower-case) one of which each
#: of its matches holds, in some case. A line holding none of them is not searched
#: for it: most lines state no runtime, rating, credit or platform.
_NEEDED: dict[re.Pattern[str], tuple[bytes, ...]] = {
    _RUNTIME[0]: (b"run", b"length"),
    _RUNTIME[1]: (b"run", b"clock"),
    _RUNTIME[2]: (b"long",),
    _RUNTIME[3]: (b"-minute",),
    _RATING: (b"rated",),
    _STARRING: (b"starring",),
    _STARS: (b"stars",),
    _STARS_AS: (b"stars",),
    _DIRECTED_BY: (b"directed",),
    _DIRECTOR: (b"irector",),
    _PLATFORM_LEAD: tuple(name.lower().encode() for name in _PLATFORM_NAMES),
    _THEATERS: (b"theaters", b"theatres", b"cinemas"),
}
_WORDS = frozenset(word for words in _NEEDED.values() for word in words)


@dataclass(frozen=True)
class _Text:
    """The text's lines, and for each pattern the lines it is tried on."""

    lines: list[str]
    tried: dict[re.Pattern[str], frozenset[int]]


def _read(text: str) -> _Text:
    """The lines of ``text``; for each pattern, the indexes of the lines that hold
    one of the words :data:`_NEEDED` lists for it, as :func:`prefilter.holds` reads them.

    Each line is part of the text: a word the whole text lacks is in none of its
    lines (one substring test on the whole text instead of one on each line).

    >>> read = _read("Rated R.\\nRuns 90 minutes.\\nRated PG, it runs long.")
    >>> sorted(read.tried[_RATING]), sorted(read.tried[_RUNTIME[1]]), read.tried[_THEATERS]
    ([0, 2], [1, 2], frozenset())
    """
    lines = _lines(text)
    whole = folded(text)
    folded_lines = [folded(line) for line in lines]
    none: frozenset[int] = frozenset()
    holding = {
        # holds(line, [word]), one test per line.
        word: frozenset(i for i, line in enumerate(folded_lines) if line is None or word in line)
        if whole is None or word in whole
        else none
        for word in _WORDS
    }
    tried = {
        pattern: none.union(*[holding[word] for word in words])
        for pattern, words in _NEEDED.items()
    }
    return _Text(lines, tried)


def _lines(text: str) -> list[str]:
    """The text cut at each run of whitespace that holds a line break, without
    empty lines: what splitting at ``\\s*\\n\\s*`` gives, without a pattern tried
    at every space. A run is all whitespace around its breaks: each part loses the
    whitespace next to a break it had (str.strip() strips what ``\\s`` matches).

    >>> _lines(" Rated R. \\n\\n  It runs long.\\t\\n\\u00a0\\n Starring A ")
    [' Rated R.', 'It runs long.', 'Starring A ']
    """
    parts = text.split("\n")
    if len(parts) == 1:
        return [text] if text else []
    last = len(parts) - 1
    lines = [parts[0].rstrip(), *(part.strip() for part in parts[1:last]), parts[last].lstrip()]
    return [line for line in lines if line]


def _matches(text: _Text, patterns: Sequence[re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """Each pattern's matches on each line in turn, line by line.

    >>> [m.group() for m in _matches(_read("Rated R.\\nNot rated PG."), [_RATING])]
    ['Rated R', 'rated PG']
    """
    tried = [text.tried[pattern] for pattern in patterns]
    for index in sorted(frozenset().union(*tried)):
        line = text.lines[index]
        for pattern, indexes in zip(patterns, tried, strict=True):
            if index in indexes:
                yield from pattern.finditer(line)


def prose_candidates(
    body_text: str | None, *, headline: str | None = None, captions: Sequence[str] = ()
) -> Candidates:
    """Raw values stated in the text, per field; fields without any are left out.

    >>> found = prose_candidates("It is 103 minutes long and rated R for language.",
    ...                          captions=["Ella Balinska in Run Sweetheart Run"])
    >>> [c.value for c in found["runtime_minutes"]], found["cast"][0].value
    (['103 minutes'], ['Ella Balinska'])
    """
    text = body_text or ""
    read = _read(text)
    caption_lines = list(captions) + [line for line in read.lines if _looks_like_caption(line)]
    spellings = _Spellings(text)
    found: dict[str, list[RawValue]] = {
        "runtime_minutes": [m.group("d") for m in _matches(read, _RUNTIME)],
        "content_rating": [m.group().strip() for m in _matches(read, [_RATING])],
        "cast": _union(_caption_people(caption_lines) + _prose_cast(read), spellings),
        "directors": _union(_directors(read) + _caption_directors(caption_lines), spellings),
        "platforms": _platforms(read),
        "work_title": _headline_titles(headline) + _caption_titles(caption_lines),
    }
    return {field: _candidates(values) for field, values in found.items() if values}


def _candidates(values: Iterable[RawValue]) -> list[Candidate]:
    unique: list[RawValue] = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return [Candidate(value, SOURCE) for value in unique]


def _looks_like_caption(line: str) -> bool:
    return not _SENTENCE_END.search(line) and len(line.split()) <= MAX_CAPTION_WORDS


def _caption_people(captions: list[str]) -> list[RawValue]:
    found: list[RawValue] = []
    for caption in captions:
        match = _CAPTION.fullmatch(caption.strip())
        if match:
            found.append(_NAME_SPLIT.split(match.group("people")))
    return found


def _caption_titles(captions: list[str]) -> list[RawValue]:
    matches = (_CAPTION.fullmatch(caption.strip()) for caption in captions)
    return [m.group("title") for m in matches if m]


def _prose_cast(text: _Text) -> list[RawValue]:
    return [
        [m.group("people")] if m.re is _STARS_AS else _NAME_SPLIT.split(m.group("people"))
        for m in _matches(text, (_STARRING, _STARS, _STARS_AS))
    ]


def _directors(text: _Text) -> list[RawValue]:
    return [_NAME_SPLIT.split(m.group("people")) for m in _matches(text, (_DIRECTED_BY, _DIRECTOR))]


def _caption_directors(captions: list[str]) -> list[RawValue]:
    matches = (_CAPTION_DIRECTOR.match(caption.strip()) for caption in captions)
    return [[m.group("people")] for m in matches if m]


def _union(lists: list[RawValue], spellings: _Spellings) -> list[RawValue]:
    """All names the prose gives for one credit, as one list in order of mention.

    Captions and sentences each name part of the cast; together they are the
    prose's answer. A caption's misspelt surname ("Shana Fests" where the text
    says "Feste" throughout) takes the text's spelling.
    """
    names: list[str] = []
    for value in lists:
        for name in value if isinstance(value, list) else [str(value)]:
            fixed = spellings.respelled(name)
            if fixed not in names:
                names.append(fixed)
    return [names] if names else []


class _Spellings:
    """How the text spells surnames: its words counted once per first letter."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: dict[str, Counter[str]] = {}

    def respelled(self, name: str) -> str:
        """``name`` with its surname as the text spells it far more often.

        >>> spellings = _Spellings("Feste directs. Feste holds firm, and Feste's camera")
        >>> spellings.respelled("Shana Fests"), spellings.respelled("Ann Lee")
        ('Shana Feste', 'Ann Lee')
        """
        parts = name.split()
        surname = parts[-1]
        if len(surname) < 4:
            return name
        if _WORD_CHARACTERS.fullmatch(surname):
            own, spellings = self._counted(surname)
        else:
            own, spellings = _searched(surname, self.text)
        near = [
            (count, word)
            for word, count in spellings.items()
            if word != surname and count > max(own, 1) and Levenshtein.distance(word, surname) == 1
        ]
        return " ".join([*parts[:-1], max(near)[1]]) if near else name

    def _counted(self, surname: str) -> tuple[int, dict[str, int]]:
        """:func:`_searched` for a surname of word characters only: between word
        boundaries the patterns find whole words, so counting the text's words
        with the surname's first letter answers for every name."""
        first = surname[0]
        if first not in self._words:
            self._words[first] = Counter(_words_starting(first, self.text))
        words = self._words[first]
        shortest, longest = len(surname) - 1, len(surname) + 1
        spellings = {word: n for word, n in words.items() if shortest <= len(word) <= longest}
        return words[surname], spellings


_WORD_CHARACTERS = re.compile(r"\w+")


def _words_starting(first: str, text: str) -> Iterator[str]:
    """The words (as ``\\b\\w+\\b`` finds them) of ``text`` that start with ``first``,
    a word character.

    >>> list(_words_starting("F", "Feste, McFee and Fe_2 (F)"))
    ['Feste', 'Fe_2', 'F']
    """
    # Without the leading \b the pattern starts with a literal, which the engine
    # looks for quickly; the character before a match says whether a word starts there.
    for match in _starting(first).finditer(text):
        start = match.start()
        if not start or not _is_word_character(text[start - 1]):
            yield match.group()


@functools.lru_cache(maxsize=256)
def _starting(first: str) -> re.Pattern[str]:
    return re.compile(re.escape(first) + r"\w*")


def _is_word_character(char: str) -> bool:
    """Whether ``\\w`` matches ``char`` (its definition in the re module).

    >>> [_is_word_character(c) for c in "a_9é’ -"]
    [True, True, True, True, False, False, False]
    """
    return char.isalnum() or char == "_"


def _searched(surname: str, text: str) -> tuple[int, dict[str, int]]:
    """How often ``text`` has ``surname`` as a word of its own, and how often each
    word of one letter more or less with the same first letter.

    >>> _searched("Nyong'o", "Nyong'o, and Nyongo. Nyongo?")
    (1, Counter({'Nyongo': 2}))
    """
    own = len(re.findall(rf"\b{re.escape(surname)}\b", text))
    spellings = Counter(
        re.findall(rf"\b{re.escape(surname[0])}\w{{{len(surname) - 2},{len(surname)}}}\b", text)
    )
    return own, spellings


def _platforms(text: _Text) -> list[RawValue]:
    found: list[RawValue] = []
    leads, theaters = text.tried[_PLATFORM_LEAD], text.tried[_THEATERS]
    for index in sorted(leads | theaters):
        line = text.lines[index]
        if index in leads:
            found.extend(
                [lead.group("first"), *_more_platforms(line, lead.end())]
                for lead in _PLATFORM_LEAD.finditer(line)
            )
        if index in theaters and _THEATERS.search(line):
            found.append(["Theaters"])
    return found


def _more_platforms(line: str, position: int) -> list[str]:
    more = []
    while match := _PLATFORM_MORE.match(line, position):
        more.append(match.group("p"))
        position = match.end()
    return more


def _headline_titles(headline: str | None) -> list[RawValue]:
    if not headline:
        return []
    match = _HEADLINE_QUOTED.match(headline.strip()) or _HEADLINE_REVIEW.match(headline.strip())
    return [match.group("t").strip()] if match else []
