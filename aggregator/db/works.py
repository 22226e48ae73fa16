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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, bindparam, or_, select, update

from aggregator.db.dialect import any_of, insert_rows
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


@dataclass
class _Work:
    """A work as the batch sees it: stored, or created by an earlier review of the batch."""

    ref: int  # the row id, or a negative placeholder until the batch is written
    public_id: str
    key: str
    type: str
    year: int | None
    title_key: str
    title: str | None
    people: set[str] = field(default_factory=set)

    def known(self) -> KnownWork:
        return KnownWork(self.ref, self.type, self.year, self.title_key, frozenset(self.people))


class WorkBatch:
    """Works of a whole batch: candidates read in a few queries, decided in memory in
    the batch's order (so a review sees the works that earlier reviews created,
    dated or credited, as it would one by one), then written set-based."""

    def __init__(self, connection: Connection, items: Sequence[ReviewItem]) -> None:
        self._works: dict[int, _Work] = {}
        self._by_key: dict[str, _Work] = {}
        self._public_ids: set[str] = set()
        self._created: list[_Work] = []
        self._dated: dict[int, _Work] = {}
        self._people: dict[str, str] = {}  # person key -> name first written
        self._credits: dict[tuple[int, str, str], None] = {}  # (work ref, person key, role)
        for work in _load(connection, items):
            self._remember(work)

    def _remember(self, work: _Work) -> None:
        self._works[work.ref] = work
        self._by_key[work.key] = work
        self._public_ids.add(work.public_id)

    def resolve(self, item: ReviewItem) -> int | None:
        """The item's work (a placeholder for a new one until :meth:`write`)."""
        tkey = title_key(item.work_title or "")
        if not tkey:
            return None
        people = frozenset(person_key(name) for name in [*item.directors, *item.cast])
        short = _short_key(item.work_title)
        known = [
            w.known()
            for w in self._works.values()
            if w.title_key in (tkey, short) or w.title_key.startswith(f"{tkey} ")
        ]
        match = choose_work(known, tkey, item.work_type, item.work_year, people)
        if match is None:
            work = self._create(item, tkey)
        else:
            work = self._works[match.id]
            if work.year is None and item.work_year is not None:
                self._fill_year(work, item.work_year)
        self._add_credits(work, item)
        return work.ref

    def _create(self, item: ReviewItem, tkey: str) -> _Work:
        wtype = item.work_type or "other"
        key = work_key(wtype, tkey, item.work_year)
        if key in self._by_key:  # the unique key decides: same key, same work
            return self._by_key[key]
        # A public id is kept for life, so a work that learnt its year may hold
        # the id this key would get: then the next id in the key's sequence is used.
        idents = (public_id("w", key if n == 1 else f"{key}#{n}") for n in range(1, 100))
        ident = next((i for i in idents if i not in self._public_ids), None)
        if ident is None:
            raise RuntimeError(f"no free public id for work {key!r}")
        ref = -1 - len(self._created)
        work = _Work(ref, ident, key, wtype, item.work_year, tkey, item.work_title)
        self._created.append(work)
        self._remember(work)
        return work

    def _fill_year(self, work: _Work, year: int) -> None:
        """A work first seen without a year learns it; its public id stays the same."""
        key = work_key(work.type, work.title_key, year)
        if key in self._by_key:
            return
        del self._by_key[work.key]
        work.key, work.year = key, year
        self._by_key[key] = work
        if work.ref > 0:
            self._dated[work.ref] = work

    def _add_credits(self, work: _Work, item: ReviewItem) -> None:
        """Link the review's directors and cast to the work (people matched by name key)."""
        credits = sorted(
            {
                (person_key(name), name, role)
                for role, names in (("director", item.directors), ("cast", item.cast))
                for name in names
                if person_key(name)
            }
        )
        for key, name in {key: name for key, name, _ in credits}.items():
            self._people.setdefault(key, name)
        for key, _, role in credits:
            self._credits[(work.ref, key, role)] = None
            work.people.add(key)

    def write(self, connection: Connection, now: datetime) -> dict[int, int]:
        """Store what the batch decided; returns work ref -> row id."""
        ids = {ref: ref for ref in self._works if ref > 0}
        if self._dated:  # before the inserts: a new work may take a key a dated one left
            connection.execute(
                update(Work).where(Work.id == bindparam("b_id")),
                [
                    {"b_id": w.ref, "year": w.year, "key": w.key, "updated_at": now}
                    for w in self._dated.values()
                ],
            )
        if self._created:
            rows = [
                {"key": w.key, "title_key": w.title_key, "type": w.type, "title": w.title,
                 "year": w.year, "public_id": w.public_id, "created_at": now, "updated_at": now}
                for w in self._created
            ]  # fmt: skip
            insert_rows(connection, Work, rows)
            new_ids = _ids_by_key(connection, Work, [w.key for w in self._created])
            ids |= {w.ref: new_ids[w.key] for w in self._created}
        self._write_credits(connection, ids)
        return ids

    def _write_credits(self, connection: Connection, ids: dict[int, int]) -> None:
        if not self._credits:
            return
        insert_rows(
            connection,
            Person,
            [{"key": key, "name": name} for key, name in self._people.items()],
            skip_conflicts_on=["key"],
        )
        people = _ids_by_key(connection, Person, list(self._people))
        insert_rows(
            connection,
            WorkCredit,
            [
                {"work_id": ids[ref], "person_id": people[key], "role": role}
                for ref, key, role in self._credits
            ],
            skip_conflicts_on=["work_id", "person_id", "role"],
        )


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


