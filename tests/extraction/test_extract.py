from __future__ import annotations

import importlib
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.extraction import Extraction, extract
from aggregator.extraction.candidates import LAYERS

from .builders import values

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: Villeneuve's film is long, grand and patient with its story.</p>"
    for i in range(10)
)
REVIEW = (
    """<html lang="en"><head><title>Dune review – The Paper</title>
<meta property="og:title" content="Dune review: a desert epic">
<script type="application/ld+json">{"@type": "Review", "author": {"name": "Ann Critic"},
 "datePublished": "2021-10-21", "itemReviewed": {"@type": "Movie", "name": "Dune"},
 "reviewRating": {"ratingValue": "4", "bestRating": "5"}}</script></head>
<body><article><h1>Dune review: a desert epic</h1>"""
    + PARAGRAPHS
    + "</article></body></html>"
)
ODD_JSON_LD = (
    b'<html><head><script type="application/ld+json">{"@graph": [{"@type": "Review",'
    b' "itemReviewed": 3, "author": [null, {}, 5]}]}</script></head></html>'
)
ODD_MICRODATA = (
    b'<html><body><div itemscope itemtype="http://schema.org/Review">'
    b'<span itemprop="author" itemscope></span></div></body></html>'
)


def check(extraction: Extraction) -> None:
    assert extraction.page_kind.kind in ("review", "other")
    for candidates in extraction.candidates.values():
        assert candidates  # a field with nothing found is absent, not empty
        assert all(candidate.source in LAYERS for candidate in candidates)
        assert all(candidate.value for candidate in candidates)


def test_layers_in_trust_order() -> None:
    found = extract("https://x.example/film/dune-review/", REVIEW.encode())
    check(found)
    assert found.page_kind.kind == "review"
    assert values(found.candidates, "work_title")[0] == "Dune"
    assert values(found.candidates, "authors")[0] == ["Ann Critic"]
    headline_sources = [c.source for c in found.candidates["headline"]]
    assert headline_sources[0] == "meta"  # no selector, no JSON-LD headline
    assert found.candidates["canonical_url"][-1].source == "url"
    assert "Paragraph 3" in str(values(found.candidates, "body_text")[0])


def test_site_selectors_come_first() -> None:
    from aggregator.sites import SiteConfig

    site = SiteConfig(
        name="paper", start_urls=("https://x.example/",), selectors={"headline": "h1"}
    )
    found = extract("https://x.example/film/dune-review/", REVIEW.encode(), site)
    assert found.candidates["headline"][0].source == "selector"


def test_timings_are_filled_when_asked() -> None:
    timings: dict[str, float] = {}
    extract("https://x.example/film/dune-review/", REVIEW.encode(), timings=timings)
    assert {"parse", "structured", "meta", "maintext", "prose"} <= set(timings)


def test_failing_layer_costs_only_its_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_page: object) -> object:
        raise RuntimeError("boom")

    module = importlib.import_module("aggregator.extraction.extract")
    monkeypatch.setattr(module, "meta_candidates", broken)
    found = extract("https://x.example/film/dune-review/", REVIEW.encode())
    from_meta = [c.value for c in found.candidates["headline"] if c.source == "meta"]
    assert "Dune review: a desert epic" not in from_meta  # og:title was in the failed layer
    assert values(found.candidates, "work_title")[0] == "Dune"  # other layers still ran


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        PNG,
        b"%PDF-1.4 binary",
        b"<p>no html, no head, no body",
        b"<html><body></body></html>",
        b"<html><head><title>x</title></head></html>",
        b"<div><p><span><table><tr><td>unclosed" * 200,
        b"<" * 10000,
        b"<html>" + b"<div>" * 5000 + b"deep" + b"</div>" * 10,
        "<html><meta charset=utf-8><p>Caf\xe9 \x93Noel\x94</p>".encode("latin-1"),
        '<html><meta charset="iso-8859-1"><p>Café “Noël”</p>'.encode(),
        ODD_JSON_LD,
        ODD_MICRODATA,
        b"<?xml version='1.0' encoding='utf-8'?><html><body><p>xhtml</p></body></html>",
    ],
)
def test_never_raises_on_odd_pages(body: bytes) -> None:
    check(extract("https://x.example/review/odd/", body))


def test_binary_body_is_not_html() -> None:
    found = extract("https://x.example/image.png", PNG)
    assert found.candidates == {}
    assert found.page_kind.kind == "other"
    assert found.page_kind.reasons == ("not_html",)


def test_several_megabyte_page() -> None:
    filler = "<p>" + "word " * 200 + "</p>"
    body = (REVIEW.replace("</article>", filler * 6000 + "</article>")).encode()
    assert len(body) > 5_000_000
    check(extract("https://x.example/film/dune-review/", body))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(body: bytes) -> None:
    check(extract("https://x.example/review/random/", body))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdiv pscript{}[]:,\n&;#")), max_size=500))
def test_random_markup_never_raises(markup: str) -> None:
    check(extract("https://x.example/review/random/", ("<html>" + markup).encode()))


def corpus_dir() -> Path:
    return Path(os.environ.get("AGGREGATOR_CORPUS") or ROOT.parent / "shared" / "corpus")


def _plain(text: object) -> str:
    return re.sub(r"[\W_]+", "", str(text).casefold().replace("’", "'"))


def test_corpus_pages() -> None:
    if not (corpus_dir() / "truth.json").is_file():
        message = f"corpus not found at {corpus_dir()} (set $AGGREGATOR_CORPUS)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    truth = json.loads((corpus_dir() / "truth.json").read_text(encoding="utf-8"))
    headlines = titles = 0
    for entry in truth:
        body = (corpus_dir() / "pages" / entry["file"]).read_bytes()
        found = extract(entry["url"], body)
        assert "error" not in found.page_kind.reasons, entry["file"]
        check(found)
        first_headline = values(found.candidates, "headline")[:1]
        headlines += [_plain(h) for h in first_headline] == [_plain(entry["headline"])]
        first_title = values(found.candidates, "work_title")[:1]
        expected = [_plain(entry["work_title"])] if entry["work_title"] else []
        titles += [_plain(t) for t in first_title] == expected
    assert headlines > len(truth) / 2
    assert titles > len(truth) / 2
