from __future__ import annotations

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extraction import byline as byline_module
from aggregator.extraction.byline import (
    byline_candidates,
    checked_authors,
    copyright_credit,
    without_site_names,
)
from aggregator.extraction.candidates import Candidate
from aggregator.normalize import split_authors

from .builders import page, values

BODY = "<p>" + "The film is long, slow and beautiful to watch. " * 20 + "</p>"


def authors(html: str) -> list[str]:
    """What the printed layer's first byline normalises to."""
    found = values(byline_candidates(page(f"<html><body>{html}</body></html>")), "authors")
    return split_authors(found[0]) if found else []  # type: ignore[arg-type]


def test_plain_text_bylines() -> None:
    assert authors(f"<h1>Dune</h1><p>By Ann Lee</p>{BODY}") == ["Ann Lee"]
    assert authors(f"<h1>Dune</h1><p>Reviewed by <b>Ann Lee</b></p>{BODY}") == ["Ann Lee"]
    assert authors(f"<h1>Dune</h1><div>By Ann Lee and Bo Berg</div>{BODY}") == [
        "Ann Lee",
        "Bo Berg",
    ]
    assert authors(f"<h1>Dune</h1><p>Von Anna Schmidt | 3. Mai 2021</p>{BODY}") == ["Anna Schmidt"]
    assert authors(f"<h1>Dune</h1><p>Par Jean Dupont</p>{BODY}") == ["Jean Dupont"]
    assert authors(f"<h1>Dune</h1><p>Escrito por Ana Ruiz</p>{BODY}") == ["Ana Ruiz"]
    assert authors(f"<h1>Dune</h1><p>Autor: Hans Müller</p>{BODY}") == ["Hans Müller"]
    assert authors(f"<h1>Dune</h1><p>By Ann Lee on March 3, 2021</p>{BODY}") == ["Ann Lee"]
    html = f"<h1>Dune</h1><p>BY ANN LEE Updated Mar 3, 2021</p>{BODY}"
    assert authors(html) == ["ANN LEE"]


def test_name_beside_a_date() -> None:
    assert authors(f"<h1>Dune</h1><p>Ann Lee | March 3, 2021</p>{BODY}") == ["Ann Lee"]
    assert authors(f"<h1>Dune</h1><p>3. Mai 2021 · Anna Schmidt</p>{BODY}") == ["Anna Schmidt"]
    assert authors(f"<h1>Dune</h1><p>Film Reviews | March 2021</p>{BODY}") == []


def test_byline_words_are_not_read_into_prose() -> None:
    assert authors(f"<h1>Dune</h1><p>By the way, the film is long.</p>{BODY}") == []


def test_review_by_in_a_heading_or_sentence() -> None:
    html = f"<h2>Whose film is it? Review by Ann Lee *</h2>{BODY}"
    assert authors(html) == ["Ann Lee"]
    assert authors(f"{BODY}<p>Listen to the review by Ann Lee, above.</p>") == ["Ann Lee"]


def test_author_link_next_to_the_headline_beats_the_sidebar() -> None:
    html = (
        '<div class="sidebar"><a rel="author" href="/author/x">Someone Else</a></div>'
        '<h1>Dune</h1><span class="byline"><a href="/author/ann-lee/">Ann Lee</a></span>'
        f"{BODY}"
        '<div class="comments"><span class="author">Bo Berg</span> says: great</div>'
    )
    assert authors(html) == ["Ann Lee"]


def test_teasers_of_other_articles_are_not_read() -> None:
    teasers = (
        '<section class="related-posts"><article><h2>Nope</h2>'
        "<p>By Someone Else</p></article></section>"
    )
    assert authors(f"<article><h1>Dune</h1>{BODY}</article>{teasers}") == []


def test_a_wrapper_holding_the_headline_is_not_a_sidebar() -> None:
    html = f'<div class="layout-with-sidebar"><h1>Dune</h1><p>By Ann Lee</p>{BODY}</div>'
    assert authors(html) == ["Ann Lee"]


def test_many_author_names_are_a_list_of_other_texts() -> None:
    names = "".join(f'<li><span class="author">Critic {n}</span></li>' for n in "ABCDE")
    assert authors(f"<h1>Dune</h1><ul>{names}</ul>") == []


def test_address_and_copyright_as_the_only_credit() -> None:
    html = f"<h1>Reviews</h1>{BODY}<address>My reviews / Pat Doe / Revised 2002</address>"
    assert authors(html) == ["Pat Doe"]


