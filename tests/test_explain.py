"""Losing candidates kept in ``raw``, and ``scrapy extract --explain``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aggregator.explain import explain, format_explanation
from aggregator.extraction.candidates import Candidate
from aggregator.items import LOSERS, review_from_dict, review_to_dict
from aggregator.loaders import load_review
from aggregator.review import loader_context
from tests.conftest import run_scrapy

CONTEXT = loader_context("https://reviews.example/r/1", None, datetime(2024, 5, 1, tzinfo=UTC))
PAGE = b"""<html><head><title>Dune review | Example Reviews</title>
<meta property="og:title" content="Dune review: sand, spice and silence"></head>
<body><article><h1>Dune review: sand, spice and silence</h1>
<div class="score-box"><span class="score">8.2</span></div>
<p>Denis Villeneuve's film is long and loud and very good at both.</p></article></body></html>"""


def test_disagreeing_layers_keep_their_candidates_in_raw() -> None:
    item = load_review(
        {
            "work_title": [Candidate("Dune", "jsonld"), Candidate("Dune Movie Hbo", "url")],
            "score": [Candidate("4/5", "jsonld"), Candidate("80%", "maintext")],
            "headline": [Candidate("Dune review", "meta")],
        },
        CONTEXT,
    )
    assert item.work_title == "Dune"
    assert item.losers == {"work_title": [Candidate("Dune Movie Hbo", "url")]}  # 80% = 4/5
    data = review_to_dict(item)
    assert data["raw"]["work_title"] == "Dune"
    assert data["raw"][LOSERS] == {"work_title": [{"source": "url", "value": "Dune Movie Hbo"}]}
    back = review_from_dict(data)
    assert (back.raw, back.losers) == (item.raw, item.losers)


def test_unreadable_score_is_kept_raw_without_a_value() -> None:
    # "8" out of 10 or 100? The page does not say: no value, but the text stays.
    item = load_review({"score": [Candidate("8", "maintext")]}, CONTEXT)
    assert item.score is None
    assert item.losers == {"score": [Candidate("8", "maintext")]}
    with_scale = {**CONTEXT, "score_best": 10}
    assert load_review({"score": [Candidate("8", "maintext")]}, with_scale).score is not None


def test_explain_ranks_the_winner_first() -> None:
    table, rejected = explain("https://reviews.example/film/dune-review/", PAGE)
    assert rejected == {}
    score = table["score"][0]
    assert (score.source, score.raw, score.winner) == ("maintext", "8.2", True)
    assert score.value.value == 82.0
    titles = [(row.raw, row.winner) for row in table["work_title"]]
    assert titles[0] == ("Dune", True)
    text = format_explanation(table, rejected)
    assert "score\n  * maintext  '8.2' → {" in text


def test_extract_command_explain(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE)
    result = run_scrapy(
        "extract", str(saved), "--url", "https://reviews.example/film/dune-review/", "--explain"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "work_title\n  * " in result.stdout
    assert "page_kind\n  * signals   'score, url:review" in result.stdout
    assert "'8.2' → " in result.stdout
