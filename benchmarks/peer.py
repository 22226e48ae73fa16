"""The hand-written peer: the review crawler most people would write first.

    python -m benchmarks.peer SITES_FILE DATABASE_URL

Same links as our spider; in the callback, trafilatura for the text and its
metadata, extruct for schema.org data, dateparser for the date; an item
pipeline adds each review through the ORM and commits it on its own. It is
the yardstick for ``make bench``: our pipeline does much more per page
(identity, credits, scores, normalisation) and should still be faster.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import dateparser
import extruct
import trafilatura
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy import Engine, String, Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from benchmarks import crawlers


class Base(DeclarativeBase):
    pass


class PeerReview(Base):
    __tablename__ = "peer_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    rating: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)


class PeerSpider(crawlers.SiteSpider):
    name = "peer"

    def parse(self, response: Response, **_kwargs: Any) -> Iterator[Request | dict[str, Any]]:
        if self.site.is_review_url(response.url):
            yield review(response.url, response.text)
        yield from self.follow(response)


def review(url: str, html: str) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    found: dict[str, Any] = doc.as_dict() if isinstance(doc, trafilatura.settings.Document) else {}
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata", "opengraph"])
    reviews = [d for d in data.get("json-ld", []) if d.get("@type") == "Review"]
    schema: dict[str, Any] = reviews[0] if reviews else {}
    date = schema.get("datePublished") or found.get("date")
    published = dateparser.parse(date) if date else None
    rating = schema.get("reviewRating", {}).get("ratingValue")
    return {
        "url": url,
        "title": schema.get("name") or found.get("title"),
        "author": found.get("author"),
        "published": published.isoformat() if published else None,
        "rating": str(rating) if rating is not None else None,
        "text": found.get("text"),
    }


class OrmPipeline:
    """One ORM add and commit per review, the way tutorials write it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        Base.metadata.create_all(engine)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OrmPipeline:
        return cls(create_engine(crawler.settings["PEER_DATABASE_URL"]))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        with Session(self.engine) as session:
            exists = session.query(PeerReview).filter_by(url=item["url"]).first()
            if exists is None:
                session.add(PeerReview(**item))
                session.commit()
        return item


def main(argv: list[str] | None = None) -> int:
    sites_file, database_url = argv if argv is not None else sys.argv[1:3]
    settings = {
        "PEER_DATABASE_URL": database_url,
        "ITEM_PIPELINES": {f"{__name__}.OrmPipeline": 300},
    }
    return crawlers.run(PeerSpider, sites_file, settings)


if __name__ == "__main__":
    sys.exit(main())