def credit(html: str) -> list[object]:
    return values(copyright_credit(page(f"<html><body>{html}</body></html>")), "authors")


def test_copyright_line_as_the_only_credit() -> None:
    assert credit(f"<h1>Dune</h1>{BODY}<p>© 2003 Ann Lee</p>") == ["Ann Lee"]
    assert credit(f"<h1>Dune</h1>{BODY}<p>Copyright (c) 1999-2003 by Ann Lee</p>") == ["Ann Lee"]
    assert credit(f"<h1>Dune</h1>{BODY}<p>© 1996 - 2022 Acme Entertainment</p>") == []
    assert credit(f"<h1>Dune</h1>{BODY}<p>© 2022 All rights reserved</p>") == []
    assert credit("<h1>Dune</h1><figure><figcaption>Photo: © Bo Berg</figcaption></figure>") == []


def test_main_text_authors_must_be_printed() -> None:
    shared = page(
        f'<html><body><h1>Dune</h1><div class="author-name">abc8090</div>{BODY}'
        '<div class="comment"><b>Bo Berg</b> says: nice</div></body></html>'
    )
    found = {
        "authors": [Candidate(["Abc"], "maintext"), Candidate(["Bo Berg"], "maintext")],
        "headline": [Candidate("Dune", "maintext")],
    }
    checked = checked_authors(found, shared)
    assert "authors" not in checked
    assert values(checked, "headline") == ["Dune"]
    kept = checked_authors({"authors": [Candidate(["Dune"], "maintext")]}, shared)
    assert values(kept, "authors") == [["Dune"]]


def test_the_outlets_own_name_is_not_an_author() -> None:
    shared = page("<html><body><h1>Dune</h1></body></html>", "https://www.filmpaper.example/dune/")
    found = {
        "authors": [
            Candidate(["Film Paper"], "jsonld"),
            Candidate("filmpaper", "meta"),
            Candidate(["Ann Lee", "Film Paper"], "maintext"),
        ],
        "publication": [Candidate("Film Paper", "meta")],
    }
    assert values(without_site_names(found, shared), "authors") == [["Ann Lee"]]
    alone = {"authors": [Candidate(["Film Paper"], "jsonld")], "publication": found["publication"]}
    assert "authors" not in without_site_names(alone, shared)


LINE_PIECES = st.lists(
    st.sampled_from(
        ["Ann Lee", "Bo van der Berg", "Film Reviews", "3 May 2021", "2003", "1899", " | ",
         "|", " · ", "•", ", ", " and ", "By ", "x"]
    )
    | st.text(max_size=4),
    max_size=8,
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(LINE_PIECES)
def test_a_dated_name_is_the_pattern_s(pieces: list[str]) -> None:
    line = "".join(pieces)
    match = byline_module._NAME_DATE.search(line)
    name = match and (match.group("name") or match.group("last"))
    expected = name if name and not byline_module._NOT_NAME.search(name) else None
    assert byline_module._dated_name(line) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["©", "(c)", "(C) ", "CopyRight", "copy", "right", "2003 ", "Ann Lee", "by "]
        )
        | st.text(max_size=4),
        max_size=6,
    )
)
def test_a_copyright_line_is_the_pattern_s(pieces: list[str]) -> None:
    line = "".join(pieces)
    found = byline_module._copyright(line)
    expected = byline_module._COPYRIGHT.search(line)
    assert (found and found.group("name")) == (expected and expected.group("name"))


MARKS = st.sampled_from(
    ['rel="author"', 'itemprop="author"', 'href="/author/ann/"', 'class="byline"',
     'class="post-author x"', 'id="author"', 'id="byline-1"', 'class="x"', 'rel="nofollow"']
)  # fmt: skip


@st.composite
def marked_fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        tag = draw(st.sampled_from(["a", "span", "div", "p"]))
        attributes = " ".join(draw(st.sets(MARKS, max_size=3)))
        inner = draw(marked_fragments(depth + 1)) if depth < 3 else "Ann Lee"
        parts.append(f"<{tag} {attributes}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(marked_fragments())
def test_author_marked_elements_are_those_the_xpath_finds(fragment: str) -> None:
    shared = page(f"<html><body>{fragment}</body></html>")
    union = lxml.etree.XPath(
        "//@rel[. = 'author'] | //@itemprop[. = 'author'] | //@href[contains(., '/author/')]"
        " | //@class[contains(., 'byline') or contains(., 'author')]"
    )
    expected = list(dict.fromkeys(value.getparent() for value in union(shared.tree)))
    assert byline_module.author_marked(shared) == expected
