"""Page kind from the page's own words: a headline naming a work, a critic's
voice, an announcement lede, an interview's questions. Each case is a minimal
page with nothing else to go on (no score, no "review" anywhere)."""

from __future__ import annotations

import pytest

from aggregator.extraction import extract
from aggregator.extraction.reviewcues import VERDICT_WORDS, cue_signals, interview, judges


def page(headline: str, paragraphs: list[str], lang: str = "en") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><title>{headline}</title></head>'
        f"<body><article><h1>{headline}</h1>{body}</article></body></html>"
    ).encode()


def kind(url: str, body: bytes) -> tuple[str, tuple[str, ...]]:
    found = extract(url, body).page_kind
    return found.kind, found.reasons


@pytest.mark.parametrize(
    ("lang", "headline", "paragraphs"),
    [
        (
            "en",
            "This funk song is a holiday classic in the making",
            ["Benny Vale wrote an ear worm.", "Tasteful cowbell and a delightful video."],
        ),
        (
            "de",
            "Tanz im Depot: Mit allen Wassern gewaschen",
            ["Das Stück ist bildstark und in Szenen atemberaubend getanzt.", "Rund 75 Minuten."],
        ),
        (
            "fr",
            "Une série qui tient ses promesses",
            ["Une saison captivante.", "Le final, bouleversant, est une réussite."],
        ),
        (
            "es",
            "Una película para recordar",
            ["Es una obra maestra del género.", "Impecable en cada plano."],
        ),
        ("it", "Un romanzo da leggere", ["Un capolavoro.", "Avvincente fino all'ultima pagina."]),
        ("pl", "Nowa płyta zespołu Lato", ["Znakomita produkcja.", "Wciągające teksty."]),
        ("nl", "Een voorstelling om te zien", ["Meeslepend spel.", "Een echte aanrader."]),
    ],
)
def test_a_work_judged_is_a_review(lang: str, headline: str, paragraphs: list[str]) -> None:
    url = "https://blog.example/2020/12/12/post.html"
    found, reasons = kind(url, page(headline, paragraphs, lang))
    assert found == "review", reasons
    assert {"headline:work", "text:verdict"} <= set(reasons)


def test_a_spoiler_warning_is_a_critics_voice() -> None:
    body = page("Folge 70: Star Trek: Picard", ["Wir werden spoilern."], "de")
    found, reasons = kind("https://podcast.example/2020/folge-70/", body)
    assert found == "review", reasons


def test_a_work_named_without_judgement_is_not_enough() -> None:
    body = page("The film opens in cinemas on Friday", ["It runs two hours."])
    assert kind("https://news.example/2021/film/", body)[0] == "other"


def test_judgement_without_a_work_named_is_not_enough() -> None:
    body = page("Prendre la parole", ["Un essai brillant.", "Une langue sublime."], "fr")
    assert kind("https://radio.example/emissions/2020/", body)[0] == "other"


def test_an_announcement_is_news_whatever_it_praises() -> None:
    paragraphs = [
        "E' stato annunciato in queste ore il remake della serie animata cult.",
        "Dopo il primo esperimento, pietoso, la seconda stagione era un capolavoro.",
    ]
    body = page("Remake della serie animata per Netflix", paragraphs, "it")
    found, reasons = kind("https://retro.example/remake-serie/", body)
    assert found == "other"
    assert "lede:news" in reasons


def test_questions_answered_make_an_interview() -> None:
    paragraphs = []
    for question in ("Was hat Sie am Film fasziniert?", "Wie war der Dreh?", "Was kommt jetzt?"):
        paragraphs += [question, "Atim: Die Rolle war großartig und das Drehbuch fesselnd."]
    body = page("Sheila Atim über ihren neuen Film", paragraphs, "de")
    found, reasons = kind("https://mag.example/sheila-atim/", body)
    assert found == "other"
    assert "body:interview" in reasons


def test_a_critics_rhetorical_questions_are_no_interview() -> None:
    body = "Why was 2016 so normal?\n\n" + "A long paragraph of argument.\n\n" * 20
    assert not interview(body)


def test_one_verdict_word_repeated_is_not_a_voice() -> None:
    assert not judges("Delightful. Delightful! Delightful?", "en")


def test_words_inside_longer_words_do_not_count() -> None:
    # "Mitglied" holds no song ("Lied"), "Distanz" no dance ("Tanz").
    assert cue_signals("Ein Mitglied auf Distanz", "", "de") == []


def test_unknown_language_reads_every_language() -> None:
    assert ("headline:work", 1) in cue_signals("Das neue Album", "", None)


def test_words_do_not_outweigh_a_sign_against() -> None:
    paragraphs = ["1. Fresh. A delightful thriller.", "2. Men. A stunning folk horror."]
    body = page("The top 10 horror films of 2022", paragraphs)
    found, reasons = kind("https://critic.example/reviews/top-10-horror-films/", body)
    assert found == "other"
    assert "headline:list" in reasons
    assert "text:verdict" not in reasons


def test_verdict_words_are_lower_case() -> None:
    # judges() tries them without IGNORECASE on lower-cased text when it can.
    for words in VERDICT_WORDS.values():
        assert words == words.lower()


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("A BRILLIANT, Gripping film.", True),
        ("Brilliant. BRILLIANT!", False),
        # A dotless i: lower-casing would not find what IGNORECASE finds ("gr\u0131pping").
        ("Brilliant and GR\u0131PPING.", True),
        ("Ein MEISTERWERK, atemberaubend.", True),
        ("No SPOILERS ahead.", True),
    ],
)
def test_judges_ignores_case(text: str, judged: bool) -> None:
    assert judges(text, "en" if "Ein" not in text else "de") is judged
