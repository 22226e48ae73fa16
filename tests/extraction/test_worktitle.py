from __future__ import annotations

import pytest

from aggregator.extraction.candidates import Candidate
from aggregator.extraction.namedwork import (
    clean_work_titles,
    named_work_candidates,
    without_site_name,
)
from aggregator.extraction.worktitle import (
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
        ("Doom Eternal Review", "Doom Eternal", None),
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
        ("The Shawshank Redemption (1994)", "The Shawshank Redemption", "1994"),
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
        ("https://x.example/reviews/doom-eternal-review/1900-797/", "Doom Eternal"),
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
    html = """<article><p>In <em>Why We're Polarized</em>, Klein asks why 2016 was so
    <em>normal</em>.</p><p><em>Why We're Polarized</em> fails to establish it.</p>
    <p>By the end of <em>Why We're Polarized</em> readers know.</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == [
        "Why We're Polarized"
    ]
    twice = "<p><em>Dune</em> and <em>Dune</em></p>"
    assert named_work_candidates(page(twice).tree, None) == {}


def test_italic_title_ranks_above_a_headline_quote() -> None:
    headline = "The GOP Is the Problem. Is ‘Human Identity Politics’ the Solution?"
    found = worktitle_candidates([headline], "https://x.example/a/", named=["Why We’re Polarized"])
    assert values(found, "work_title")[:2] == ["Why We’re Polarized", "Human Identity Politics"]


def test_review_heading_sets_the_title_apart() -> None:
    html = "<h3>Review of <em>Electronic Beowulf</em>, edited by K. Kiernan</h3><p>Text.</p>"
    assert values(named_work_candidates(page(html).tree, None), "work_title") == [
        "Electronic Beowulf"
    ]


def test_post_tagged_with_its_headline() -> None:
    html = """<h2>Stand Up Guys</h2><p><a rel='tag' href='/t/film/'>film</a>
    <a rel='tag' href='/t/sug/'>Stand Up Guys</a></p>"""
    assert values(named_work_candidates(page(html).tree, "Stand Up Guys"), "work_title") == [
        "Stand Up Guys"
    ]


def test_site_name_is_not_a_work() -> None:
    names = ["Giant Bomb", "www.giantbomb.com", "giantbomb"]
    assert without_site_name("Giant Bomb", names) is None
    assert without_site_name("Giant Bomb: Doom Eternal", names) == "Doom Eternal"
    assert without_site_name("Doom Eternal (Giant Bomb)", names) == "Doom Eternal"
    assert without_site_name("Doom Eternal | GiantBomb", names) == "Doom Eternal"
    assert without_site_name("Dune: Part Two", names) == "Dune: Part Two"
    candidates = {
        "work_title": [Candidate("Giant Bomb", "jsonld"), Candidate("Doom Eternal", "prose")],
        "publication": [Candidate("Giant Bomb", "meta")],
    }
    cleaned = clean_work_titles(candidates, "https://www.giantbomb.com/r/1/", review=True)
    assert values(cleaned, "work_title") == ["Doom Eternal"]


def test_a_page_that_is_no_review_keeps_only_stated_titles() -> None:
    guessed = {
        "work_title": [Candidate("La La Land", "prose"), Candidate("La La Land Feature", "url")]
    }
    headline = "How 'La La Land' Resurrected the Hollywood Musical"
    kept = clean_work_titles(guessed, "https://x.example/a/", review=False, headlines=[headline])
    assert "work_title" not in kept
    stated = {"work_title": [Candidate("The Shawshank Redemption", "jsonld")]}
    assert values(clean_work_titles(stated, "https://x.example/m/", review=False), "work_title")
    title_page = {"work_title": [Candidate("A Couple of White Chicks", "prose")]}
    kept = clean_work_titles(
        title_page,
        "https://x.example/t/",
        review=False,
        headlines=["A Couple of White Chicks (2007)"],
    )
    assert values(kept, "work_title") == ["A Couple of White Chicks"]
    album = {"work_title": [Candidate("Brave New Woman", "prose")]}
    kept = clean_work_titles(
        album, "https://x.example/t/", review=False,
        headlines=["Leslie Clio präsentiert das Album 'Brave New Woman'"],
    )  # fmt: skip
    assert values(kept, "work_title") == ["Brave New Woman"]
    interview = {"work_title": [Candidate("The Woman King zeigt weibliche Stärke", "prose")]}
    headline = 'Sheila Atim: "The Woman King zeigt weibliche Stärke"'
    kept = clean_work_titles(interview, "https://x.example/i/", review=False, headlines=[headline])
    assert values(kept, "work_title") == []


def test_book_details_block_names_the_book() -> None:
    html = """<article><p>Lesen Sie Modeblogs?</p><p><strong>Leandra-Lou: Runway. Catwalk.
    Holzweg. von Verena Stegemann und Orlando Hoetzel</strong><br>Gebundene Ausgabe: 80 Seiten<br>
    Verlag: Kunstanstifter</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == [
        "Leandra-Lou: Runway. Catwalk. Holzweg."
    ]
    # "by" in a sentence over a line about pages is no details block
    prose = "<p>A story told by the sea</p><p>It runs 300 pages.</p>"
    assert named_work_candidates(page(prose).tree, None) == {}


def test_opening_lines_introduce_a_quoted_title() -> None:
    html = """<article><p>Chaki Sklar has stepped in with an ear worm called "How To Hanukkah".
    Tasteful use of cowbell.</p></article>"""
    assert values(named_work_candidates(page(html).tree, None), "work_title") == ["How To Hanukkah"]
    quotation = '<p>The director said "We wanted it loud" and laughed.</p>'
    assert named_work_candidates(page(quotation).tree, None) == {}
