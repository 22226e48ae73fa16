from __future__ import annotations

import pytest

from aggregator.extraction.worktype import (
    kind_from_rating,
    kind_from_tags,
    kind_from_url,
    page_tags,
    worktype_candidates,
)
from aggregator.extraction.worktype import worktype_from_facts as facts
from aggregator.normalize import parse_work_type

from .builders import page, sources, values


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://x.example/reviews/albums/band-album/", "album"),
        ("https://x.example/movies/reviews/dune/", "movie"),
        ("https://x.example/2020/05/ezra-klein-book-review.html", "book"),
        ("https://x.example/2019/star-wars-jedi-pc-review/", "game"),
        ("https://x.example/doom-eternal-review/", None),
        ("https://x.example/the-book-of-boba-fett/", None),
    ],
)
def test_kind_from_url(url: str, kind: str | None) -> None:
    assert kind_from_url(url) == kind


def test_candidates_from_headline_then_url() -> None:
    found = worktype_candidates(["Film review", "Dune"], "https://x.example/games/dune-review/")
    assert values(found, "work_type") == ["movie", "game"]
    assert sources(found, "work_type") == ["prose", "url"]


def test_rating_boards_and_tags_name_the_kind() -> None:
    assert kind_from_rating("ESRB: M") == "game"
    assert kind_from_rating("PEGI 16") == "game"
    assert kind_from_rating("Rated R for language throughout") == "movie"
    assert kind_from_rating("TV-14 LV") == "tv"
    assert kind_from_rating("M") is None  # Australian films are rated M too
    assert kind_from_rating("15") is None  # the BBFC rates films and series alike
    assert facts("", [], [], ["ESRB: M"])["work_type"][0].value == "game"
    assert facts("", [], [], ["ESRB: M", "Rated PG-13 for peril"]) == {}  # contradiction
    post = """<article><p>Tags: <a rel="tag" href="/t/a/">Dan Morrow</a>,
    <a rel="tag" href="/t/film/">film</a></p></article>"""
    assert kind_from_tags(page_tags(page(post).tree)) == "movie"
    menu = "<div>" + "".join(f"<a rel='tag' href='/c{n}/'>Gaming {n}</a>" for n in range(20))
    assert page_tags(page(menu + "</div>").tree) == []


def test_theatre_is_a_kind_of_work() -> None:
    assert kind_from_url("https://paper.example/kultur/theater/rain-review/") == "theatre"
    found = worktype_candidates(["Theatre review: Hamlet at the Globe"], "https://x.example/a/")
    assert [parse_work_type(str(v)) for v in values(found, "work_type")] == ["theatre"]


def test_a_review_with_no_kind_found_takes_the_one_its_headline_names() -> None:
    from aggregator.extraction import extract

    def kinds(headline: str, text: str) -> list[object]:
        html = f"<html><body><article><h1>{headline}</h1><p>{text}</p></article></body></html>"
        found = extract("https://blog.example/2020/12/12/post.html", html.encode()).candidates
        return [c.value for c in found.get("work_type", [])]

    verdict = "A delightful tune with tasteful cowbell."
    assert kinds("This funk song is a holiday classic", verdict) == ["album"]
    # Not a review (no judgement): the headline's word is no kind of a reviewed work.
    assert kinds("This funk song is out on Friday", "It has four minutes.") == []
    # Two kinds named: the headline does not say which one is reviewed.
    assert kinds("From book to film: a delightful, tasteful adaptation", verdict) == []