#: Values in one ``IN (...)`` list (SQLite allows 32,766 parameters a statement).
CHUNK = 500


def _short_key(title: str | None) -> str:
    return title_key(_SUBTITLE.split(title or "")[0])


def _load(connection: Connection, items: Sequence[ReviewItem]) -> list[_Work]:
    """Stored works with the batch's title keys, their short forms or subtitled forms."""
    tkeys = sorted({k for k in (title_key(item.work_title or "") for item in items) if k})
    exact = sorted(set(tkeys) | {_short_key(item.work_title) for item in items})
    found: dict[int, Row[Any]] = {}
    columns = (Work.id, Work.public_id, Work.key, Work.type, Work.year, Work.title_key)
    for start in range(0, max(len(exact), len(tkeys)), CHUNK):
        prefixes = [_subtitled(connection, key) for key in tkeys[start : start + CHUNK]]
        query = select(*columns).where(
            or_(any_of(connection, Work.title_key, exact[start : start + CHUNK]), *prefixes)
        )
        found |= {row.id: row for row in connection.execute(query)}
    credits: dict[int, set[str]] = {work_id: set() for work_id in found}
    ids = sorted(found)
    for start in range(0, len(ids), CHUNK):
        credited = (
            select(WorkCredit.work_id, Person.key)
            .join(Person, Person.id == WorkCredit.person_id)
            .where(any_of(connection, WorkCredit.work_id, ids[start : start + CHUNK]))
        )
        for work_id, key in connection.execute(credited):
            credits[work_id].add(key)
    return [
        _Work(r.id, r.public_id, r.key, r.type, r.year, r.title_key, None, credits[r.id])
        for r in found.values()
    ]


def _subtitled(connection: Connection, tkey: str) -> ColumnElement[bool]:
    """Title keys starting with ``tkey`` and a space (a subtitled form).

    Title keys are lower-case ASCII letters, digits and single spaces, so on
    SQLite (byte order) the prefix is a range its index serves, unlike ``LIKE``
    (case-insensitive there); PostgreSQL serves ``LIKE 'x %'`` from the index in
    a C locale and stays correct in any other.
    """
    if connection.dialect.name == "sqlite":
        return and_(Work.title_key > f"{tkey} ", Work.title_key < f"{tkey}!")
    return Work.title_key.like(f"{tkey} %")


def _ids_by_key(
    connection: Connection, model: type[Work] | type[Person], keys: list[str]
) -> dict[str, int]:
    """Key -> id of the given rows: one query per chunk, where ``INSERT … RETURNING``
    in order took a statement per row."""
    ids: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        query = select(model.key, model.id).where(
            any_of(connection, model.key, keys[start : start + CHUNK])
        )
        ids |= {key: row_id for key, row_id in connection.execute(query)}
    return ids
