"""Facts stated in the review's own words: runtime, rating, credits, platforms.

Reviews often close with "X is streaming on Prime Video. It is 103 minutes
long and rated R for …", and photo captions name the cast ("A and B in
Title"). This layer returns the raw snippets; normalisation reads them later.
Patterns are narrow on purpose: a wrong credit is worse than a missing one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz.distance import Levenshtein

from aggregator.extraction.candidates import Candidate, Candidates, RawValue
from aggregator.extraction.prefilter import folded, holds

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
_LINES = re.compile(r"\s*\n\s*")
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

#: A line, and the same line as :func:`prefilter.holds` reads it.
Line = tuple[str, bytes | None]


def _matches(lines: Iterable[Line], patterns: Sequence[re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """Each pattern's matches on each line in turn, line by line.

    >>> [m.group() for m in _matches(_lines("Rated R.\\nNot rated PG."), [_RATING])]
    ['Rated R', 'rated PG']
    """
    for line, folded_line in lines:
        for pattern in patterns:
            if holds(folded_line, _NEEDED[pattern]):
                yield from pattern.finditer(line)


def _lines(text: str) -> list[Line]:
    return [(line, folded(line)) for line in _LINES.split(text) if line]


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
    lines = _lines(text)
    caption_lines = list(captions) + [line for line, _ in lines if _looks_like_caption(line)]
    found: dict[str, list[RawValue]] = {
        "runtime_minutes": [m.group("d") for m in _matches(lines, _RUNTIME)],
        "content_rating": [m.group().strip() for m in _matches(lines, [_RATING])],
        "cast": _union(_caption_people(caption_lines) + _prose_cast(lines), text),
        "directors": _union(_directors(lines) + _caption_directors(caption_lines), text),
        "platforms": _platforms(lines),
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
    return len(line.split()) <= MAX_CAPTION_WORDS and not _SENTENCE_END.search(line)


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


def _prose_cast(lines: list[Line]) -> list[RawValue]:
    return [
        [m.group("people")] if m.re is _STARS_AS else _NAME_SPLIT.split(m.group("people"))
        for m in _matches(lines, (_STARRING, _STARS, _STARS_AS))
    ]


def _directors(lines: list[Line]) -> list[RawValue]:
    return [
        _NAME_SPLIT.split(m.group("people")) for m in _matches(lines, (_DIRECTED_BY, _DIRECTOR))
    ]


def _caption_directors(captions: list[str]) -> list[RawValue]:
    matches = (_CAPTION_DIRECTOR.match(caption.strip()) for caption in captions)
    return [[m.group("people")] for m in matches if m]


def _union(lists: list[RawValue], text: str) -> list[RawValue]:
    """All names the prose gives for one credit, as one list in order of mention.

    Captions and sentences each name part of the cast; together they are the
    prose's answer. A caption's misspelt surname ("Shana Fests" where the text
    says "Feste" throughout) takes the text's spelling.
    """
    names: list[str] = []
    for value in lists:
        for name in value if isinstance(value, list) else [str(value)]:
            fixed = _respelled(name, text)
            if fixed not in names:
                names.append(fixed)
    return [names] if names else []


def _respelled(name: str, text: str) -> str:
    parts = name.split()
    surname = parts[-1]
    if len(surname) < 4:
        return name
    own = len(re.findall(rf"\b{re.escape(surname)}\b", text))
    spellings = Counter(
        re.findall(rf"\b{re.escape(surname[0])}\w{{{len(surname) - 2},{len(surname)}}}\b", text)
    )
    near = [
        (count, word)
        for word, count in spellings.items()
        if word != surname and count > max(own, 1) and Levenshtein.distance(word, surname) == 1
    ]
    return " ".join([*parts[:-1], max(near)[1]]) if near else name


def _platforms(lines: list[Line]) -> list[RawValue]:
    found: list[RawValue] = []
    for line in lines:
        found.extend(
            [lead.group("first"), *_more_platforms(line[0], lead.end())]
            for lead in _matches([line], [_PLATFORM_LEAD])
        )
        if next(_matches([line], [_THEATERS]), None):
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
