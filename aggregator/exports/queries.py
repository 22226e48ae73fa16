"""The rows an export reads, streamed in a stable order.

Rows come from plain Core selects with ``yield_per`` (a server-side cursor on
PostgreSQL), so memory stays flat whatever the size of the database.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeAlias

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Engine,
    Row,
    Select,
    String,
    Text,
    TypeDecorator,
    and_,
    func,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import KeyedColumnElement

from aggregator.db.models import Review, ReviewLocation, Site, Work
from aggregator.exports.times import timestamp

#: Rows fetched from the database at a time.
CHUNK = 1000


class ExportError(Exception):
    """An export that cannot run as asked (an unknown site)."""


@dataclass(frozen=True)
class Scope:
    """Which reviews an export sees (``site``) and which count as changed (``since``)."""

    since: datetime | None = None
    site: str | None = None
    site_id: int | None = None


def resolve_site(engine: Engine, scope: Scope) -> Scope:
    """The scope with the site's id filled in; an unknown site is an :class:`ExportError`."""
    if scope.site is None:
        return scope
    with engine.connect() as connection:
        names = dict(connection.execute(select(Site.name, Site.id).order_by(Site.name)).all())
    if scope.site not in names:
        known = ", ".join(names) or "none yet"
        raise ExportError(f"no reviews stored for site {scope.site!r} (known sites: {known})")
    return Scope(scope.since, scope.site, names[scope.site])


#: A row as :func:`stream` yields it: a named tuple of the query's columns.
Exported: TypeAlias = Any


def stream(engine: Engine, query: Select[Any]) -> Generator[Exported, None, None]:
    """Rows of ``query`` as named tuples; use under ``contextlib.closing`` so that a
    failure part-way closes the server-side cursor at once, not at garbage collection.

    An export reads a few dozen columns of every review, some of them several
    times: a named tuple's are read ten times as fast as a SQLAlchemy row's.
    """
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=CHUNK).execute(query)
        try:
            exported: Any = namedtuple("Exported", result.keys())  # type: ignore[misc]
            yield from map(exported._make, result)
        finally:
            result.close()


#: Review columns no export prints: identity internals, large and only read by the store.
_INTERNAL = frozenset({"minhash", "text_key", "content_digest", "etag", "last_modified"})


class _Json(TypeDecorator[Any]):
    """A JSON column read with one call a value (the generic JSON type stacks
    several processors per value, a third of an export's time on SQLite)."""

    impl = Text
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any]:  # noqa: ARG002
        # Neither the text type nor the drivers have a processor of their own to
        # wrap: the decorator's default would only add two calls a value.
        return _json_value


class _Stamp(TypeDecorator[str]):
    """A time column read as the exports print it (:func:`timestamp`): every
    output takes the text, so no time is formatted more than once a value."""

    impl = String
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any]:  # noqa: ARG002
        return _stamp_value


def _json_value(value: Any) -> Any:
    """A stored JSON value decoded; the empty ones most columns hold skip the decoder.

    PostgreSQL drivers hand over decoded values, kept as they are (no column
    holds a bare string); SQLite's text was written by ``json.dumps``, so it
    starts with the value, and the decoder need not skip white space first.

    >>> _json_value("[]"), _json_value('["a"]'), _json_value("null"), _json_value(["b"])
    ([], ['a'], None, ['b'])
    """
    if not isinstance(value, str):
        return value
    empty = _EMPTY.get(value)
    return empty() if empty else _DECODE(value)[0]


_DECODE = json.JSONDecoder().raw_decode
#: A new object per value: records may keep what they read.
_EMPTY: dict[str, Callable[[], Any]] = {"[]": list, "{}": dict, "null": lambda: None}


def _stamp_value(value: Any) -> str | None:
    """A stored time as the exports print it: SQLite's text or a driver's datetime."""
    return _stored_stamp(value) if isinstance(value, str) else timestamp(value)


@lru_cache(maxsize=4096)
def _stored_stamp(value: str) -> str | None:
    """SQLite's stored time (``2024-05-01 09:30:00.000000``, UTC, no offset), printed;
    cached, since a batch's reviews share their first-seen, last-seen and updated times.

    >>> _stored_stamp("2024-05-01 09:30:00.000000")
    '2024-05-01T09:30:00Z'
    """
    return timestamp(datetime.fromisoformat(value))


