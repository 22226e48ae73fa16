"""Bad input: every page in ``tests/badinput/`` and a few generated ones, through ``build_review``.

No exception reaches the caller; absurd values are set aside with a reason
(``rejected_fields``) and their raw text kept; markup never reaches a text
field; the review survives when what remains is still a review.
"""

from __future__ import annotations

import random
import time
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from aggregator.items import ReviewItem, review_from_dict, review_to_dict
from aggregator.plausible import check, implausible
from aggregator.review import build_review, loader_context
from pipelines.validate import ReviewPagePipeline
from tests.conftest import run_scrapy
from tests.identity.sites import Page, prose

CORPUS = Path(__file__).resolve().parents[1] / "badinput"
URL = "http://127.0.0.1/reviews/x/"
CRAWLED = datetime(2024, 6, 1, 12, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16


def build(name: str) -> ReviewItem:
    return build_review(URL, (CORPUS / name).read_bytes(), crawled_at=CRAWLED)


def text_values(item: ReviewItem) -> list[str]:
    values = [item.headline, item.work_title, item.summary, item.body_text, item.publication]
    lists = [*item.authors, *item.cast, *item.directors, *item.platforms, *item.genres]
    return [value for value in (*values, *lists) if value]


def test_every_corpus_file_gives_an_item_that_survives_json() -> None:
    for path in sorted(CORPUS.iterdir()):
        item = build(path.name)
        assert review_from_dict(review_to_dict(item)) == item, path.name


def test_absurd_values_are_set_aside_with_their_raw_text() -> None:
    item = build("absurd-values.html")
    assert item.page_type == "review"
    assert item.body_text
    assert item.work_title == "Nope"
    # runtime 99,999 minutes, 11/10, a film from 1850, a review from the year 3000
    assert (item.runtime_minutes, item.score, item.work_year, item.published_at) == (None,) * 4
    assert item.rejected_fields["published_at"] == "after_crawl"
    for name in ("runtime_minutes", "score", "work_year"):
        assert name in item.rejected_fields, name
    assert item.raw["runtime_minutes"] == "PT1666H39M"
    assert item.raw["published_at"] == "3000-01-01T09:00:00Z"
    assert item.raw["work_year"] == "1850"


def test_review_dated_after_its_crawl_keeps_everything_else() -> None:
    item = build("dated-after-crawl.html")
    assert item.published_at is None
    assert item.rejected_fields["published_at"] == "after_crawl"
    assert item.raw["published_at"] == "2024-06-08T09:00:00Z"
    assert (item.page_type, item.work_title, item.work_year) == ("review", "Nope", 2022)
    # crawled a week later, the same page's date is plausible
    later = build_review(URL, (CORPUS / "dated-after-crawl.html").read_bytes())
    assert later.published_at == datetime(2024, 6, 8, 9, tzinfo=UTC)


def test_script_and_html_are_plain_text_everywhere() -> None:
    item = build("injection.html")
    assert item.page_type == "review"
    assert item.headline == "Nope review: sky terror"
    assert item.work_title == "Nope"
    assert item.directors == ["Jordan Peele"]
    assert item.summary == "A summary with markup."
    assert item.body_text
    assert item.body_text.endswith("The villain types into a terminal.")
    for value in text_values(item):
        for code in ("<", ">", "alert", "steal", "display:none", "onerror"):
            assert code not in value, (code, value)
    assert item.rejected_fields["headline"] == "markup"
    assert "<script>" in str(item.raw["headline"])  # what the page said is kept


@pytest.mark.parametrize("name", ["latin1-undeclared.html", "utf8-declared-cp1252.html"])
def test_wrong_or_missing_charset_reads_right(name: str) -> None:
    item = build(name)
    assert item.headline
    assert item.headline.startswith("Amélie review")
    assert item.body_text
    assert "délicieuse" in item.body_text or "déjà-vu" in item.body_text


def test_malformed_json_ld_loses_only_itself() -> None:
    item = build("malformed-jsonld.html")
    assert item.page_type == "review"
    assert item.headline == "Nope review: broken data"
    assert item.published_at == datetime(2022, 5, 1, 9, tzinfo=UTC)
    assert item.body_text


def test_truncated_page_keeps_what_arrived() -> None:
    item = build("truncated.html")
    assert item.page_type == "review"
    assert item.headline == "Nope review: cut short"
    assert item.body_text
    assert len(item.body_text.split()) > 100


def test_nul_and_control_characters_are_dropped_from_text() -> None:
    item = build("nul-and-controls.html")
    assert item.page_type == "review"
    for value in text_values(item):
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in value), repr(value)


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"", "not_html"), (PNG, "not_html"), (b"\x00" * 4096, "not_html")],
    ids=["empty", "png-served-as-html", "nul-bytes"],
)
def test_empty_and_binary_bodies_are_not_reviews(body: bytes, reason: str) -> None:
    item = build_review(URL, body, content_type="text/html; charset=utf-8")
    assert item.page_type == "other"
    assert reason in item.page_kind_reasons


def test_random_bytes_never_raise() -> None:
    rng = random.Random(13)
    for size in (1, 10, 1_000, 100_000):
        item = build_review(URL, rng.randbytes(size))
        assert item.page_type in {"review", "other"}


