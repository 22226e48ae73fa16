from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.extraction.candidates import Candidate
from aggregator.extraction.namedwork import (
    clean_work_titles,
    named_work_candidates,
    without_site_name,
)
from aggregator.extraction.worktitle import (
    _opening_words_end,
    title_from_headline,
    title_from_slug_and_headline,
    title_from_url,
    title_under_kicker,
    worktitle_candidates,
)

from .builders import page, sources, values


@pytest.mark.parametrize(
    ("headline", "title", "year"),
    [
        ("Run Sweetheart Run review: a horror date night", "Run Sweetheart Run", None),
        ("Review: 'Dune' is a great start", "Dune", None),
        ("'Dune' review: a desert epic", "Dune", None),
        ("Dune review", "Dune", None),
        ("Skyfall – review", "Skyfall", None),
        ("Dune (2021) Review", "Dune", "2021"),
        ("Ember Siege Review", "Ember Siege", None),
        ("Film review: Dune", "Dune", None),
        ("Dune: Film Review", "Dune", None),
        ("Movie Review: ‘Dune’ – a spice odyssey", "Dune", None),
        ("The Power of the Dog review – Jane Campion's western", "The Power of the Dog", None),
        ("Dune review | Film | The Guardian", "Dune", None),
        (
            "Star Wars Jedi: Fallen Order review - shoots for the moon - VG247",
            "Star Wars Jedi: Fallen Order",
            None,
        ),
        ("Elden Ring (PS5) review", "Elden Ring", None),
        ("The Long Walk Home (1994)", "The Long Walk Home", "1994"),
        ("Radiohead – Kid A album review", "Kid A", None),
        ("Dune movie review", "Dune", None),
        ("Rezension: Tschick", "Tschick", None),
        ("Strong & Beautiful - Pamela Reif [Rezension]", "Strong & Beautiful", None),
        ("Rezension: Härting - Internetrecht, 5. Auflage 2014", "Internetrecht", None),
        ("Book review: Sally Rooney - Intermezzo", "Intermezzo", None),
        ("Dune - Part Two review", "Dune - Part Two", None),
        ("The new 'Dune' is a great start — but can't outrun the book", "Dune", None),
        ("Severance: Season One review", "Severance", None),
        ("Why we still can't stop watching", None, None),
        ("How I review games", None, None),
    ],
)
def test_title_from_headline(headline: str, title: str | None, year: str | None) -> None:
    assert title_from_headline(headline) == (title, year)


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://x.example/reviews/ember-siege-review/1900-797/", "Ember Siege"),
        ("https://x.example/through-the-darkest-of-times-review/", "Through The Darkest Of Times"),
        ("https://x.example/review-dune.html", "Dune"),
        ("https://x.example/2019/elden-ring-ps5-review/", "Elden Ring"),
        ("https://x.example/news/dune-sequel/", None),
    ],
)
def test_title_from_url(url: str, title: str | None) -> None:
    assert title_from_url(url) == title


def test_candidates_from_headlines_then_url() -> None:
    found = worktitle_candidates(
        ["Dune (2021) review: epic", "Dune review", "A headline without a title"],
        "https://x.example/dune-part-one-review/",
    )
    assert values(found, "work_title") == ["Dune", "Dune Part One"]
    assert sources(found, "work_title") == ["prose", "url"]
    assert values(found, "work_year") == ["2021"]


def test_slug_spelling_the_start_of_the_headline() -> None:
    url = "https://x.example/2021/10/29/the-french-dispatch/"
    headline = "The French Dispatch is Wes Anderson's love letter to the magazine"
    assert title_from_slug_and_headline(url, headline) == "The French Dispatch"
    assert title_from_slug_and_headline(url, "The French Dispatch") is None
    assert title_from_slug_and_headline("https://x.example/news/123/", headline) is None


