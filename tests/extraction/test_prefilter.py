"""The cheap tests before page-wide patterns never say no where the pattern says yes."""

from __future__ import annotations

import re

import pytest

from aggregator.extraction.prefilter import folded, holds, lowered, may_contain

WORDS = ("isbn", "seiten", "publisher")
PATTERN = re.compile(r"\b(?:ISBN|Seiten|Publisher)\b", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 978-3-16-148410-0",
        "<p>isbn: 3</p>",
        "80 SEITEN",
        "PUBLISHER: Verlag",
        "\u0130SBN 978",  # dotted capital I: IGNORECASE takes it for "i"
        "\u0131sbn 978",  # dotless i
        "\u017feiten",  # long s
        "Verlag „Nord“ – 80 Seiten",
        "nothing here",
        "typeset pages – “Publishers” Weekly",
    ],
)
def test_may_contain_is_never_wrong_about_a_match(text: str) -> None:
    words = [word.encode() for word in WORDS]
    if PATTERN.search(text):
        assert may_contain(text, words)
    assert holds(folded(text), words) is may_contain(text, words)


def test_may_contain_says_no_without_the_words() -> None:
    assert not may_contain("A film about “pages” of nothing", [b"isbn", b"seiten"])


@pytest.mark.parametrize(
    "text", ["Gripping, BRILLIANT", "“Brilliant” – gripping", "ÉPOUSTOUFLANT", "K\u0130NG"]
)
def test_lowered_text_matches_as_ignorecase_does(text: str) -> None:
    words = r"\b(?:gripping|brilliant|époustouflant|king)\b"
    text_lowered = lowered(text)
    if text_lowered is None:  # a character lower-casing would not match as the flag does
        assert re.search(words, text.lower()) is None
        return
    found = [m.span() for m in re.finditer(words, text_lowered)]
    assert found == [m.span() for m in re.finditer(words, text, re.I)]
    assert found
