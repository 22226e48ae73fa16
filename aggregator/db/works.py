"""Which stored work a review is about: spelling, type, year and credits decide.

Rules, in order (the README's "Identity" section explains them for users):

1. Titles are compared by :func:`aggregator.identity.title_key` (case,
   punctuation, diacritics, leading articles and "The Movie" suffixes folded).
2. The type must agree, unless one side does not know it.
3. Years within one of each other agree (festival vs release year); a review
   that gives no year agrees with any.
4. Credits must not contradict: when both the work and the review name
   directors or cast, they share at least one name.
5. When several works still fit ("Dune" without a year: 1984 or 2021?), the
   one sharing the most directors and cast with the review wins; with no
   overlap the review gets a work of its own rather than a wrong merge.
6. A title with a subtitle ("Dune: Part One") matches its short form
   ("Dune") only with a year that agrees and at least one shared credit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, or_, select, update

from aggregator.db.dialect import dialect_insert
from aggregator.db.models import Person, Work, WorkCredit
from aggregator.identity import person_key, public_id, title_key, work_key
from aggregator.items import ReviewItem

logger = logging.getLogger(__name__)

#: Where a subtitle starts: "Dune: Part One", "Mission – Impossible", "Alien - Romulus".
_SUBTITLE = re.compile(r"\s*[:–—]\s+|\s+-\s+")


@dataclass(frozen=True)
class KnownWork:
    id: int
    type: str
    year: int | None
    title_key: str
    people: frozenset[str] = frozenset()


def resolve_work(connection: Connection, item: ReviewItem, now: datetime) -> int | None:
    """The id of the item's work, created when no stored work fits."""
    tkey = title_key(item.work_title or "")
    if not tkey:
        return None
    people = frozenset(person_key(name) for name in [*item.directors, *item.cast])
    known = _known_works(connection, tkey, title_key(_SUBTITLE.split(item.work_title or "")[0]))
    match = choose_work(known, tkey, item.work_type, item.work_year, people)
    if match is None:
        work_id = _create_work(connection, item, tkey, now)
    else:
        work_id = match.id
        if match.year is None and item.work_year is not None:
            _fill_year(connection, match, item, now)
    add_credits(connection, work_id, item)
    return work_id


def choose_work(
    known: Sequence[KnownWork],
    tkey: str,
    work_type: str | None,
    year: int | None,
    people: frozenset[str],
) -> KnownWork | None:
    """Pick the stored work that a review of (title, type, year, people) is about.

    >>> dune84 = KnownWork(1, "movie", 1984, "dune", frozenset({"david lynch"}))
    >>> dune21 = KnownWork(2, "movie", 2021, "dune", frozenset({"denis villeneuve"}))
    >>> choose_work([dune84, dune21], "dune", "movie", None, frozenset({"denis villeneuve"})).id
    2
    >>> choose_work([dune84, dune21], "dune", "movie", None, frozenset()) is None
    True
    >>> choose_work([dune84], "dune", "movie", None, frozenset({"denis villeneuve"})) is None
    True
    >>> choose_work([dune21], "dune part one", "movie", 2021, frozenset({"denis villeneuve"})).id
    2
    """
    fitting = [
        w
        for w in known
        if _types_agree(w.type, work_type)
        and _years_agree(w.year, year)
        and _credits_agree(w.people, people)
    ]
    exact = [w for w in fitting if w.title_key == tkey]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return _by_credits(exact, people) or _by_year(exact, year)
    subtitled = [w for w in fitting if w.title_key != tkey and w.people & people]
    return _by_credits(subtitled, people)


def _credits_agree(known: frozenset[str], wanted: frozenset[str]) -> bool:
    """Two credit lists with no name in common are two works (or too unsure to merge)."""
    return not known or not wanted or bool(known & wanted)


def _types_agree(known: str, wanted: str | None) -> bool:
    return wanted in (None, "other") or known in (wanted, "other")


def _years_agree(known: int | None, wanted: int | None) -> bool:
    return known is None or wanted is None or abs(known - wanted) <= 1


