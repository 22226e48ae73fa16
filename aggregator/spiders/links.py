"""The links a site's crawl follows from a page: its review and listing pages.

Scrapy's ``LinkExtractor`` builds a ``Link`` for every anchor of a page,
joining, encoding and checking each one before the ``allow`` patterns drop
nearly all of them (a listing page has some 300 anchors, of which a handful
are followed): a fifth of the crawl process's time went there. Here each
distinct ``href`` is joined once and tested against the site's patterns first;
the same links come out, in page order. A :class:`LinkFinder` also remembers
what each ``href`` came to: most of a site's anchors (navigation, footers, tag
lists) come again on page after page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.response import get_base_url
from w3lib.url import safe_url_string

from aggregator.extraction.page import hrefs
from aggregator.sites import SiteConfig
from aggregator.urls import strip_tracking

#: ``href`` values that never lead to a page.
_NOT_PAGES = ("#", "mailto:", "javascript:", "tel:", "data:")
_IGNORED = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)
#: Characters that w3lib's ``safe_url_string`` escapes or rewrites in an ASCII URL;
#: a URL without any is returned unchanged, so the (costly) call is skipped.
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=]")
#: An ``href`` that names its own scheme (``https:``, ``ftp:``).
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Outcomes a finder remembers before it starts afresh (a bound on its memory).
MEMORY = 50_000


def followed_links(response: TextResponse, site: SiteConfig) -> list[str]:
    """Absolute URLs of the review and listing pages ``response`` links to,
    tracking parameters removed, each once, in the order the page gives them.

    Like ``LinkExtractor(allow=..., unique=True)``: anchors and image-map areas,
    relative to the page's ``<base href>``, file downloads (images, archives,
    documents) left out; other hosts are left to the offsite middleware.
    """
    return LinkFinder(site).links(response)


class LinkFinder:
    """:func:`followed_links` for one site's pages, each ``href``'s outcome
    remembered from one page to the next."""

    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        #: (what the href is relative to, href, page encoding) -> URL to follow, or None.
        self._known: dict[tuple[str, str, str], str | None] = {}

    def links(self, response: TextResponse, values: Iterable[str] | None = None) -> list[str]:
        """:func:`followed_links` of ``response``; ``values``, when given, are the
        ``href`` values on it (:func:`aggregator.extraction.page.hrefs`) from a
        tree parsed elsewhere: an extraction worker parses each review page anyway."""
        if values is None:
            values = hrefs(response.selector.root)
        base = get_base_url(response)
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}"
        encoding = response.encoding
        if len(self._known) > MEMORY:
            self._known.clear()
        found: dict[str, None] = {}
        for value in values:
            href = value.strip()
            if not href or href.startswith(_NOT_PAGES):
                continue
            # An href from the site's root or with its own scheme means the same on
            # every page of the origin; any other depends on the page's own path.
            absolute = href.startswith("/") or _HAS_SCHEME.match(href)
            key = (origin if absolute else base, href, encoding)
            if key in self._known:
                url = self._known[key]
            else:
                url = self._known[key] = self._followed(urljoin(base, href), encoding)
            if url is not None:
                found[url] = None
        return list(found)

    def _followed(self, url: str, encoding: str) -> str | None:
        """The URL a request for the joined ``url`` gets, if the crawl follows it."""
        if not _unchanged_by_escaping(url):
            url = safe_url_string(url, encoding=encoding)
        if "?" in url:  # before the patterns, which see the URL a request will have
            url = strip_tracking(url, self.site.tracking_params)
        if not (self.site.is_review_url(url) or self.site.is_follow_url(url)):
            return None
        if url.split("?", 1)[0].split("#", 1)[0].lower().endswith(_IGNORED):
            return None
        return url


def _unchanged_by_escaping(url: str) -> bool:
    """Whether w3lib's ``safe_url_string`` would return ``url`` as it is: ASCII,
    nothing to percent-encode, scheme and host already in lower case, no empty
    query or fragment (which it drops).

    >>> _unchanged_by_escaping("https://critic.example/reviews/dune/?page=2")
    True
    >>> [_unchanged_by_escaping(u) for u in ("http://Critic.example/", "http://x/a b", "http://x/é")]
    [False, False, False]
    >>> [_unchanged_by_escaping(u) for u in ("http://x/a?", "http://x/a#", "http://x/a?#top")]
    [False, False, False]
    """
    if not url.isascii() or _UNSAFE.search(url) or url.count("#") > 1:
        return False
    if url.endswith(("?", "#")) or "?#" in url:
        return False
    scheme_and_host = "/".join(url.split("/", 3)[:3])
    return scheme_and_host == scheme_and_host.lower()
