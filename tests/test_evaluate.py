from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools import evaluate

TRUTH = {
    "file": "page.html",
    "url": "https://x.example/film/dune-review/",
    "page_type": "review",
    "headline": "Dune review: a desert epic",
    "authors": ["Ann Critic"],
    "published": "2021-10-21",
    "score_0_100": 80.0,
    "work_title": "Dune",
    "work_type": "movie",
    "runtime_minutes": None,
    "content_rating": None,
    "language": "en",
    "body_snippets": ["Paragraph 3: the film is long"],
    "not_body_snippets": ["All rights reserved"],
}
OURS = {
    "page_type": "review",
    "headline": "Dune review: a desert epic",
    "authors": ["Ann Critic"],
    "published_at": "2021-10-21T09:00:00+00:00",
    "language": "en-GB",
    "score": {"raw": "4", "value": 80.0, "best": 5.0},
    "work": {"type": "movie", "title": "DUNE", "runtime_minutes": None, "content_rating": None},
    "body_text": "Paragraph 3: the film is long.",
}


def test_every_check_passes_on_a_matching_result() -> None:
    for name, check in evaluate.CHECKS.items():
        assert check(OURS, TRUTH), name


def test_checks_catch_mistakes() -> None:
    wrong = {**OURS, "score": {"value": 79.0}, "body_text": "All rights reserved"}
    assert not evaluate.check_score(wrong, TRUTH)
    assert not evaluate.check_body(wrong, TRUTH)
    assert not evaluate.check_work_title({"work": {"title": "Dune 2"}}, TRUTH)


def test_command_prints_table_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "page.html").write_bytes(b"<html><p>x</p></html>")
    (tmp_path / "truth.json").write_text(json.dumps([TRUTH]), encoding="utf-8")
    extractors = dict(evaluate.EXTRACTORS, ours=(lambda _url, _body: OURS, evaluate.FIELDS))
    monkeypatch.setattr(evaluate, "EXTRACTORS", extractors)
    assert evaluate.main([str(tmp_path), "--misses", "--fields"]) == 0
    out = capsys.readouterr().out
    assert "work_title" in out
    assert "n/a" in out
    assert "precision" in out
    assert re.search(r"body wanted +1/1 100%", out)
    assert "page.html" in out  # the per-page grid
    assert "median" in out
    assert evaluate.main([str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["fields"]["headline"]["ours"] == 1
    assert summary["fields"]["score"]["trafilatura"] is None
    assert summary["body_sentences"]["ours"] == {"wanted": [1, 1], "boilerplate_out": [1, 1]}


def test_missing_corpus_is_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate.main([str(tmp_path / "nowhere")]) == 2
    assert "no corpus" in capsys.readouterr().err
