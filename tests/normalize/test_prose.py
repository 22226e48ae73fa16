"""Prose mining on the review this layer was designed around, and on edge cases."""

from pathlib import Path

import pytest

from aggregator.extraction.candidates import Candidate
from aggregator.extraction.prose import prose_candidates
from aggregator.normalize import (
    clean_text,
    parse_content_rating,
    parse_runtime,
    split_list,
    split_people,
)

CAPTIONS = [
    "Pilou Asbæk and Ella Balinska in Run Sweetheart Run",
    "Director Shana Fests and Ella Balinska",
]
SEED_PARAGRAPHS = [
    "run sweetheart run Pilou Asbæk Ella Balinska",
    "Feste proves to be a competent",
    "director, one that Blumhouse Productions should consider investing in. Technically, Feste "
    "holds firm with solid directing, placing the camera in the right places to catch Ella "
    "Balinska’s raw performance.",
    "Despite a fumble with the narrative’s execution, Run Sweetheart Run has one undeniable win: "
    "Ella Balinska. Her chemistry with Pilou Asbæk is palpable.",
    "After stellar work on Oz Perkins’ Gretel & Hansel, Robin Coudert flexes his skills.",
    "With Blumhouse as the main lure and the accessibility of Prime Video, Run Sweetheart Run "
    "will get a good run as people hunger for new horror.",
    "Run Sweetheart Run is currently streaming on Prime Video. It is 103 minutes long and rated R "
    "for horror violence, bloody images, language, sexual references and brief nudity.",
    "WATCH RUN Sweetheart RUN",
]
SEED_FILE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "run-sweetheart-run.txt"
)


def _seed_texts() -> list[str]:
    texts = ["\n\n".join(SEED_PARAGRAPHS)]
    if SEED_FILE.is_file():
        texts.append(SEED_FILE.read_text(encoding="utf-8"))
    return texts


def _first(found: dict[str, list[Candidate]], field: str) -> object:
    return found[field][0].value


@pytest.mark.parametrize("body", _seed_texts())
@pytest.mark.parametrize("captions_in_body", [False, True])
def test_seed_review(body: str, captions_in_body: bool) -> None:
    if captions_in_body:
        parts = body.split("\n\n")
        found = prose_candidates(
            "\n\n".join([parts[0], CAPTIONS[0], *parts[1:2], CAPTIONS[1], *parts[2:]])
        )
    else:
        found = prose_candidates(body, captions=CAPTIONS)
    assert all(c.source == "prose" for values in found.values() for c in values)
    assert parse_runtime(_first(found, "runtime_minutes")) == 103  # type: ignore[arg-type]
    rating = parse_content_rating(_first(found, "content_rating"))  # type: ignore[arg-type]
    assert rating is not None
    assert (rating.system, rating.certificate) == ("MPA", "R")
    assert rating.reasons == (
        "horror violence",
        "bloody images",
        "language",
        "sexual references",
        "brief nudity",
    )
    assert split_people(_first(found, "cast")) == ["Pilou Asbæk", "Ella Balinska"]  # type: ignore[arg-type]
    assert "Prime Video" in split_list(_first(found, "platforms"))  # type: ignore[arg-type]
    assert clean_text(_first(found, "work_title")) == "Run Sweetheart Run"
    # The caption misspells her name ("Shana Fests"); the text says "Feste" throughout.
    assert _first(found, "directors") == ["Shana Feste"]


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("The film runs 98 minutes.", "runtime_minutes", "98 minutes"),
        (
            "It has a running time of 2 hours and 5 minutes.",
            "runtime_minutes",
            "2 hours and 5 minutes",
        ),
        ("Runtime: 1h 43m", "runtime_minutes", "1h 43m"),
        ("It boasts a 103-minute running time.", "runtime_minutes", "103"),
        (
            "The movie is rated PG-13 for some violence. Go see it.",
            "content_rating",
            "rated PG-13 for some violence",
        ),
        ("The series is rated TV-MA.", "content_rating", "rated TV-MA"),
        (
            "A thriller starring Tom Hanks, Meg Ryan and Bill Pullman, it",
            "cast",
            ["Tom Hanks", "Meg Ryan", "Bill Pullman"],
        ),
        ("Ella Balinska stars as Cherie, a young lawyer.", "cast", ["Ella Balinska"]),
        (
            "The film was directed by Shana Feste and produced by Blumhouse.",
            "directors",
            ["Shana Feste"],
        ),
        ("Director Shana Feste, who co-wrote it, keeps it tight.", "directors", ["Shana Feste"]),
        ("Director Shana Fests and Ella Balinska", "directors", ["Shana Fests"]),
        (
            "It is directed by Daniel Kwan and Daniel Scheinert, and stars Michelle Yeoh.",
            "directors",
            ["Daniel Kwan", "Daniel Scheinert"],
        ),
        (
            "Nope is directed by Jordan Peele and stars Daniel Kaluuya, Keke Palmer and "
            "Steven Yeun.",
            "cast",
            ["Daniel Kaluuya", "Keke Palmer", "Steven Yeun"],
        ),
        (
            "The film stars Benicio del Toro and Léa Seydoux. It is long.",
            "cast",
            ["Benicio del Toro", "Léa Seydoux"],
        ),
        (
            "It stars Samuel L. Jackson and Robert Downey Jr. in a caper.",
            "cast",
            ["Samuel L. Jackson", "Robert Downey Jr."],
        ),
        ("It is now on Netflix.", "platforms", ["Netflix"]),
        (
            "Available on PlayStation 5, Xbox Series X|S and PC.",
            "platforms",
            ["PlayStation 5", "Xbox Series X|S", "PC"],
        ),
        ("Out now in theaters.", "platforms", ["Theaters"]),
    ],
)
def test_prose_snippets(text: str, field: str, expected: object) -> None:
    assert _first(prose_candidates(text), field) == expected


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("The first 20 minutes are slow.", "runtime_minutes"),
        ("A highly rated film.", "content_rating"),
        ("Feste proves to be a competent director, one that Blumhouse should keep.", "directors"),
        ("I watched it on my couch.", "platforms"),
    ],
)
def test_prose_precision(text: str, field: str) -> None:
    assert field not in prose_candidates(text)


def test_headline_title() -> None:
    found = prose_candidates(None, headline="‘Run Sweetheart Run’ review: a fierce chase")
    assert _first(found, "work_title") == "Run Sweetheart Run"
    assert _first(prose_candidates("", headline="Dune review: sand"), "work_title") == "Dune"
    assert prose_candidates(None) == {}
