"""Text out of elements: lxml's walk and str.split() give what the tree walk in
Python and the whitespace pattern gave, on any tree."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from aggregator.extraction.tree_text import (
    _CELLS,
    BLOCKS,
    BREAK,
    SKIPPED,
    block_chunks,
    block_text,
    element_text,
    paragraphs,
    squash,
)

_SPACE = re.compile(r"\s+")


def _reference_squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _reference_pieces(element: lxml.html.HtmlElement, *, breaks: bool) -> list[str]:
    """The walk in Python, with an explicit stack, that lxml's walk replaced."""
    pieces: list[str] = []
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        gap = BREAK if breaks and tag in BLOCKS else " " if tag in BLOCKS or tag in _CELLS else ""
        if closing:
            pieces.append(gap)
            if node is not element:
                pieces.append(node.tail or "")
            continue
        if tag is None or tag in SKIPPED:
            if node is not element:
                pieces.append(node.tail or "")
            continue
        pieces.append(gap)
        pieces.append(node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return pieces


def _reference_element_text(element: lxml.html.HtmlElement) -> str:
    return _reference_squash("".join(_reference_pieces(element, breaks=False)))


def _reference_block_text(element: lxml.html.HtmlElement) -> str:
    joined = "".join(_reference_pieces(element, breaks=True))
    found = (_reference_squash(chunk) for chunk in joined.split(BREAK))
    return "\n\n".join(p for p in found if p)


_SHOWN = ["p", "div", "span", "b", "i", "a", "li", "td", "th", "tr", "h2", "br", "section"]
_TAGS = st.sampled_from([*_SHOWN, "script", "style", "noscript", "template", "svg", "iframe"])
_TEXTS = st.sampled_from(
    ["", "Dune", " ", "\n  ", "Pages 80", "a\u00a0b", "\t", "x y", "\u2028", "«Rain»", "Ann "]
)
_INSERTS = st.sampled_from(["", "", "<!-- note -->", "<?pi x?>", "<br>", "<img src=x>"])


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    tag, text, tail, insert = draw(_TAGS), draw(_TEXTS), draw(_TEXTS), draw(_INSERTS)
    inner = "".join(draw(st.lists(_fragments(depth + 1), max_size=3))) if depth < 4 else ""
    return f"<{tag}>{text}{insert}{inner}</{tag}>{tail}"


def _trees(fragments: list[str]) -> list[lxml.html.HtmlElement]:
    html = f"<html><body>{''.join(fragments)}</body></html>"
    kept = lxml.html.document_fromstring(html)  # comments and processing instructions kept
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    return [kept, lxml.html.document_fromstring(html, parser=parser)]


@given(st.lists(_fragments(), min_size=1, max_size=4))
def test_texts_are_the_walk_in_python(fragments: list[str]) -> None:
    for tree in _trees(fragments):
        for element in tree.iter():
            assert element_text(element) == _reference_element_text(element)
            assert block_text(element) == _reference_block_text(element)
            assert paragraphs(element) == [p for p in block_text(element).split("\n\n") if p]
            assert BREAK.join(block_chunks(element)) == "".join(
                _reference_pieces(element, breaks=True)
            )


def test_an_entity_counts_for_its_tail_only() -> None:
    element = lxml.html.fragment_fromstring("<div>A <b>bold</b> move<p>Two</p></div>")
    entity = lxml.etree.Entity("amp")
    entity.tail = " and more "
    element[0].append(entity)
    for tree in (element, element[0]):
        assert element_text(tree) == _reference_element_text(tree)
        assert block_text(tree) == _reference_block_text(tree)
    assert element_text(entity) == _reference_element_text(entity) == ""


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_squash_is_the_whitespace_pattern(text: str) -> None:
    assert squash(text) == _reference_squash(text)


def test_squash_knows_every_whitespace_character_as_the_pattern_does() -> None:
    every = "".join(chr(code) for code in range(0x3100) if _SPACE.fullmatch(chr(code)))
    assert squash(f"a{every}b{every}") == _reference_squash(f"a{every}b{every}") == "a b"
    assert all(char.isspace() for char in every)
