from __future__ import annotations

import pytest

from aggregator.extraction.worktitle import (
    title_from_headline,
    title_from_slug_and_headline,
    title_from_url,
    title_under_kicker,
    worktitle_candidates,
)

from .builders import sources, values


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
