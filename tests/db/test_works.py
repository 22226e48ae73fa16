"""Which work a review is about: `choose_work` on known works, `WorkBatch` in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from aggregator.db.models import Person, Work, WorkCredit
from aggregator.db.works import KnownWork, WorkBatch, choose_work
from tests.factories import review

NOW = datetime(2024, 5, 1, tzinfo=UTC)
LYNCH = frozenset({"david lynch"})
VILLENEUVE = frozenset({"denis villeneuve"})
DUNE84 = KnownWork(1, "movie", 1984, "dune", LYNCH)
DUNE21 = KnownWork(2, "movie", 2021, "dune", VILLENEUVE)
DUNE_TV = KnownWork(3, "tv", 2021, "dune", frozenset())
UNDATED = KnownWork(4, "other", None, "dune", frozenset())


@pytest.mark.parametrize(
    ("known", "title", "kind", "year", "people", "chosen"),
    [
        ([DUNE84, DUNE21], "dune", "movie", 2021, frozenset(), 2),
        ([DUNE84, DUNE21], "dune", "movie", 2022, frozenset(), 2),  # festival vs release year
        ([DUNE84, DUNE21], "dune", "movie", None, LYNCH, 1),
        ([DUNE84, DUNE21], "dune", "movie", None, frozenset(), None),  # ambiguous: kept apart
        ([DUNE21, DUNE_TV], "dune", "tv", 2021, frozenset(), 3),
        ([DUNE21], "dune", "tv", 2021, frozenset(), None),  # types disagree
        ([DUNE21], "dune", None, 2021, frozenset(), 2),  # an unknown type agrees
        ([UNDATED], "dune", "book", 1965, frozenset(), 4),  # "other", no year: agrees
        ([DUNE21], "dune", "movie", 2021, LYNCH, None),  # credits contradict
        ([DUNE21], "dune", "movie", 1984, VILLENEUVE, None),  # years too far apart
        ([DUNE21], "dune part one", "movie", 2021, VILLENEUVE, 2),  # subtitle + credit
        ([DUNE21], "dune part one", "movie", 2021, frozenset(), None),  # subtitle alone
        ([], "dune", "movie", 2021, VILLENEUVE, None),
    ],
)
def test_choose_work(
    known: list[KnownWork],
    title: str,
    kind: str | None,
    year: int | None,
    people: frozenset[str],
    chosen: int | None,
) -> None:
    match = choose_work(known, title, kind, year, people)
    assert (match.id if match else None) == chosen


def resolve(engine: Engine, **fields: Any) -> int | None:
    """The stored work id of one review's work, resolved and written as a batch of one."""
    item = review(**fields)
    with engine.begin() as connection:
        works = WorkBatch(connection, [item])
        ref = works.resolve(item)
        ids = works.write(connection, NOW)
    return None if ref is None else ids[ref]


def test_a_new_title_creates_a_work_with_its_credits(engine: Engine) -> None:
    work_id = resolve(engine, work_title="Dune", work_year=2021)
    assert work_id is not None
    with engine.connect() as connection:
        columns = (Work.title, Work.title_key, Work.type, Work.year, Work.public_id)
        work = connection.execute(select(*columns).where(Work.id == work_id)).one()
        credits = connection.execute(
            select(Person.name, WorkCredit.role).join(Person, Person.id == WorkCredit.person_id)
        ).all()
    assert (work.title, work.title_key, work.type, work.year) == ("Dune", "dune", "movie", 2021)
    assert work.public_id
    assert sorted(credits) == [
        ("Denis Villeneuve", "director"),
        ("Timothée Chalamet", "cast"),
        ("Zendaya", "cast"),
    ]


def test_spellings_of_one_film_resolve_to_one_work(engine: Engine) -> None:
    first = resolve(engine, work_title="Run Sweetheart Run", work_year=2022)
    assert resolve(engine, work_title="Run, Sweetheart, Run!", work_year=2022) == first
    assert resolve(engine, work_title="RUN SWEETHEART RUN", work_year=None) == first


def test_remakes_and_other_types_get_works_of_their_own(engine: Engine) -> None:
    lynch = resolve(engine, work_year=1984, directors=["David Lynch"], cast=[])
    villeneuve = resolve(engine, work_year=2021)
    series = resolve(engine, work_year=2021, work_type="tv", directors=[], cast=[])
    assert len({lynch, villeneuve, series}) == 3
    assert resolve(engine, work_year=None, directors=["David Lynch"], cast=[]) == lynch


def test_a_subtitled_title_joins_its_short_form_with_a_shared_credit(engine: Engine) -> None:
    dune = resolve(engine, work_title="Dune", work_year=2021)
    assert resolve(engine, work_title="Dune: Part One", work_year=2021) == dune
    stranger = resolve(engine, work_title="Dune: Part One", directors=["Nobody Else"], cast=[])
    assert stranger != dune


def test_a_work_without_a_year_learns_it(engine: Engine) -> None:
    undated = resolve(engine, work_title="Tár", work_year=None)
    assert resolve(engine, work_title="Tar", work_year=2022) == undated
    with engine.connect() as connection:
        assert connection.execute(select(Work.year)).scalars().all() == [2022]


def test_no_title_means_no_work(engine: Engine) -> None:
    assert resolve(engine, work_title=None) is None
    assert resolve(engine, work_title=" !? ") is None
    with engine.connect() as connection:
        assert connection.execute(select(Work.id)).first() is None
