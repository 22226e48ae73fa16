from __future__ import annotations

import pytest

from aggregator.extraction.visible import OTHER, classes_and_ids, other_texts, outside, visible

from .builders import page

PAGES = {
    "headline": """<html><body class="single related-posts-on">
<div class="content-with-sidebar"><article><h1>Dune review</h1><p>By Ann Lee</p>
<div class="comments"><p>Bob says: <span>great</span></p></div></article></div>
<aside id="sidebar-main"><div class="widget"><a href="/x">Other review</a></div></aside>
<div class="related-teaser">Related: <b>Fresh</b></div></body></html>""",
    "no headline, an article": """<html><body class="widget-on">
<div class="sidebar-layout"><article><p>Text</p></article></div>
<article class="teaser"><p>Another</p></article><div id="popular-list">x</div></body></html>""",
    "no headline, no article": """<html><body class="sidebar"><div class="comment-list">
<p>One</p></div><p id="main">Text</p></body></html>""",
}


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_other_texts_are_the_blocks_the_xpath_names(html: str) -> None:
    shared = page(html)
    assert other_texts(shared) == frozenset(shared.tree.xpath(f"//{OTHER}"))


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_outside_is_the_xpath_predicate(html: str) -> None:
    shared = page(html)
    everything = list(shared.tree.iter())
    expected = shared.tree.xpath(f"//*[not(ancestor-or-self::{OTHER})]")
    assert outside(everything, other_texts(shared)) == expected


def test_blocks_of_other_texts_are_not_visible() -> None:
    shared = page(PAGES["headline"])
    assert visible(shared).text == "Dune review By Ann Lee"
    assert visible(shared) is visible(shared)


def test_classes_and_ids_in_page_order() -> None:
    shared = page('<html><body><p id="a" class="b">x</p><div class="c"><i id="d">y</i></div>')
    found = [(element.tag, value) for element, value in classes_and_ids(shared)]
    assert found == [("p", "a"), ("p", "b"), ("div", "c"), ("i", "d")]
