"""Batched upserts on SQLite and PostgreSQL: one row per review, one work per film."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from aggregator.db.models import Person, Review, Work, WorkCredit
from aggregator.db.store import BatchResult, ReviewStore
from aggregator.normalize import Score
from tests.factories import review


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_new_then_unchanged_then_updated(engine: Engine) -> None:
    store = ReviewStore(engine)
    items = [review("dune"), review("tar", work_year=2022), review("barbie", work_year=2023)]
    assert store.write(items) == BatchResult(new=3)
    assert store.write(items) == BatchResult(unchanged=3)
    changed = review("dune", score=Score("3/5", 60.0, 5.0))
    assert store.write([changed]) == BatchResult(updated=1)
    assert count(engine, Review) == 3
    with engine.connect() as connection:
        value = connection.execute(select(Review.score_value).where(Review.work_title == "Dune"))
        assert value.scalar_one() == 60.0


def test_same_url_twice_in_one_batch_is_one_row(engine: Engine) -> None:
    assert ReviewStore(engine).write([review("dune"), review("dune")]) == BatchResult(new=1)
    assert count(engine, Review) == 1


def test_works_match_spellings_and_keep_remakes_apart(engine: Engine) -> None:
    store = ReviewStore(engine)
    store.write(
        [
            review("a", work_title="Run Sweetheart Run", work_year=2022),
            review("b", work_title="Run, Sweetheart, Run", work_year=None),
            review("c", work_title="RUN SWEETHEART RUN", work_year=2022),
            review("d", work_title="Dune", work_year=1984),
            review("e", work_title="Dune", work_year=2021),
            review("f", work_title="Dune", work_year=2021, work_type="tv"),
        ]
    )
    with engine.connect() as connection:
        works = connection.execute(select(Work.title_key, Work.type, Work.year)).all()
    assert sorted((k, t, y) for k, t, y in works) == [
        ("dune", "movie", 1984),
        ("dune", "movie", 2021),
        ("dune", "tv", 2021),
        ("run sweetheart run", "movie", 2022),
    ]


def test_work_first_seen_without_year_learns_it_and_keeps_its_id(engine: Engine) -> None:
    store = ReviewStore(engine)
    store.write([review("a", work_title="Tár", work_year=None)])
    with engine.connect() as connection:
        first_id = connection.execute(select(Work.public_id)).scalar_one()
    store.write([review("b", work_title="Tar", work_year=2022)])
    with engine.connect() as connection:
        rows = connection.execute(select(Work.public_id, Work.year)).all()
    assert [(r.public_id, r.year) for r in rows] == [(first_id, 2022)]


def test_credits_are_people_linked_to_works(engine: Engine) -> None:
    store = ReviewStore(engine)
    store.write([review("dune"), review("dune-2", work_title="Dune", url="https://x.example/d")])
    assert count(engine, Person) == 3
    assert count(engine, WorkCredit) == 3
