"""Pipelines built from a crawler, the way Scrapy builds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from aggregator.db.engine import make_engine
from aggregator.db.models import CrawlRun, Review
from pipelines.dedupe import DuplicateUrlPipeline
from pipelines.storage import DatabasePipeline
from pipelines.validate import ReviewPagePipeline
from tests.factories import review
from tests.inprocess import project_settings


def crawler_for(tmp_path: Path, database_url: str, **settings: object) -> Crawler:
    """A crawler with the project's settings (components read them without fallbacks)."""
    return get_crawler(
        settings_dict={
            **project_settings().copy_to_dict(),
            "DATABASE_URL": database_url,
            "SPOOL_DIR": str(tmp_path / "spool"),
            "DB_BATCH_SIZE": 2,
            "DB_RETRY_BACKOFF": 0,
            **settings,
        }
    )


def stored(database_url: str) -> int:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Review)).scalar_one()
    engine.dispose()
    return int(total)


def test_not_review_and_no_body_are_dropped_and_counted() -> None:
    crawler = get_crawler()
    pipeline = ReviewPagePipeline.from_crawler(crawler)
    assert pipeline.process_item(review("a")).headline == "A review"
    with pytest.raises(DropItem, match="Not a review"):
        pipeline.process_item(review("b", page_type="other", page_kind_reasons=["news"]))
    with pytest.raises(DropItem, match="No review text"):
        pipeline.process_item(review("c", body_text=None))
    with pytest.raises(DropItem, match="not_html"):
        pipeline.process_item(review("d", page_type="other", page_kind_reasons=["not_html"]))
    assert crawler.stats is not None
    assert crawler.stats.get_value("drop_item/not_review") == 1
    assert crawler.stats.get_value("drop_item/no_body") == 1
    assert crawler.stats.get_value("drop_item/not_html") == 1


def test_same_canonical_url_passes_once_per_crawl() -> None:
    crawler = get_crawler()
    pipeline = DuplicateUrlPipeline.from_crawler(crawler)
    pipeline.process_item(review("a"))
    with pytest.raises(DropItem):
        pipeline.process_item(review("a", url="https://critic.example/reviews/a/?x=1"))
    assert crawler.stats is not None
    assert crawler.stats.get_value("drop_item/duplicate_url") == 1


def test_batches_are_written_by_size_and_at_close(database_url: str, tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path, database_url)
    pipeline = DatabasePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for slug in ("a", "b", "c"):
        pipeline.process_item(review(slug))
    assert pipeline.writer is not None
    pipeline.writer.wait()
    assert stored(database_url) == 2  # one full batch so far
    pipeline.close_spider()
    pipeline.record_run()
    assert stored(database_url) == 3
    assert crawler.stats is not None
    assert crawler.stats.get_value("storage/new") == 3
    engine = make_engine(database_url)
    with engine.connect() as connection:
        finished_at, stats = connection.execute(select(CrawlRun.finished_at, CrawlRun.stats)).one()
    engine.dispose()
    assert finished_at is not None
    assert stats["storage/new"] == 3


def test_failed_writes_are_spooled_then_replayed(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = crawler_for(tmp_path, sqlite_url)
    pipeline = DatabasePipeline.from_crawler(crawler)
    pipeline.open_spider()

    def refuse(*_args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(pipeline.store, "write", refuse)
    for slug in ("a", "b", "c"):
        pipeline.process_item(review(slug))
    pipeline.close_spider()
    assert crawler.stats is not None
    assert crawler.stats.get_value("storage/spooled") == 3
    assert crawler.stats.get_value("storage/write_failed") == 6  # two batches, three tries each
    assert stored(sqlite_url) == 0
    assert len(list((tmp_path / "spool").glob("*/batch-*.jsonl"))) == 2

    monkeypatch.undo()
    second = crawler_for(tmp_path, sqlite_url)
    replaying = DatabasePipeline.from_crawler(second)
    replaying.open_spider()
    replaying.close_spider()
    assert stored(sqlite_url) == 3
    assert not list((tmp_path / "spool").glob("*/batch-*.jsonl"))
    assert second.stats is not None
    assert second.stats.get_value("storage/replayed") == 3
