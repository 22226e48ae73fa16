"""Pages nested deeper than the HTML parser goes lose no text.

libxml2, under lxml and so under every extraction layer, stops building the
tree 256 elements deep and silently drops everything below, while browsers
show such a page normally (generated wrappers, broken templates, or a page
built to trip parsers). Wrapper tags beyond :data:`MAX_DEPTH` carry no
meaning a reader sees, so when libxml2 reports its limit the page is parsed
again without them (``Page.tree``), their content moved up to the deepest
level kept.
"""

from __future__ import annotations

import re
from itertools import accumulate

#: Wrapper levels kept; the rest of libxml2's 256 is left for the other
#: elements (html, body, paragraphs, tables, links) around and inside them.
MAX_DEPTH = 100
#: Elements that only group or style their content.
WRAPPERS = frozenset(
    b"div span section article main aside header footer nav font center "
    b"b i u em strong small big s strike sub sup tt code figure blockquote ul ol dl".split()
)
_TAG_START = re.compile(
    rb"<(/?)(?:" + b"|".join(sorted(WRAPPERS)) + rb")(?=[\s/>])",
    re.IGNORECASE,
)
_DELTA = {b"": 1, b"/": -1}
_TAG = re.compile(
    rb"<(/?)(" + b"|".join(sorted(WRAPPERS)) + rb")(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)


def flatten_deep_nesting(body: bytes, max_depth: int = MAX_DEPTH) -> bytes:
    """``body`` with wrapper tags deeper than ``max_depth`` removed (unchanged when shallower).

    >>> page = b"<div>" * 5 + b"<p>deep text</p>" + b"</div>" * 5
    >>> flatten_deep_nesting(page, max_depth=2)
    b'<div><div><p>deep text</p></div></div>'
    >>> flatten_deep_nesting(b"<div><p>shallow</p></div>", max_depth=2)
    b'<div><p>shallow</p></div>'
    """
    if _rough_depth(body) <= max_depth:
        return body
    stack: list[tuple[bytes, bool]] = []  # (tag name, dropped)
    drops: list[tuple[int, int]] = []
    for match in _TAG.finditer(body):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            dropped = len(stack) >= max_depth
            stack.append((name, dropped))
            if dropped:
                drops.append(match.span())
        elif _close(stack, name):
            drops.append(match.span())
    if not drops:
        return body
    return _without(body, drops)


def _rough_depth(body: bytes) -> int:
    """Deepest wrapper nesting, counted without matching names (a fast upper-bound check)."""
    marks = _TAG_START.findall(body)
    if len(marks) <= MAX_DEPTH:
        return len(marks)
    return max(accumulate(map(_DELTA.__getitem__, marks)))


def _close(stack: list[tuple[bytes, bool]], name: bytes) -> bool:
    """Pop up to the matching open tag; True when that tag was dropped."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == name:
            dropped = stack[index][1]
            del stack[index:]
            return dropped
    return False  # a stray closing tag: the parser ignores it too


def _without(body: bytes, spans: list[tuple[int, int]]) -> bytes:
    parts: list[bytes] = []
    position = 0
    for start, end in spans:
        parts.append(body[position:start])
        position = end
    parts.append(body[position:])
    return b"".join(parts)
