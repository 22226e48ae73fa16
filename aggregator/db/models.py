"""SQLAlchemy 2.x typed models. The schema itself is created by Alembic migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    publication: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


class Work(Base):
    """A reviewed film, show, game, book or album."""

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable public id, derived from the identity key; survives re-crawls and re-exports.
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    #: Identity key: type, normalised title and year (see aggregator.identity).
    key: Mapped[str] = mapped_column(String(400), unique=True)
    #: Normalised title (case, punctuation, diacritics, articles folded) for matching.
    title_key: Mapped[str] = mapped_column(String(400), index=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Person(Base):
    """Cast or crew member, matched by a normalised name key."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))


class WorkCredit(Base):
    __tablename__ = "work_credits"
    __table_args__ = (UniqueConstraint("work_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(100), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    stats: Mapped[dict[str, Any] | None]


class Review(Base):
    """One critic's review, stored once under its canonical URL."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    work_id: Mapped[int | None] = mapped_column(ForeignKey("works.id"), index=True)
    page_type: Mapped[str] = mapped_column(String(20))
    headline: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON)
    publication: Mapped[str | None] = mapped_column(String(300))
    published_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    score_value: Mapped[float | None] = mapped_column(Float)
    score_raw: Mapped[str | None] = mapped_column(String(100))
    score_best: Mapped[float | None] = mapped_column(Float)
    work_type: Mapped[str | None] = mapped_column(String(20))
    work_title: Mapped[str | None] = mapped_column(String(500))
    work_year: Mapped[int | None] = mapped_column(Integer)
    runtime_minutes: Mapped[int | None] = mapped_column(Integer)
    content_rating: Mapped[dict[str, Any] | None]
    cast: Mapped[list[str]] = mapped_column(JSON)
    directors: Mapped[list[str]] = mapped_column(JSON)
    platforms: Mapped[list[str]] = mapped_column(JSON)
    genres: Mapped[list[str]] = mapped_column(JSON)
    body_text: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    field_sources: Mapped[dict[str, Any]]
    #: Raw values the normalised fields came from, for ``scrapy renormalize``.
    raw: Mapped[dict[str, Any]]
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Digest of the normalised content: an unchanged page only touches last_seen_at.
    content_digest: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
