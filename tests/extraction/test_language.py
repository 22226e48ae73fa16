from __future__ import annotations

from aggregator.extraction.language import guess_language


def test_guesses() -> None:
    english = "It is the film of the year, and the cast is as good as the story it tells. " * 4
    german = "Das Buch ist nicht nur für Anfänger, sondern auch für die Praxis ein Gewinn. " * 4
    assert guess_language(english) == "en"
    assert guess_language(german) == "de"


def test_no_guess_on_short_or_mixed_text() -> None:
    assert guess_language("Dune review") is None
    assert guess_language("1 2 3 " * 100) is None
