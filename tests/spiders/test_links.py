"""The links a crawl follows: the same as Scrapy's LinkExtractor gives, found faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from w3lib.url import safe_url_string

from aggregator.review import read_review_page
from aggregator.sites import SiteConfig, load_sites
from aggregator.spiders.links import LinkFinder, _unchanged_by_escaping, followed_links
from aggregator.urls import strip_tracking

ROOT = Path(__file__).resolve().parents[2]
SITE = SiteConfig(
    "critic",
    review_urls=(re.compile(r"/reviews/[^/?]+/$"),),
    follow_urls=(re.compile(r"/list/\d+/$"),),
    tracking_params=("ref",),
)


def link_extractor_urls(response: HtmlResponse, site: SiteConfig) -> list[str]:
    """What the spider followed before: Scrapy's LinkExtractor, tracking removed first."""
    extractor = LinkExtractor(
        allow=[*site.review_urls, *site.follow_urls],
        process_value=lambda url: strip_tracking(url, site.tracking_params),
        unique=True,
    )
    return [link.url for link in extractor.extract_links(response)]


def page(body: str, url: str = "https://critic.example/list/1/") -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8")


def demo_pages() -> list[tuple[SiteConfig, HtmlResponse]]:
    sites = load_sites(ROOT / "sites.toml")
    found = []
    for path in sorted((ROOT / "demo" / "sites").rglob("*.html")):
        relative = str(path.relative_to(ROOT / "demo" / "sites")).removesuffix("index.html")
        site = sites.sites.get(relative.split("/")[0])
        if site is not None:
            url = f"http://127.0.0.1:8765/{relative}"
            found.append((site, HtmlResponse(url, body=path.read_bytes())))
    return found


def test_every_demo_page_gives_the_links_link_extractor_gives() -> None:
    pages = demo_pages()
    assert len(pages) > 40
    for site, response in pages:
        assert followed_links(response, site) == link_extractor_urls(response, site), response.url


def worker_links(response: HtmlResponse, site: SiteConfig) -> list[str]:
    """The links the spider follows from a review page, from the extraction
    worker's ``href`` values rather than a parse of its own."""
    hrefs = read_review_page(response.url, response.body, site).hrefs
    assert hrefs is not None
    return LinkFinder(site).links(response, hrefs)


def test_the_hrefs_an_extraction_worker_reads_give_the_same_links() -> None:
    for site, response in demo_pages():
        assert worker_links(response, site) == followed_links(response, site), response.url


def test_a_finder_remembering_hrefs_gives_each_page_its_own_links() -> None:
    finders: dict[str, LinkFinder] = {}
    for site, response in demo_pages():
        finder = finders.setdefault(site.name, LinkFinder(site))
        assert finder.links(response) == followed_links(response, site), response.url


def test_a_relative_href_is_joined_to_each_page_its_own_way() -> None:
    finder = LinkFinder(SITE)
    html = '<a href="../2/">next</a><a href="/list/9/">last</a>'
    pages = [
        page(html, "https://critic.example/list/1/"),
        page(html, "https://critic.example/archive/list/1/"),
        page(html, "http://critic.example/list/1/"),
    ]
    assert [finder.links(response) for response in pages] == [
        ["https://critic.example/list/2/", "https://critic.example/list/9/"],
        ["https://critic.example/archive/list/2/", "https://critic.example/list/9/"],
        ["http://critic.example/list/2/", "http://critic.example/list/9/"],
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # relative, absolute, duplicate and fragment links, in page order
        (
            '<a href="../../reviews/dune/">a</a><a href="https://critic.example/list/2/">b</a>'
            '<a href="/reviews/dune/">again</a><a href="/reviews/tar/#comments">c</a>',
            ["https://critic.example/reviews/dune/", "https://critic.example/list/2/"],
        ),
        # tracking parameters go before the patterns see the URL
        ('<a href="/reviews/dune/?ref=home">a</a>', ["https://critic.example/reviews/dune/"]),
        # <base href> decides what relative links mean; image maps count
        (
            '<head><base href="https://critic.example/archive/"></head>'
            '<map><area href="/reviews/nope/"></map><a href="list/3/">x</a>',
            ["https://critic.example/reviews/nope/", "https://critic.example/archive/list/3/"],
        ),
        # not pages, and pages the site file does not name
        (
            '<a href="mailto:ed@critic.example">m</a><a href="javascript:void(0)">j</a>'
            '<a href="#top">t</a><a href="/about/">about</a><a>no href</a>',
            [],
        ),
        # characters a URL cannot carry are escaped as LinkExtractor escapes them
        (
            '<a href="/reviews/amélie/">é</a><a href="/reviews/a film/">sp</a>',
            [
                "https://critic.example/reviews/am%C3%A9lie/",
                "https://critic.example/reviews/a%20film/",
            ],
        ),
    ],
)
def test_links_followed(html: str, expected: list[str]) -> None:
    response = page(html)
    assert followed_links(response, SITE) == expected
    assert link_extractor_urls(response, SITE) == expected
    assert worker_links(response, SITE) == expected


def test_file_downloads_are_not_followed() -> None:
    site = SiteConfig("files", review_urls=(re.compile(r"/reviews/"),))
    response = page('<a href="/reviews/poster.jpg">p</a><a href="/reviews/x.PDF?ref=1">d</a>')
    assert followed_links(response, site) == link_extractor_urls(response, site) == []


URL_CHARACTERS = st.sampled_from(list("aZ09-._~:/?#[]@!$&'()*+,;=% é\"<>\\^`{|}"))


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=st.sampled_from(["critic.example", "Critic.Example", "critic.example:8080"]),
    rest=st.text(URL_CHARACTERS, max_size=30),
)
def test_a_url_said_to_need_no_escaping_is_one_w3lib_leaves_as_it_is(
    scheme: str, host: str, rest: str
) -> None:
    url = f"{scheme}://{host}/{rest}"
    if _unchanged_by_escaping(url):
        assert safe_url_string(url) == url


@pytest.mark.parametrize(
    "href", ["http://critic.example/reviews/dune/#", "http://critic.example/reviews/dune/?#top"]
)
def test_an_empty_query_or_fragment_is_dropped_as_link_extractor_drops_it(href: str) -> None:
    # Joining drops them from a link of the page's own scheme, not from another's.
    site = SiteConfig("critic", review_urls=(re.compile(r"/reviews/"),))
    response = page(f'<a href="{href}">a</a>')
    assert followed_links(response, site) == link_extractor_urls(response, site)
