from __future__ import annotations

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extraction import score as score_module
from aggregator.extraction.score import score_candidates
from aggregator.extraction.visible import classes_and_ids
from aggregator.normalize import parse_score

from .builders import page, values


def scores(html: str, headlines: tuple[str, ...] = ()) -> list[object]:
    return values(score_candidates(page(html), headlines), "score")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # labelled lines, in a details box or in the text
        ("<p><strong>Grade:</strong> B+</p>", "B+"),
        ("<ul><li>Rating: 4.5/5</li></ul>", "4.5/5"),
        ("<div>Wertung: 7 von 8</div>", "7 von 8"),
        # score boxes: the class says score, the text is the value
        ("<div class='score-box'><span class='score'>8.2</span></div>", "8.2"),
        ("<p class='BaseText-x Rating-cJfxuJ'>6.2</p>", "6.2"),
        (
            "<div><span class='rating-n'>7</span> von <span class='rating-n'>8</span></div>",
            "7 von 8",
        ),
        # star widgets drawn by CSS: the value is in the class
        ("<span class='score score-special score-4'></span>", "4/5"),
        ("<div class='stars rating-45'></div>", "4.5/5"),
        # star images: file name or alt text
        ("<img src='/img/5von5.jpg'>", "5 von 5"),
        ("<img src='/images/stars/4.5.gif'>", "4.5/5"),
        ("<img src='/img/stars-4.png'>", "4/5"),
        ("<img src='/img/x.png' alt='4 out of 5'>", "4 out of 5"),
    ],
)
def test_printed_score_forms(html: str, expected: str) -> None:
    assert scores(f"<html><body><article>{html}</article></body></html>") == [expected]


def test_score_in_headline() -> None:
    assert scores("<p>x</p>", ("Glass Harbour : LOW TIDE- | 8.2",)) == ["8.2"]
    assert scores("<p>x</p>", ("Top 10 films of 2023 - 2",)) == []


def test_overall_wins_over_sub_ratings() -> None:
    html = """<div class='video-rating'><span class='score'>3/5</span></div>
    <div class='overall-rating'>4/5</div><div class='audio-score'>2/5</div>"""
    assert scores(html) == ["4/5"]


def test_scores_of_other_works_and_readers_are_not_the_review_s() -> None:
    html = """<ul class='promo'><li><a href='/other/'><span class='score-2'></span></a></li></ul>
    <div class='user-rating'>3.9</div>
    <div class='related-posts'><span class='score'>9.1</span></div>
    <a href='/another/'><img src='/img/stars-3.png'></a>"""
    assert scores(html) == []


def test_several_labelled_scores_rate_several_works() -> None:
    html = "<h2>Harbor</h2><p>Rating: 8.0</p><h2>Lantern</h2><p>Rating: 6.5</p>"
    assert scores(html) == []


def test_no_scores_from_lookalikes() -> None:
    html = """<span class='note'>1</span><img src='/gallery/4.jpg'><p>Note: spoilers ahead.</p>
    <dl><dt>Rating</dt><dd>PG-13</dd></dl>"""
    assert scores(html) == []


def test_unknown_scale_stays_raw() -> None:
    # "8" could be out of 10 or 100: the value is kept as printed, never guessed.
    assert scores("<div class='score'>8</div>") == ["8"]
    assert parse_score("8") is None
    assert parse_score("8", best=10) is not None


def test_labelled_number_without_scale_stays_raw() -> None:
    assert scores("<p>Rating: 8</p>") == ["8"]


CLASS_VALUES = st.sampled_from(
    ["score", "ratingBox", "star", "s", "user-rating", "x Grade y", "", "note", "STARS-4"]
)
TAGS = st.sampled_from(["p", "div", "span", "b", "li", "img"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(TAGS)
        attributes = "".join(
            f' {name}="{draw(CLASS_VALUES)}"'
            for name in draw(st.sets(st.sampled_from(["class", "id"])))
        )
        inner = draw(fragments(depth + 1)) if depth < 3 else "8"
        parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_score_boxes_come_from_the_page_s_class_and_id_values(fragment: str) -> None:
    shared = page(f"<html><body class='rating'>{fragment}</body></html>")
    by_xpath = lxml.etree.XPath("descendant-or-self::*/@class | descendant-or-self::*/@id")
    last = None
    expected = []
    for value in by_xpath(shared.tree):
        element = value.getparent()
        if element is not last and score_module._QUICK_CLASS.search(value):
            last = element
            expected.append(element)
    assert list(score_module._score_class_elements(classes_and_ids(shared))) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["score", "RATING", "Grade", "note", "stars", "\u017f", "\u0130", "\u212a"])
        | st.text(max_size=4),
        max_size=6,
    )
)
def test_a_score_word_is_found_as_ignoring_case_finds_it(pieces: list[str]) -> None:
    value = "".join(pieces)
    expected = score_module._QUICK_CLASS.search(value) is not None
    assert score_module._names_score(value) == expected
