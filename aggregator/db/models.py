"""SQLAlchemy 2.x typed models. The schema itself is created by Alembic migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    # Named constraints, so that later migrations can alter them on SQLite too.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
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
    #: "ok", "failed" or "alarm" (aggregator.runs.record decides); None while running.
    status: Mapped[str | None] = mapped_column(String(20))
    #: Responses received (listings, review pages, robots.txt, 304s).
    pages: Mapped[int | None] = mapped_column(Integer)
    new: Mapped[int | None] = mapped_column(Integer)
    updated: Mapped[int | None] = mapped_column(Integer)
    unchanged: Mapped[int | None] = mapped_column(Integer)
    #: Stored review pages the server answered 304 Not Modified.
    not_modified: Mapped[int | None] = mapped_column(Integer)
    #: Stored review pages not requested: seen more recently than recrawl_after.
    skipped: Mapped[int | None] = mapped_column(Integer)
    duplicates: Mapped[int | None] = mapped_column(Integer)
    #: reason -> count ("not_review", ...), kind -> count ("http_500", "TimeoutError", ...)
    drops: Mapped[dict[str, Any] | None]
    errors: Mapped[dict[str, Any] | None]
    #: field -> percent of this run's stored reviews that have it; over ``covered`` reviews.
    coverage: Mapped[dict[str, Any] | None]
    covered: Mapped[int | None] = mapped_column(Integer)
    #: Broken-selector alarms: [{"field": ..., "coverage": ..., "median": ...}, ...]
    alarms: Mapped[list[Any] | None] = mapped_column(JSON)


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
    #: Why the page was taken for a review (aggregator.extraction.pagekind).
    page_kind_reasons: Mapped[list[str] | None] = mapped_column(JSON)
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
    verdict: Mapped[str | None] = mapped_column(Text)
    field_sources: Mapped[dict[str, Any]]
    #: Raw values the normalised fields came from, for ``scrapy renormalize``.
    raw: Mapped[dict[str, Any]]
    #: Field name -> why its value was set aside (aggregator.plausible).
    rejected_fields: Mapped[dict[str, Any] | None]
    #: Digest of the body text ignoring case, spacing and punctuation.
    body_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Digest of the normalised content: an unchanged page only touches last_seen_at.
    content_digest: Mapped[str] = mapped_column(String(64))
    #: Exact-copy key of the text (None for short texts); unique, so the database
    #: itself refuses a second row for the same review text.
    text_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: MinHash signature of the text, for near-copy detection (aggregator.similarity).
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    first_seen_at: Mapped[datetime]
    #: Last fetched, or confirmed unchanged by a 304: re-crawls wait recrawl_after from here.
    last_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: The page's validators, sent back as If-None-Match / If-Modified-Since on re-crawl.
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class ReviewLocation(Base):
    """Another URL where a stored review was found (a syndicated copy, a mirror)."""

    __tablename__ = "review_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    #: Why it is the same review: "exact_text" or "near_text".
    reason: Mapped[str] = mapped_column(String(20))
    similarity: Mapped[float] = mapped_column(Float)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ReviewVersion(Base):
    """The previous content of a review that changed (edited text, changed score)."""

    __tablename__ = "review_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    #: When the change was seen; ``content`` is what the review said before it.
    changed_at: Mapped[datetime]
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]]


class ReviewBand(Base):
    """LSH bands of a review's MinHash signature: reviews sharing a band are compared."""

    __tablename__ = "review_bands"
    __table_args__ = (Index("ix_review_bands_band_hash", "band", "hash"),)

    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)


class Critic(Base):
    """A review's author, matched by name key within one outlet (site)."""

    __tablename__ = "critics"
    __table_args__ = (UniqueConstraint("site_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))


class ReviewCritic(Base):
    __tablename__ = "review_critics"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    critic_id: Mapped[int] = mapped_column(ForeignKey("critics.id"), primary_key=True)