def nested(depth: int) -> bytes:
    page = Page("/reviews/x/", "Nope review: deep", "Nope", year=2022, body=prose(30)).html()
    wrapped = "<div class='w'>" * depth + "<span>" * depth
    closed = "</span>" * depth + "</div>" * depth
    page = page.replace("<main>", "<main>" + wrapped)
    return page.replace("</main>", closed + "</main>").encode()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("depth", [300, 5_000])
def test_deeply_nested_page_keeps_its_review(depth: int) -> None:
    shallow = build_review(URL, nested(1), crawled_at=CRAWLED)
    item = build_review(URL, nested(depth), crawled_at=CRAWLED)
    assert item.page_type == "review"
    assert item.body_text == shallow.body_text
    assert item.work_title == "Nope"


@pytest.mark.timeout(120)
def test_twenty_megabyte_page_is_cut_not_choked_on() -> None:
    page = Page("/reviews/x/", "Nope review: huge", "Nope", year=2022, body=prose(31)).html()
    body = page.replace("</body>", "<div>" + "padding " * 2_600_000 + "</div></body>").encode()
    assert len(body) > 20_000_000
    started = time.monotonic()
    item = build_review(URL, body, crawled_at=CRAWLED)
    assert time.monotonic() - started < 60
    assert item.headline == "Nope review: huge"


def test_checks_leave_plausible_items_untouched() -> None:
    item = build_review(URL, nested(1), crawled_at=CRAWLED)
    assert item.rejected_fields == {} or set(item.rejected_fields.values()) == {"unreadable"}
    again = check(item, loader_context(URL, None, CRAWLED))
    assert again == item


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"runtime_minutes": 99_999}, {"runtime_minutes": "out_of_range"}),
        ({"runtime_minutes": 0}, {"runtime_minutes": "out_of_range"}),
        ({"work_type": "movie", "work_year": 1869}, {"work_year": "too_early"}),
        ({"work_type": "book", "work_year": 1869}, {}),
        ({"work_type": "game", "work_year": 1931}, {"work_year": "too_early"}),
        ({"work_year": 2031}, {"work_year": "after_crawl"}),
        ({"published_at": datetime(3000, 1, 1, tzinfo=UTC)}, {"published_at": "after_crawl"}),
        ({"published_at": datetime(1500, 1, 1, tzinfo=UTC)}, {"published_at": "too_early"}),
        ({"published_at": datetime(2024, 6, 2, 6, tzinfo=UTC)}, {}),  # time zones, scheduling
        ({"published_at": datetime(2024, 6, 8)}, {"published_at": "after_crawl"}),  # naive
        ({"runtime_minutes": 103, "work_year": 2022}, {}),
    ],
)
def test_plausibility_rules(values: dict[str, object], expected: dict[str, str]) -> None:
    assert implausible(ReviewItem(**values), CRAWLED) == expected  # type: ignore[arg-type]


def test_rejected_fields_are_counted_in_the_crawl_stats() -> None:
    crawler = get_crawler()
    pipeline = ReviewPagePipeline.from_crawler(crawler)
    pipeline.process_item(build("absurd-values.html"))
    pipeline.process_item(build("injection.html"))
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    assert stats["field_rejected/published_at/after_crawl"] == 1
    assert stats["field_rejected/headline/markup"] == 1
    assert stats["field_rejected/body_text/markup"] == 1
    for name in ("runtime_minutes", "score", "work_year"):
        assert any(key.startswith(f"field_rejected/{name}/") for key in stats), name


def test_item_fields_and_dict_shape_agree() -> None:
    # A new item field must reach the spool and the exports: review_to_dict carries it.
    shaped = review_to_dict(ReviewItem(rejected_fields={"score": "out_of_range"}))
    assert shaped["rejected_fields"] == {"score": "out_of_range"}
    assert "rejected_fields" in {f.name for f in fields(ReviewItem)}


#: (site, key) of every mistake in sites-every-mistake.toml
SITE_FILE_MISTAKES = [
    (None, "colour"), ("blog", "sitemap_urls"), ("blog", "colour"), ("blog", "start_urls"),
    ("blog", "review_urls"), ("blog", "follow_urls"), ("blog", "language"),
    ("blog", "date_order"), ("blog", "work_type"), ("blog", "score_best"),
    ("blog", "selectors.rating"), ("blog", "selectors.score"), ("blog", "selectors.headline"),
    ("blog", "settings.ITEM_PIPELINES"), ("#2", "name"), ("blog", "name"),
]  # fmt: skip


def test_site_file_mistakes_are_all_reported_at_once() -> None:
    path = CORPUS / "sites-every-mistake.toml"
    result = run_scrapy("sites", env={"AGGREGATOR_SITES": str(path)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(SITE_FILE_MISTAKES), "\n".join(lines)
    for line, (site, key) in zip(lines, SITE_FILE_MISTAKES, strict=True):
        assert line.startswith(f"error: {path}: "), line
        where = "" if site is None else (f"site {site}: " if site == "#2" else f"site '{site}': ")
        assert where in line, line
        assert f"'{key}'" in line, line
