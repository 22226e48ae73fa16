"""The one-walk reading of the visible text gives what the plain reading gives."""

from __future__ import annotations

from itertools import islice

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.extraction import visible
from aggregator.extraction.page import Page


def plain_read(
    tree: lxml.html.HtmlElement, others: frozenset[lxml.html.HtmlElement]
) -> visible.Visible:
    """Each element asked for its size and its whole text (the reading the walk replaces)."""
    body = tree.find("body")
    if body is None:
        return visible.Visible()
    pieces: list[str] = []
    lines: list[str] = []
    walker = lxml.etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if event == "end":
            if element is not body and element.tail and element.tail.strip():
                pieces.append(" ".join(element.tail.split()))
            continue
        if not isinstance(element.tag, str) or element.tag in visible._SKIPPED or element in others:
            walker.skip_subtree()
            continue
        if element.text and element.text.strip():
            pieces.append(" ".join(element.text.split()))
        small = len(list(islice(element.iter(), visible.LINE_ELEMENTS))) < visible.LINE_ELEMENTS
        if element.tag in visible._LINE_TAGS and small:
            line = " ".join(element.text_content().split())
            if line and len(line) <= visible.MAX_LINE:
                lines.append(line)
        if len(pieces) > visible.MAX_PIECES:
            break
    return visible.Visible(pieces, lines)


_TAGS = st.sampled_from(["p", "div", "span", "b", "li", "script", "nav", "section", "td", "x-y"])
_CLASSES = st.sampled_from(["", "comments", "byline", "sidebar-box"])
_TEXTS = st.sampled_from(["", " ", "By Ann Lee", "May 3, 2021", "word " * 30, "\n\t"])


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["element", "element", "element", "comment"]))
    tail = draw(_TEXTS)
    if kind == "comment":
        return f"<!-- {draw(_TEXTS)} -->{tail}"
    tag, cls, text = draw(_TAGS), draw(_CLASSES), draw(_TEXTS)
    inner = "".join(draw(st.lists(_fragments(depth + 1), max_size=4))) if depth < 3 else ""
    attribute = f' class="{cls}"' if cls else ""
    return f"<{tag}{attribute}>{text}{inner}</{tag}>{tail}"


@pytest.mark.parametrize("max_pieces", [6000, 3])
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fragments=st.lists(_fragments(), min_size=1, max_size=5), h1=st.booleans())
def test_one_walk_reads_what_the_plain_reading_reads(
    fragments: list[str], h1: bool, max_pieces: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(visible, "MAX_PIECES", max_pieces)
    html = f"<html><body>{'<h1>T</h1>' if h1 else ''}{''.join(fragments)}</body></html>"
    page = Page("https://x.example/", html.encode())
    others = visible.other_texts(page)
    assert visible._read(page.tree, others) == plain_read(page.tree, others)
