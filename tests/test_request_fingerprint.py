"""Request fingerprints by canonical URL, as the duplicate filter sees them."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler

from aggregator.request_fingerprint import CanonicalUrlFingerprinter

PAGE = "https://critic.example/reviews/dune"


@pytest.fixture
def crawler() -> Crawler:
    fingerprinter = "aggregator.request_fingerprint.CanonicalUrlFingerprinter"
    return get_crawler(settings_dict={"REQUEST_FINGERPRINTER_CLASS": fingerprinter})


def fingerprint(crawler: Crawler, request: Request) -> bytes:
    assert crawler.request_fingerprinter is not None
    return crawler.request_fingerprinter.fingerprint(request)


def test_the_setting_builds_it_from_the_crawler(crawler: Crawler) -> None:
    assert isinstance(crawler.request_fingerprinter, CanonicalUrlFingerprinter)


@pytest.mark.parametrize(
    "variant",
    [
        PAGE + "/",
        "http://critic.example/reviews/dune",
        "https://critic.example:443/reviews/dune/",
        PAGE + "?utm_source=feed&utm_medium=rss",
        PAGE + "/#comments",
        "https://critic.example/amp/reviews/dune/",
        "https://CRITIC.example/reviews/dune",
    ],
)
def test_variants_of_one_page_share_a_fingerprint(crawler: Crawler, variant: str) -> None:
    assert fingerprint(crawler, Request(variant)) == fingerprint(crawler, Request(PAGE))


@pytest.mark.parametrize(
    "other",
    [
        "https://critic.example/reviews/dune-2",
        "https://critic.example/reviews/dune?page=2",
        "https://other.example/reviews/dune",
    ],
)
def test_other_pages_differ(crawler: Crawler, other: str) -> None:
    assert fingerprint(crawler, Request(other)) != fingerprint(crawler, Request(PAGE))


def test_redirect_targets_keep_their_exact_url(crawler: Crawler) -> None:
    """A site redirecting /dune to /dune/ (one canonical URL) must still be followed."""
    target = Request(PAGE + "/", meta={"redirect_urls": [PAGE]})
    assert fingerprint(crawler, target) != fingerprint(crawler, Request(PAGE))
    assert fingerprint(crawler, target) == RequestFingerprinter().fingerprint(target)


def test_posts_and_bodies_are_left_to_scrapy(crawler: Crawler) -> None:
    post = Request(PAGE, method="POST", body=b"a=1")
    tracked = Request(PAGE + "?utm_source=x", method="POST", body=b"a=1")
    assert fingerprint(crawler, post) == RequestFingerprinter().fingerprint(post)
    assert fingerprint(crawler, post) != fingerprint(crawler, tracked)


def test_the_duplicate_filter_fetches_one_url_per_page(crawler: Crawler) -> None:
    dupefilter = RFPDupeFilter.from_crawler(crawler)
    seen = [
        dupefilter.request_seen(Request(url))
        for url in (PAGE, PAGE + "/?utm_campaign=x", "http://critic.example/reviews/dune-2")
    ]
    assert seen == [False, True, False]
