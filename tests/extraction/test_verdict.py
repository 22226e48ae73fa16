"""The verdict: a labelled one-line conclusion, never guessed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extraction import extract
from aggregator.extraction.page import Page
from aggregator.extraction.verdict import (
    _KEYWORDS,
    labelled_verdicts,
    names_a_label,
    verdict_candidates,
)
from aggregator.review import build_review

URL = "https://critic.example/reviews/dune"


def verdicts(fragment: str) -> list[str]:
    page = Page(URL, f"<html><body><article>{fragment}</article></body></html>".encode())
    return labelled_verdicts(page.tree)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p><strong>Verdict:</strong> A grand, patient epic.</p>", "A grand, patient epic."),
        ("<p>Verdict: A grand, patient epic.</p>", "A grand, patient epic."),
        ("<p>The verdict – a grand, patient epic.</p>", "a grand, patient epic."),
        ("<h2>The bottom line</h2><p>Worth the wait.</p><p>More text.</p>", "Worth the wait."),
        ("<p><b>Bottom line:</b> Worth the wait.</p>", "Worth the wait."),
        ("<h3>Fazit</h3><p>Ein großer, geduldiger Film.</p>", "Ein großer, geduldiger Film."),
        ("<p><b>Fazit:</b> Ein großer, geduldiger Film.</p>", "Ein großer, geduldiger Film."),
        ("<p><strong>En bref :</strong> un film immense.</p>", "un film immense."),
        ("<h4>Conclusión</h4><p>Una epopeya paciente.</p>", "Una epopeya paciente."),
        ("<p><b>Werdykt:</b> Cierpliwa, wielka epopeja.</p>", "Cierpliwa, wielka epopeja."),
        ("<h3>Il verdetto</h3><p>Un'epopea paziente.</p>", "Un'epopea paziente."),
        ("<dl><dt>Verdict</dt><dd>Worth the wait.</dd></dl>", "Worth the wait."),
        (
            "<h2>Fazit</h2><br>\nDas Warten hat sich <em>gelohnt</em>.<br><br><em>Autor</em>",
            "Das Warten hat sich gelohnt.",
        ),
        ("<table><tr><th>Our verdict</th><td>Worth the wait.</td></tr></table>", "Worth the wait."),
        (
            "<div class='box'><div><h3>Our Verdict</h3><p>A superb game.</p></div></div>",
            "A superb game.",
        ),
    ],
)
def test_labelled_verdicts(fragment: str, expected: str) -> None:
    assert verdicts(fragment) == [expected]


@pytest.mark.parametrize(
    "fragment",
    [
        # Prose that happens to use the words is no label.
        "<p>The bottom line is that the film works.</p>",
        "<p>En bref, le film fonctionne.</p>",
        "<p>The jury's verdict: guilty, says the film.</p><p>Verdicts abound.</p>",
        # A verdict box holding only a score.
        "<p><b>Verdict:</b> 4/5</p>",
        "<h3>Verdict</h3><div>8.5 out of 10</div>",
        "<dl><dt>Verdict</dt><dd>★★★★☆</dd></dl>",
        # A label with nothing after it.
        "<h2>Verdict</h2>",
        # A whole section under the label is not a one-line conclusion.
        "<h2>Verdict</h2><p>" + "Long text. " * 80 + "</p>",
    ],
)
def test_no_label_no_verdict(fragment: str) -> None:
    assert verdicts(fragment) == []


def test_summary_and_description_are_not_verdicts() -> None:
    page = (
        b'<html><head><meta name="description" content="A grand, patient epic.">'
        b'<script type="application/ld+json">{"@type": "Review", "reviewBody": "A grand epic.",'
        b' "positiveNotes": {"@type": "ItemList", "itemListElement": [{"@type": "ListItem",'
        b' "name": "Patient"}]}, "itemReviewed": {"@type": "Movie", "name": "Dune"}}</script>'
        b"</head><body><article><h1>Dune review</h1><p>A grand, patient epic.</p>"
        b"</article></body></html>"
    )
    assert extract(URL, page).candidates.get("verdict") is None
    assert build_review(URL, page).verdict is None


def test_comments_and_menus_do_not_give_verdicts() -> None:
    fragment = (
        "<nav><p><b>Verdict:</b> Menu text here.</p></nav>"
        "<div class='comments'><p>Verdict: a reader's opinion.</p></div>"
        "<footer><p>Bottom line: newsletter signup.</p></footer>"
    )
    assert verdicts(fragment) == []


def test_every_labelled_verdict_is_a_candidate_in_page_order() -> None:
    page = Page(
        URL,
        b"<html><body><p><b>Verdict:</b> First one here.</p>"
        b"<h2>Bottom line</h2><p>Second one here.</p></body></html>",
    )
    found = verdict_candidates(page)["verdict"]
    assert [(c.value, c.source) for c in found] == [
        ("First one here.", "printed"),
        ("Second one here.", "printed"),
    ]


def test_verdict_reaches_the_item() -> None:
    page = (
        b"<html><body><article><h1>Dune review</h1>"
        b"<p>Villeneuve's film is long, grand and patient with its story.</p>"
        b"<h2>The bottom line</h2><p>Worth the <em>wait</em>.</p></article></body></html>"
    )
    item = build_review(URL, page)
    assert item.verdict == "Worth the wait."
    assert item.field_sources["verdict"] == "printed"
    assert item.raw["verdict"] == "Worth the wait."


# Pieces of page source: keywords in any case, near misses, and the characters
# whose lower case is, or looks like, an ASCII letter.
SOURCE_PIECES = st.lists(
    st.sampled_from(
        [*sorted(_KEYWORDS), "VERDICT", "Fazit", "BOTTOM", "werdy", "kt", "conclusi", "ón",
         "\u212a", "\u0130", "\u0131", "\u017f", "\u03a3", "é", "\ud800", "<p>", " "]
    )
    | st.text(max_size=5),
    max_size=12,
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(SOURCE_PIECES)
def test_a_label_word_is_found_as_in_the_lowered_source(pieces: list[str]) -> None:
    source = "".join(pieces)
    assert names_a_label(source) == any(word in source.lower() for word in _KEYWORDS)