def test_headline_under_a_review_kicker() -> None:
    assert title_under_kicker("Film review", "Dune (1984)") == ("Dune", "1984")
    assert title_under_kicker("TV review", "Severance: Season One") == ("Severance", None)
    assert title_under_kicker(None, "Dune") == (None, None)
    assert title_under_kicker("Features", "Dune") == (None, None)
    found = worktitle_candidates(["Dune"], "https://x.example/r/1.html", kicker="Film review")
    assert values(found, "work_title") == ["Dune"]


# --- titles the text names; site names; pages that are not reviews ---------------


def test_the_phrase_most_set_in_italics_is_the_work() -> None:
    html = """<article><p>In <em>Why We Drift Apart</em>, Marlow asks why 2016 was so
    <em>normal</em>.</p><p><em>Why We Drift Apart</em> fails to establish it.</p>
    <p>By the end of <em>Why We Drift Apart</em> readers know.</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == [
        "Why We Drift Apart"
    ]
    twice = "<p><em>Dune</em> and <em>Dune</em></p>"
    assert named_work_candidates(page(twice).tree, None) == {}


def test_italic_title_ranks_above_a_headline_quote() -> None:
    headline = "The Parties Are the Problem. Is ‘Civic Tribalism’ the Solution?"
    found = worktitle_candidates([headline], "https://x.example/a/", named=["Why We Drift Apart"])
    assert values(found, "work_title")[:2] == ["Why We Drift Apart", "Civic Tribalism"]


def test_review_heading_sets_the_title_apart() -> None:
    html = "<h3>Review of <em>Digital Gawain</em>, edited by R. Hale</h3><p>Text.</p>"
    assert values(named_work_candidates(page(html).tree, None), "work_title") == ["Digital Gawain"]


def test_post_tagged_with_its_headline() -> None:
    html = """<h2>Night Shift Heroes</h2><p><a rel='tag' href='/t/film/'>film</a>
    <a rel='tag' href='/t/sug/'>Night Shift Heroes</a></p>"""
    assert values(named_work_candidates(page(html).tree, "Night Shift Heroes"), "work_title") == [
        "Night Shift Heroes"
    ]


def test_site_name_is_not_a_work() -> None:
    names = ["Pixel Forge", "www.pixelforge.example", "pixelforge"]
    assert without_site_name("Pixel Forge", names) is None
    assert without_site_name("Pixel Forge: Ember Siege", names) == "Ember Siege"
    assert without_site_name("Ember Siege (Pixel Forge)", names) == "Ember Siege"
    assert without_site_name("Ember Siege | PixelForge", names) == "Ember Siege"
    assert without_site_name("Dune: Part Two", names) == "Dune: Part Two"
    candidates = {
        "work_title": [Candidate("Pixel Forge", "jsonld"), Candidate("Ember Siege", "prose")],
        "publication": [Candidate("Pixel Forge", "meta")],
    }
    cleaned = clean_work_titles(candidates, "https://www.pixelforge.example/r/1/", review=True)
    assert values(cleaned, "work_title") == ["Ember Siege"]


def test_a_page_that_is_no_review_keeps_only_stated_titles() -> None:
    guessed = {
        "work_title": [Candidate("Star Avenue", "prose"), Candidate("Star Avenue Feature", "url")]
    }
    headline = "How 'Star Avenue' Saved the Musical"
    kept = clean_work_titles(guessed, "https://x.example/a/", review=False, headlines=[headline])
    assert "work_title" not in kept
    stated = {"work_title": [Candidate("The Long Walk Home", "jsonld")]}
    assert values(clean_work_titles(stated, "https://x.example/m/", review=False), "work_title")
    title_page = {"work_title": [Candidate("Two Friends at the Barber", "prose")]}
    kept = clean_work_titles(
        title_page,
        "https://x.example/t/",
        review=False,
        headlines=["Two Friends at the Barber (2007)"],
    )
    assert values(kept, "work_title") == ["Two Friends at the Barber"]
    album = {"work_title": [Candidate("Neue Wege", "prose")]}
    kept = clean_work_titles(
        album, "https://x.example/t/", review=False,
        headlines=["Lena Stolz präsentiert das Album 'Neue Wege'"],
    )  # fmt: skip
    assert values(kept, "work_title") == ["Neue Wege"]
    interview = {"work_title": [Candidate("The Silver Queen zeigt weibliche Stärke", "prose")]}
    headline = 'Mara Okafor: "The Silver Queen zeigt weibliche Stärke"'
    kept = clean_work_titles(interview, "https://x.example/i/", review=False, headlines=[headline])
    assert values(kept, "work_title") == []


def test_book_details_block_names_the_book() -> None:
    html = """<article><p>Lesen Sie Modeblogs?</p><p><strong>Lina-Lu: Laufsteg. Pause.
    Holzweg. von Vera Stein und Olaf Hesse</strong><br>Gebundene Ausgabe: 80 Seiten<br>
    Verlag: Kunstanstifter</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == [
        "Lina-Lu: Laufsteg. Pause. Holzweg."
    ]
    # "by" in a sentence over a line about pages is no details block
    prose = "<p>A story told by the sea</p><p>It runs 300 pages.</p>"
    assert named_work_candidates(page(prose).tree, None) == {}


