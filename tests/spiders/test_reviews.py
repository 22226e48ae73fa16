"""The review spider on its own: start requests, links it follows, pages it extracts.

The spider is built the way ``Crawler.crawl`` builds it (``from_crawler`` while
the settings are still open) and fed fake responses: no server, no reactor.
Extraction runs in-process (``EXTRACT_WORKERS = 0``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_reactor_settings

from aggregator.items import ReviewItem
from aggregator.sites import SiteConfigError, load_sites
from aggregator.spiders.reviews import ReviewsSpider
from tests.identity.sites import Page, prose

SITE = """\
[[sites]]
name = "watch"
start_urls = ["http://watch.example/reviews/", "http://watch.example/archive/"]
sitemap_urls = ["http://watch.example/sitemap.xml"]
review_urls = ['/reviews/[a-z0-9-]+/$']
follow_urls = ['/reviews/\\?page=\\d+$']
tracking_params = ["ref"]
[sites.settings]
DOWNLOAD_DELAY = 0.25
"""

LISTING = b"""<html><body>
<a href="/reviews/dune/?utm_source=feed">Dune</a>
<a href="/reviews/dune/">Dune again</a>
<a href="/reviews/tar/?ref=home">Tar</a>
<a href="/reviews/?page=2">Next page</a>
<a href="/about/">About us</a>
<a href="/reviews/dune/comments/">Comments</a>
<a href="http://elsewhere.example/reviews/other/">Elsewhere</a>
</body></html>"""


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ReviewsSpider]:
    sites = tmp_path / "sites.toml"
    sites.write_text(SITE, encoding="utf-8")
    built = ReviewsSpider.from_crawler(crawler_for(sites), site="watch")
    yield built
    built.closed("finished")


def crawler_for(sites: Path) -> Crawler:
    """A crawler before its settings freeze: the spider applies the site's settings."""
    settings = {**get_reactor_settings(), "SITES_FILE": str(sites), "EXTRACT_WORKERS": 0}
    return Crawler(ReviewsSpider, settings)


def collect(results: AsyncIterator[Any]) -> list[Any]:
    async def run() -> list[Any]:
        return [result async for result in results]

    return asyncio.run(run())


def parse(spider: ReviewsSpider, response: Response) -> list[Any]:
    return collect(spider.parse(response))


def test_site_settings_and_domains_come_from_the_site_file(spider: ReviewsSpider) -> None:
    assert spider.site.name == "watch"
    assert spider.allowed_domains == ["watch.example"]
    assert spider.crawler.settings.getfloat("DOWNLOAD_DELAY") == 0.25


def test_missing_or_unknown_site_is_a_clear_error(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(SITE, encoding="utf-8")
    crawler = crawler_for(sites)
    with pytest.raises(ValueError, match=r"missing spider argument: -a site=NAME"):
        ReviewsSpider.from_crawler(crawler)
    with pytest.raises(SiteConfigError, match=r"no site named 'nope' \(configured: watch\)"):
        ReviewsSpider.from_crawler(crawler, site="nope")


def test_start_requests_listings_then_sitemaps(spider: ReviewsSpider) -> None:
    requests: list[Request] = collect(spider.start())
    assert [(r.url, r.callback) for r in requests] == [
        ("http://watch.example/reviews/", spider.parse),
        ("http://watch.example/archive/", spider.parse),
        ("http://watch.example/sitemap.xml", spider.parse_sitemap),
    ]


def test_listing_links_follow_the_site_rules(spider: ReviewsSpider) -> None:
    response = HtmlResponse("http://watch.example/reviews/", body=LISTING)
    results = parse(spider, response)
    assert all(isinstance(r, Request) and r.callback == spider.parse for r in results)
    # Tracking parameters are stripped so the duplicate filter sees one URL per
    # page; pages matching neither pattern are not followed; other hosts are left
    # to the offsite middleware.
    assert [r.url for r in results] == [
        "http://watch.example/reviews/dune/",
        "http://watch.example/reviews/tar/",
        "http://watch.example/reviews/?page=2",
        "http://elsewhere.example/reviews/other/",
    ]


def test_review_page_yields_its_links_then_its_item(spider: ReviewsSpider) -> None:
    page = Page("/reviews/dune/", "Dune review: sand everywhere", "Dune", year=2021, body=prose(3))
    html = page.html().replace("</body>", '<a href="/reviews/tar/">Tar</a></body>')
    url = "http://watch.example/reviews/dune/"
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 02 May 2022 10:00:00 GMT"}
    response = HtmlResponse(url, body=html.encode(), headers=headers)
    *links, item = parse(spider, response)
    assert [link.url for link in links] == ["http://watch.example/reviews/tar/"]
    assert isinstance(item, ReviewItem)
    assert (item.url, item.site, item.work_title, item.work_year) == (url, "watch", "Dune", 2021)
    assert spider.validators[url] == ('"abc"', "Mon, 02 May 2022 10:00:00 GMT")


def test_listing_page_is_not_extracted(spider: ReviewsSpider) -> None:
    response = HtmlResponse("http://watch.example/reviews/?page=2", body=b"<html></html>")
    assert parse(spider, response) == []
    assert spider.validators == {}


def test_non_text_review_url_is_extracted_without_link_extraction(spider: ReviewsSpider) -> None:
    response = Response("http://watch.example/reviews/poster/", body=b"\x89PNG\r\n\x1a\n")
    [item] = parse(spider, response)
    assert isinstance(item, ReviewItem)
    assert item.page_type != "review"
    assert not isinstance(response, TextResponse)


def test_sitemap_entries_follow_the_review_and_listing_patterns(spider: ReviewsSpider) -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://watch.example/reviews/dune/?ref=x</loc>"
        b"<lastmod>2025-01-09</lastmod></url>"
        b"<url><loc>http://watch.example/reviews/?page=3</loc></url>"
        b"<url><loc>http://watch.example/about/</loc></url></urlset>"
    )
    response = XmlResponse("http://watch.example/sitemap.xml", body=body)
    requests = list(spider.parse_sitemap(response))
    assert [(r.url, r.meta["lastmod"], r.callback) for r in requests] == [
        ("http://watch.example/reviews/dune/", "2025-01-09", spider.parse),
        ("http://watch.example/reviews/?page=3", None, spider.parse),
    ]


def test_sitemap_index_is_followed_as_sitemaps(spider: ReviewsSpider) -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://watch.example/sitemap-1.xml</loc></sitemap></sitemapindex>"
    )
    response = XmlResponse("http://watch.example/sitemap.xml", body=body)
    [request] = spider.parse_sitemap(response)
    assert (request.url, request.callback) == (
        "http://watch.example/sitemap-1.xml",
        spider.parse_sitemap,
    )


def test_sitemap_lastmod_travels_with_the_request(tmp_path: Path) -> None:
    """The re-crawl decision sees a sitemap's <lastmod> (aggregator.recrawl.decide)."""
    sites = tmp_path / "sites.toml"
    sites.write_text(SITE, encoding="utf-8")
    spider = ReviewsSpider()
    spider.site = load_sites(sites).get("watch")
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://watch.example/reviews/dune/</loc><lastmod>2025-01-09</lastmod></url>"
        b"<url><loc>http://watch.example/reviews/nope/</loc></url></urlset>"
    )
    response = XmlResponse(url="http://watch.example/sitemap.xml", body=body)
    assert [(r.url, r.meta["lastmod"]) for r in spider.parse_sitemap(response)] == [
        ("http://watch.example/reviews/dune/", "2025-01-09"),
        ("http://watch.example/reviews/nope/", None),
    ]
