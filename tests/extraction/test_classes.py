"""The Python class tests select what the XPath class tests they replace select."""

from __future__ import annotations

import lxml.etree
import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from aggregator.extraction import maintext
from aggregator.extraction.classes import has_class

from .builders import page

_NAMES = st.sampled_from(["entry-title", "post-title", "entry", "title", "x-entry-title", ""])
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2003"])


@given(st.lists(st.tuples(_NAMES, _SPACES), max_size=5), _NAMES.filter(bool))
def test_has_class_is_the_xpath_class_test(parts: list[tuple[str, str]], name: str) -> None:
    value = "".join(word + space for word, space in parts)
    element = lxml.html.fragment_fromstring("<p></p>")
    element.set("class", value)
    xpath = f"boolean(self::*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')])"
    assert has_class(element, name) is element.xpath(xpath)


HEADLINES = """<html><body>
<h2 class="entry-title">A</h2><div><h1 class="x post-title">B</h1></div>
<h1><a rel="bookmark">C</a></h1><h3><a rel="bookmark">D</a></h3><h2><a rel="bookmark x">E</a>
<span><a rel="bookmark">F</a></span><a rel="bookmark">G</a></h2>
<article><h1 class="entry-title post-title">H</h1></article><main><h1>I</h1></main></body></html>"""
OLD_XPATHS = (
    "//*[self::h1 or self::h2][contains(concat(' ', normalize-space(@class), ' '),"
    " ' entry-title ')]",
    "//*[self::h1 or self::h2][contains(concat(' ', normalize-space(@class), ' '),"
    " ' post-title ')]",
    "//*[self::h1 or self::h2]/a[@rel='bookmark']",
    "//article//h1 | //main//h1",
)


def test_headline_finders_find_what_the_xpaths_found() -> None:
    tree = page(HEADLINES).tree
    for finder, xpath in zip(maintext._HEADLINE_FINDERS, OLD_XPATHS, strict=True):
        assert finder(tree) == lxml.etree.XPath(xpath)(tree)
        assert finder(tree)
