"""Request fingerprints by canonical URL, so one page is downloaded once per crawl.

Scrapy's duplicate filter compares request fingerprints. Fingerprinting the
canonical URL (tracking parameters, AMP variants, scheme, default port and
trailing slash folded) keeps ``/review/1?utm_source=x``, ``/amp/review/1`` and
``http://…/review/1/`` from being fetched next to ``/review/1``.

A redirect's target keeps its exact URL as identity: a site redirecting
``/review/1`` to ``/review/1/`` (same canonical URL) must still be followed.
"""

from __future__ import annotations

import hashlib

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.request import RequestFingerprinter

from aggregator.urls import canonical_url


class CanonicalUrlFingerprinter:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self._default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalUrlFingerprinter:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        if request.method != "GET" or request.body or request.meta.get("redirect_urls"):
            return self._default.fingerprint(request)
        key = "GET " + canonical_url(request.url)
        return hashlib.sha1(key.encode(), usedforsecurity=False).digest()