def test_opening_lines_introduce_a_quoted_title() -> None:
    html = """<article><p>Benny Vale has stepped in with an ear worm called "Latke Funk".
    Tasteful use of cowbell.</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == ["Latke Funk"]
    quotation = '<p>The director said "We wanted it loud" and laughed.</p>'
    assert named_work_candidates(page(quotation).tree, None) == {}


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("Folge 70: Star Trek: Picard", "Star Trek: Picard"),
        ("Episode 12 – Dune", "Dune"),
        ("Odcinek 3: Wiedźmin", "Wiedźmin"),
        ("Picard, episode 5", None),  # the number closes: no label opens the headline
        ("Episode of the week", None),
    ],
)
def test_the_subject_after_an_episode_label(headline: str, title: str | None) -> None:
    assert title_from_headline(headline)[0] == title


def test_the_phrase_quoted_most_often_is_the_work() -> None:
    html = (
        "<html><body><article><p>«Rain» beginnt leise. Ein Gedicht, «The rainy day».</p>"
        "<p>«Rain» setzt Bilder frei, ohne «Handlung».</p><p>Am Ende ist «Rain» still.</p>"
        "</article></body></html>"
    )
    assert values(named_work_candidates(page(html).tree, None), "work_title") == ["Rain"]


def test_quotations_that_do_not_repeat_name_no_work() -> None:
    html = (
        '<html><body><p>He said "Never again" and "Maybe" and then "Never again".</p>'
        '<p>She answered "Maybe".</p></body></html>'
    )
    assert named_work_candidates(page(html).tree, None) == {}


def test_a_quoted_title_is_a_guess_a_page_that_is_not_a_review_drops() -> None:
    found = {"work_title": [Candidate("Rain", "prose")]}
    assert clean_work_titles(found, "https://x.example/a/", review=False) == {}


_SLUG_WORDS = st.sampled_from(["the", "batman", "2022", "b_2", "l'ete", "été", "100%", "k", "ss"])
_HEADLINE_WORDS = ["The", "BATMAN", "Batmans", "2022", "B_2", "L'Été", "été", "100%", "Été"]
# The Kelvin sign, long s and dotted I match ASCII letters when case is ignored.
_HEADLINE_PARTS = st.sampled_from(
    [*_HEADLINE_WORDS, "\u212a", "K", "ß", "\u017f\u017f", "“", " ", ": ", "-", "’s", "\u0130"]
)


@given(st.lists(_SLUG_WORDS, min_size=1, max_size=3), st.lists(_HEADLINE_PARTS, max_size=8))
def test_opening_words_end_where_the_pattern_ends(words: list[str], parts: list[str]) -> None:
    headline = "".join(parts)
    pattern = r"^\W*" + r"\W+".join(re.escape(w) for w in words) + r"\b"
    match = re.match(pattern, headline, re.I)
    assert _opening_words_end(words, headline) == (match.end() if match else None)