def _exported(column: KeyedColumnElement[Any]) -> Any:
    if isinstance(column.type, JSON):
        return type_coerce(column, _Json).label(column.name)
    if isinstance(column.type, DateTime):
        return type_coerce(column, _Stamp).label(column.name)
    return column


_EXPORTED = [_exported(c) for c in Review.__table__.c if c.name not in _INTERNAL]


def _review_select(*extra: Any) -> Select[Any]:
    return (
        select(*_EXPORTED, Site.name.label("site_name"), *extra)
        .join(Site, Review.site_id == Site.id)
        .outerjoin(Work, Review.work_id == Work.id)
    )


def _in_site(query: Select[Any], scope: Scope) -> Select[Any]:
    return query if scope.site_id is None else query.where(Review.site_id == scope.site_id)


def reviews(scope: Scope) -> Select[Any]:
    """Every review an export reads, by public id, once: each row says where it goes.

    ``listed``: a ``reviews.jsonl`` line (it changed since ``scope.since``, or
    was found at another place since). ``in_works``: part of its work's
    ``works.json`` entry and feed (the work changed or has a changed review,
    and every review of such a work counts, so that each entry is complete).
    """
    work = (
        Work.public_id.label("work_public_id"),
        Work.type.label("w_type"),
        Work.title.label("w_title"),
        Work.year.label("w_year"),
    )
    if scope.since is None:
        query = _review_select(*work, true().label("listed"), true().label("in_works"))
        return _in_site(query, scope).order_by(Review.public_id)
    since = scope.since
    located = select(ReviewLocation.review_id).where(ReviewLocation.first_seen_at >= since)
    listed = or_(Review.updated_at >= since, Review.id.in_(located))
    changed_works = _in_site(select(Review.work_id).where(Review.updated_at >= since), scope)
    in_works = and_(
        Review.work_id.is_not(None),
        or_(Review.work_id.in_(changed_works), Work.updated_at >= since),
    )
    query = _review_select(*work, listed.label("listed"), in_works.label("in_works"))
    return _in_site(query.where(or_(listed, in_works)), scope).order_by(Review.public_id)


def locations(engine: Engine, review_ids: list[int]) -> dict[int, list[Any]]:
    """The other places each review was found (syndicated copies, mirrors), by
    review id, oldest first: one query for a chunk of exported reviews."""
    found: dict[int, list[Any]] = {}
    if not review_ids:
        return found
    query = (
        select(
            ReviewLocation.review_id,
            ReviewLocation.url,
            Site.name.label("site_name"),
            ReviewLocation.reason,
            ReviewLocation.similarity,
            type_coerce(ReviewLocation.first_seen_at, _Stamp).label("first_seen_at"),
            type_coerce(ReviewLocation.last_seen_at, _Stamp).label("last_seen_at"),
        )
        .join(Site, ReviewLocation.site_id == Site.id)
        .where(ReviewLocation.review_id.in_(review_ids))
        .order_by(ReviewLocation.review_id, ReviewLocation.first_seen_at, ReviewLocation.url)
    )
    with engine.connect() as connection:
        for row in connection.execute(query):
            found.setdefault(row.review_id, []).append(row)
    return found


def feed_sites(engine: Engine, scope: Scope) -> list[Row[Any]]:
    """(id, name, publication) of the sites that get a feed, by name."""
    query = select(Site.id, Site.name, Site.publication).order_by(Site.name)
    if scope.site_id is not None:
        query = query.where(Site.id == scope.site_id)
    present = select(Review.site_id)
    if scope.since is not None:
        present = present.where(Review.updated_at >= scope.since)
    with engine.connect() as connection:
        return list(connection.execute(query.where(Site.id.in_(present))))


def newest(site_id: int, limit: int) -> Select[Any]:
    """A site's newest reviews (published, else first seen), newest first."""
    return (
        _review_select(Work.public_id.label("work_public_id"))
        .where(Review.site_id == site_id)
        .order_by(func.coalesce(Review.published_at, Review.first_seen_at).desc(), Review.public_id)
        .limit(limit)
    )
