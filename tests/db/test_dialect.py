"""Rows and values passed as one parameter, and bulk inserts, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from aggregator.db.dialect import any_of, insert_rows, row_table
from aggregator.db.models import Person, Site


def test_insert_rows_skips_conflicts_and_keeps_the_first(engine: Engine) -> None:
    rows = [{"key": "ann smith", "name": "Ann Smith"}, {"key": "bo", "name": "Bo"}]
    with engine.begin() as connection:
        insert_rows(connection, Person, rows[:1], skip_conflicts_on=["key"])
        again = [*rows, {"key": "ann smith", "name": "ANN SMITH"}]
        insert_rows(connection, Person, again, skip_conflicts_on=["key"])
        insert_rows(connection, Person, [], skip_conflicts_on=["key"])
        stored = connection.execute(select(Person.key, Person.name).order_by(Person.key)).all()
    assert [tuple(row) for row in stored] == [("ann smith", "Ann Smith"), ("bo", "Bo")]


def test_insert_rows_stores_times_and_nulls(engine: Engine) -> None:
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    rows = [{"name": "a", "publication": None, "created_at": when}]
    with engine.begin() as connection:
        insert_rows(connection, Site, rows)
        name, publication, created = connection.execute(
            select(Site.name, Site.publication, Site.created_at)
        ).one()
    assert (name, publication) == ("a", None)
    assert created.replace(tzinfo=UTC) == when


def test_a_row_table_joins_like_a_table(engine: Engine) -> None:
    people = [{"key": f"p{n}", "name": f"P{n}"} for n in range(5)]
    with engine.begin() as connection:
        insert_rows(connection, Person, people)
        wanted = row_table(
            connection, Person, ["key", "name"], [("p1", "P1"), ("p3", "x"), ("q", "Q")]
        )
        query = select(Person.key).join(
            wanted, (Person.key == wanted.c.key) & (Person.name == wanted.c.name)
        )
        assert connection.execute(query).scalars().all() == ["p1"]


def test_any_of_is_in(engine: Engine) -> None:
    with engine.begin() as connection:
        insert_rows(connection, Person, [{"key": f"p{n}", "name": f"P{n}"} for n in range(5)])
        query = select(Person.key).order_by(Person.key)
        assert connection.execute(
            query.where(any_of(connection, Person.key, ["p4", "p0", "z"]))
        ).scalars().all() == ["p0", "p4"]
        assert connection.execute(query.where(any_of(connection, Person.key, []))).all() == []
