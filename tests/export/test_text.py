"""Export text helpers against their plain definitions, and JSON written in pieces."""

from __future__ import annotations

import json
import random

import pytest

from aggregator.exports.files import dumps, with_array
from aggregator.exports.plaintext import EXCERPT_CHARS, excerpt

SPACES = [" ", "  ", "\n", "\n\n", "\t", " \r\n ", " " * 90, "\n" * 400]


def cut_from_whole_text(text: str, limit: int) -> str | None:
    """The excerpt as defined: the whole text's white space collapsed, then cut."""
    whole = " ".join(text.split())
    if not whole:
        return None
    if len(whole) <= limit:
        return whole
    cut = whole[: limit + 1].rsplit(" ", 1)[0] if " " in whole[:limit] else whole[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def texts(seed: int, count: int) -> list[str]:
    """Texts of every length around the cut, with runs of white space and long words."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        words = [
            "x" * rng.choice([1, 3, 8, 40, 400]) + rng.choice(["", ",", ".", "—"])
            for _ in range(rng.randint(0, 120))
        ]
        found.append(rng.choice(SPACES) + "".join(w + rng.choice(SPACES) for w in words))
    return found


@pytest.mark.parametrize("limit", [5, 40, EXCERPT_CHARS])
def test_excerpt_reads_only_the_start_but_cuts_as_the_whole_text_would(limit: int) -> None:
    for text in texts(seed=limit, count=400):
        assert excerpt(text, limit) == cut_from_whole_text(text, limit), repr(text)


def test_records_encoded_in_pieces_equal_records_encoded_whole() -> None:
    items = [{"id": "r_1", "tags": ["é", None], "score": 66.7}, {"id": "r_2", "tags": []}]
    header = {"version": "1.1", "title": 'Ann’s "reviews"'}
    pieces = with_array(dumps(header), "items", [dumps(item) for item in items])
    assert pieces == dumps(header | {"items": items})
    assert json.loads(pieces)["items"] == items
    assert dumps(header) == json.dumps(header, ensure_ascii=False)
