"""The item loader: per field, the first candidate that normalises wins, with its source."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.extraction.candidates import Candidate
from aggregator.loaders import load_review
from aggregator.review import loader_context

CRAWLED = datetime(2024, 5, 1, tzinfo=UTC)
CONTEXT = loader_context("https://reviews.example/r/dune/?utm_source=x", None, CRAWLED)


def test_each_field_is_normalised_by_its_processor() -> None:
    item = load_review(
        {
            "headline": [Candidate("  Dune review:\n sand  and spice ", "meta")],
            "authors": [Candidate("By Ann Critic and Bo Writer", "printed")],
            "score": [Candidate("4/5", "jsonld")],
            "runtime_minutes": [Candidate("2h 35m", "printed")],
            "cast": [Candidate("Timothée Chalamet, Zendaya", "printed")],
            "published_at": [Candidate("2021-10-22T09:00:00+00:00", "jsonld")],
        },
        CONTEXT,
    )
    assert item.headline == "Dune review: sand and spice"
    assert item.authors == ["Ann Critic", "Bo Writer"]
    assert item.score is not None
    assert item.score.value == 80.0
    assert item.runtime_minutes == 155
    assert item.cast == ["Timothée Chalamet", "Zendaya"]
    assert item.published_at == datetime(2021, 10, 22, 9, tzinfo=UTC)
    assert item.field_sources == {
        "headline": "meta",
        "authors": "printed",
        "score": "jsonld",
        "runtime_minutes": "printed",
        "cast": "printed",
        "published_at": "jsonld",
    }


def test_an_unreadable_candidate_falls_through_to_the_next_layer() -> None:
    item = load_review(
        {"score": [Candidate("great!", "jsonld"), Candidate("7/10", "maintext")]}, CONTEXT
    )
    assert item.score is not None
    assert item.score.value == 70.0
    assert item.field_sources["score"] == "maintext"
    assert item.raw["score"] == "7/10"
    assert item.losers == {"score": [Candidate("great!", "jsonld")]}


def test_lists_come_whole_from_one_layer() -> None:
    item = load_review(
        {"cast": [Candidate("Zendaya", "jsonld"), Candidate("Zendaya, Oscar Isaac", "prose")]},
        CONTEXT,
    )
    assert item.cast == ["Zendaya"]
    assert item.field_sources["cast"] == "jsonld"


def test_a_title_with_a_year_gives_the_year_when_nothing_else_does() -> None:
    item = load_review({"work_title": [Candidate("Dune (2021)", "meta")]}, CONTEXT)
    assert (item.work_title, item.work_year) == ("Dune", 2021)
    assert item.field_sources["work_year"] == "meta"
    stated = load_review(
        {
            "work_title": [Candidate("Dune (2021)", "meta")],
            "work_year": [Candidate("2020", "jsonld")],
        },
        CONTEXT,
    )
    assert stated.work_year == 2020


def test_the_canonical_url_is_read_against_the_page_url() -> None:
    declared = load_review({"canonical_url": [Candidate("/r/dune/", "meta")]}, CONTEXT)
    assert declared.canonical_url == "https://reviews.example/r/dune"
    offsite = load_review({"canonical_url": [Candidate("https://spam.example/", "meta")]}, CONTEXT)
    assert offsite.canonical_url == "https://reviews.example/r/dune"


def test_the_site_scale_reads_bare_numbers() -> None:
    candidates = {"score": [Candidate("8", "printed")]}
    assert load_review(candidates, CONTEXT).score is None
    on_ten = loader_context("https://reviews.example/r/1", None, CRAWLED) | {"score_best": 10.0}
    score = load_review(candidates, on_ten).score
    assert score is not None
    assert score.value == 80.0


def test_a_value_offered_by_several_layers_is_read_alike_for_each() -> None:
    item = load_review(
        {
            "headline": [Candidate("<b></b>", "meta"), Candidate("Dune", "jsonld")],
            "authors": [Candidate("By Ann Lee", "printed"), Candidate("Ann Lee", "jsonld")],
            "score": [Candidate("4/5", "jsonld"), Candidate("80%", "maintext")],
        },
        CONTEXT,
    )
    assert (item.headline, item.authors) == ("Dune", ["Ann Lee"])
    # the same readings as the winners': nothing else to keep
    assert item.losers == {"headline": [Candidate("<b></b>", "meta")]}


def test_values_that_depend_on_the_page_are_read_for_each_page() -> None:
    candidates = {
        "published_at": [Candidate("2 days ago", "printed")],
        "canonical_url": [Candidate("/r/dune/", "meta")],
        "authors": [Candidate("By Ann Lee", "printed")],
    }
    first = load_review(candidates, CONTEXT)
    later = loader_context("https://other.example/r/1", None, datetime(2024, 6, 1, tzinfo=UTC))
    second = load_review(candidates, later)
    assert first.published_at == datetime(2024, 4, 29, tzinfo=UTC)
    assert second.published_at == datetime(2024, 5, 30, tzinfo=UTC)
    assert (first.canonical_url, second.canonical_url) == (
        "https://reviews.example/r/dune",
        "https://other.example/r/dune",
    )
    assert first.authors == second.authors == ["Ann Lee"]
