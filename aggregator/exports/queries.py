"""The rows an export reads, streamed in a stable order.

Rows come from plain Core selects with ``yield_per`` (a server-side cursor on
PostgreSQL), so memory stays flat whatever the size of the database.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

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
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import KeyedColumnElement

from aggregator.db.models import Review, ReviewLocation, Site, Work

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


def stream(engine: Engine, query: Select[Any]) -> Generator[Row[Any], None, None]:
    """Rows of ``query``; use under ``contextlib.closing`` so that a failure
    part-way closes the server-side cursor at once, not at garbage collection."""
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=CHUNK).execute(query)
        try:
            yield from result
        finally:
            result.close()


#: Review columns no export prints: identity internals, large and only read by the store.
_INTERNAL = frozenset({"minhash", "text_key", "content_digest", "etag", "last_modified"})


class _Json(TypeDecorator[Any]):
    """A JSON column read with one decoder call (the generic JSON type stacks
    several processors per value, a third of an export's time on SQLite)."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:  # noqa: ARG002
        # PostgreSQL drivers may hand over decoded values; no column holds a bare string.
        return _DECODE(value) if isinstance(value, str) else value


class _Time(TypeDecorator[datetime]):
    """A time column; SQLite's text is parsed once per distinct value (a batch's
    reviews share their first-seen, last-seen and updated times)."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        return _parse_time(value) if isinstance(value, str) else value


_DECODE = json.JSONDecoder().decode


@lru_cache(maxsize=4096)
def _parse_time(value: str) -> datetime:
    """SQLite's stored time (``2024-05-01 09:30:00.000000``, UTC, no offset)."""
    return datetime.fromisoformat(value)


def _exported(column: KeyedColumnElement[Any]) -> Any:
    if isinstance(column.type, JSON):
        return type_coerce(column, _Json).label(column.name)
    if isinstance(column.type, DateTime):
        return type_coerce(column, _Time).label(column.name)
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
    """Reviews in scope that changed since ``scope.since``, by public id."""
    query = _in_site(_review_select(Work.public_id.label("work_public_id")), scope)
    if scope.since is not None:
        query = query.where(Review.updated_at >= scope.since)
    return query.order_by(Review.public_id)


def work_reviews(scope: Scope) -> Select[Any]:
    """Reviews of works, grouped by work (works by public id).

    With ``since``, only works that changed or have a changed review, each
    with all its reviews in scope, so every entry is complete.
    """
    query = _in_site(
        _review_select(
            Work.public_id.label("work_public_id"),
            Work.type.label("w_type"),
            Work.title.label("w_title"),
            Work.year.label("w_year"),
        ).where(Review.work_id.is_not(None)),
        scope,
    )
    if scope.since is not None:
        changed = _in_site(select(Review.work_id).where(Review.updated_at >= scope.since), scope)
        query = query.where(or_(Review.work_id.in_(changed), Work.updated_at >= scope.since))
    return query.order_by(Work.public_id, Review.public_id)


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
            type_coerce(ReviewLocation.first_seen_at, _Time).label("first_seen_at"),
            type_coerce(ReviewLocation.last_seen_at, _Time).label("last_seen_at"),
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
