"""Copy detection: a stored review with the same or nearly the same text, found by ``CopyIndex``."""

from __future__ import annotations

from sqlalchemy import Engine, select

from aggregator.db.copies import CopyIndex, text_of
from aggregator.db.models import Review
from aggregator.db.store import ReviewStore
from aggregator.similarity import signature, text_key
from tests.factories import review

TEXT = (
    "Denis Villeneuve's Dune is a vast, patient film about a boy who learns that "
    "the desert was never his to inherit. The sound shakes the seats, the sand "
    "moves like water, and Rebecca Ferguson gives the film its heart. Some will "
    "find the pace glacial; I found it hypnotic, a spice trance of a blockbuster "
    "that trusts its audience to wait for the worms. Part Two cannot come soon enough."
)


def lookup(engine: Engine, text: str | None) -> tuple[int, str, float] | None:
    wanted = text_of(text_key(text), signature(text))
    with engine.connect() as connection:
        return CopyIndex.load(connection, [wanted]).find(wanted)


def stored_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(Review.id)).scalar_one())


def test_nothing_stored_is_no_copy(engine: Engine) -> None:
    assert lookup(engine, TEXT) is None


def test_the_same_text_is_an_exact_copy(engine: Engine) -> None:
    ReviewStore(engine).write([review("dune", body_text=TEXT)])
    reformatted = TEXT.upper().replace(". ", ".\n\n  ")
    assert lookup(engine, reformatted) == (stored_id(engine), "exact_text", 1.0)


def test_a_lightly_edited_text_is_a_near_copy(engine: Engine) -> None:
    ReviewStore(engine).write([review("dune", body_text=TEXT)])
    edited = TEXT.replace("Part Two cannot come soon enough.", "Roll on Part Two.")
    found = lookup(engine, edited)
    assert found is not None
    review_id, reason, similarity = found
    assert (review_id, reason) == (stored_id(engine), "near_text")
    assert 0.5 < similarity < 1.0


def test_another_review_is_no_copy(engine: Engine) -> None:
    ReviewStore(engine).write([review("dune", body_text=TEXT)])
    other = (
        "Barbie is a candy-coloured comedy about a doll who discovers mortality, "
        "cellulite and the patriarchy in one bewildering week in Los Angeles. Greta "
        "Gerwig keeps the jokes coming and Ryan Gosling steals every scene he is in."
    )
    assert lookup(engine, other) is None


def test_without_text_only_the_key_is_compared(engine: Engine) -> None:
    ReviewStore(engine).write([review("dune", body_text=TEXT)])
    nothing, key_only = text_of(None, None), text_of(text_key(TEXT), None)
    with engine.connect() as connection:
        index = CopyIndex.load(connection, [nothing, key_only])
    assert index.find(nothing) is None
    assert index.find(key_only) == (stored_id(engine), "exact_text", 1.0)