def _by_credits(works: Sequence[KnownWork], people: frozenset[str]) -> KnownWork | None:
    """The work sharing the most credits, if one shares strictly more than the rest."""
    scored = sorted(((len(w.people & people), w.id, w) for w in works), reverse=True)
    if not scored or scored[0][0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][2]


def _by_year(works: Sequence[KnownWork], year: int | None) -> KnownWork | None:
    """With a known year, the work with exactly that year; otherwise undecided."""
    same = [w for w in works if year is not None and w.year == year]
    if len(same) == 1:
        return same[0]
    logger.info("Ambiguous work (%d candidates); keeping the review's work apart", len(works))
    return None


def _known_works(connection: Connection, tkey: str, short: str) -> list[KnownWork]:
    """Works with this title key, its short form, or a subtitled form of it."""
    rows = connection.execute(
        select(Work.id, Work.type, Work.year, Work.title_key).where(
            or_(
                Work.title_key == tkey,
                Work.title_key == short,
                Work.title_key.like(f"{tkey} %"),
            )
        )
    ).all()
    credits: dict[int, set[str]] = {row.id: set() for row in rows}
    if credits:
        query = (
            select(WorkCredit.work_id, Person.key)
            .join(Person, Person.id == WorkCredit.person_id)
            .where(WorkCredit.work_id.in_(credits))
        )
        for work_id, key in connection.execute(query):
            credits[work_id].add(key)
    return [
        KnownWork(row.id, row.type, row.year, row.title_key, frozenset(credits[row.id]))
        for row in rows
    ]


def _create_work(connection: Connection, item: ReviewItem, tkey: str, now: datetime) -> int:
    wtype = item.work_type or "other"
    key = work_key(wtype, tkey, item.work_year)
    row = {
        "key": key,
        "title_key": tkey,
        "type": wtype,
        "title": item.work_title,
        "year": item.work_year,
        "created_at": now,
        "updated_at": now,
    }
    # Another process may create the same work at the same moment: the unique key
    # decides, and both then read the one row. A public id is kept for life, so
    # a work that learnt its year may hold the id this key would get: then the
    # next id in the key's sequence is used.
    for attempt in range(1, 100):
        ident = public_id("w", key if attempt == 1 else f"{key}#{attempt}")
        statement = dialect_insert(connection, Work).on_conflict_do_nothing()
        connection.execute(statement, row | {"public_id": ident})
        found = connection.execute(select(Work.id).where(Work.key == key)).first()
        if found is not None:
            return int(found.id)
    raise RuntimeError(f"no free public id for work {key!r}")


def _fill_year(connection: Connection, work: KnownWork, item: ReviewItem, now: datetime) -> None:
    """A work first seen without a year learns it; its public id stays the same."""
    key = work_key(work.type, work.title_key, item.work_year)
    taken = connection.execute(select(Work.id).where(Work.key == key)).first()
    if taken is None:
        connection.execute(
            update(Work)
            .where(Work.id == work.id)
            .values(year=item.work_year, key=key, updated_at=now)
        )


def add_credits(connection: Connection, work_id: int, item: ReviewItem) -> None:
    """Link the review's directors and cast to the work (people matched by name key)."""
    credits = {
        (person_key(name), name, role)
        for role, names in (("director", item.directors), ("cast", item.cast))
        for name in names
        if person_key(name)
    }
    if not credits:
        return
    people = {key: name for key, name, _ in sorted(credits)}
    connection.execute(
        dialect_insert(connection, Person).on_conflict_do_nothing(index_elements=["key"]),
        [{"key": key, "name": name} for key, name in people.items()],
    )
    found = connection.execute(select(Person.key, Person.id).where(Person.key.in_(people)))
    ids = {key: person_id for key, person_id in found}
    rows = sorted({(ids[key], role) for key, _, role in credits})
    connection.execute(
        dialect_insert(connection, WorkCredit).on_conflict_do_nothing(
            index_elements=["work_id", "person_id", "role"]
        ),
        [{"work_id": work_id, "person_id": p, "role": r} for p, r in rows],
    )
