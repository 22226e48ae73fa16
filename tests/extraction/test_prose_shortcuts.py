"""The prose layer's shortcuts find what the patterns they stand for find."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from aggregator.extraction.prefilter import folded, holds
from aggregator.extraction.prose import (
    _DIRECTED_BY,
    _DIRECTOR,
    _NEEDED,
    _PLATFORM_LEAD,
    _RATING,
    _RUNTIME,
    _STARRING,
    _STARS,
    _STARS_AS,
    _THEATERS,
    _lines,
    _matches,
    _more_platforms,
    _platforms,
    _read,
    _Spellings,
    _words_starting,
)


def _reference_respelled(name: str, text: str) -> str:
    """A surname respelled with two patterns compiled for it."""
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


_SURNAMES = ["Feste", "Fests", "Festes", "Fest", "Feste_2", "Asbæk", "Asbaek", "Nyong'o", "Nyongo"]
_SURNAMES += ["O’Hara", "OHara", "Östlund", "Ostlund", "Fe", "9Feste", "Ève", "Eve"]
_GLUE = st.sampled_from([" ", ", ", ". ", "'s ", "’", "-", "_", "\n", "é", "(", ") ", "x"])


@given(
    st.lists(st.tuples(st.sampled_from(_SURNAMES), _GLUE), max_size=14),
    st.sampled_from(_SURNAMES),
    st.sampled_from(["Shana ", "", "Jean-Luc ", "Ann Marie "]),
)
def test_respelled_is_what_the_patterns_find(
    words: list[tuple[str, str]], surname: str, given_names: str
) -> None:
    text = "".join(word + glue for word, glue in words)
    name = given_names + surname
    assert _Spellings(text).respelled(name) == _reference_respelled(name, text)


@given(st.text(alphabet=st.sampled_from(list("Ff_é9 ,.'\n")), max_size=30))
def test_words_starting_are_the_words_between_boundaries(text: str) -> None:
    assert list(_words_starting("F", text)) == re.findall(r"\bF\w*", text)


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "\t", "\r", "\xa0", "\u2028"])))
def test_lines_are_the_pattern_split(text: str) -> None:
    assert _lines(text) == [line for line in re.split(r"\s*\n\s*", text) if line]


_PHRASES = [
    "It runs 103 minutes",
    "Runtime: 2:15",
    "It is 90 minutes long",
    "a 120-minute runtime",
    "Rated R for language",
    "rated PG-13",
    "starring Ann Lee and Bo Park",
    "the film stars Ann Lee",
    "Ann Lee stars as Bo",
    "directed by Ann Lee",
    "Director Ann Lee, who",
    "now streaming on Netflix and Hulu",
    "available on the Apple TV+",
    "out now in theaters",
    "RUNS LONG",
    "\u017ftarring Ann Lee",  # long s: the flag reads it as "s"
    "The \u212aing stars as Queen",
    "nothing to see",
]


@given(st.lists(st.tuples(st.sampled_from(_PHRASES), st.sampled_from([". ", "\n", " \n\n "]))))
def test_matches_are_the_lines_the_words_allow(parts: list[tuple[str, str]]) -> None:
    text = "".join(phrase + end for phrase, end in parts)
    read = _read(text)
    groups = [
        [_RUNTIME[0], _RUNTIME[1], _RUNTIME[2], _RUNTIME[3]],
        [_RATING],
        [_STARRING, _STARS, _STARS_AS],
        [_DIRECTED_BY, _DIRECTOR],
        [_PLATFORM_LEAD],
        [_THEATERS],
    ]
    for patterns in groups:
        found = [(m.re, m.span(), m.string) for m in _matches(read, patterns)]
        expected = [
            (pattern, m.span(), m.string)
            for line in _lines(text)
            for pattern in patterns
            if holds(folded(line), _NEEDED[pattern])
            for m in pattern.finditer(line)
        ]
        assert found == expected


@given(st.lists(st.tuples(st.sampled_from(_PHRASES), st.sampled_from([". ", "\n", ", or PC\n"]))))
def test_platforms_are_the_lines_the_words_allow(parts: list[tuple[str, str]]) -> None:
    text = "".join(phrase + end for phrase, end in parts)
    expected: list[object] = []
    for line in _lines(text):
        if holds(folded(line), _NEEDED[_PLATFORM_LEAD]):
            expected.extend(
                [lead.group("first"), *_more_platforms(line, lead.end())]
                for lead in _PLATFORM_LEAD.finditer(line)
            )
        if holds(folded(line), _NEEDED[_THEATERS]) and _THEATERS.search(line):
            expected.append(["Theaters"])
    assert _platforms(_read(text)) == expected
