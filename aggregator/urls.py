"""URL identity: one canonical form per page, whatever link led to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

#: Query parameters that only track where a visitor came from.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "dclid", "msclkid"})
_TRACKING_PREFIXES = ("utm_",)
#: AMP variants of a page: an ``amp.`` host, an ``/amp/`` path segment, ``?amp=1``.
_AMP_HOST = re.compile(r"^amp\.")
_AMP_PATH = re.compile(r"/amp(?=/|$)")


def strip_tracking(url: str, extra: Iterable[str] = ()) -> str:
    """Remove tracking parameters, keep the others in their order.

    >>> strip_tracking("https://a.example/r/1?utm_source=x&page=2&fbclid=y")
    'https://a.example/r/1?page=2'
    """
    drop = TRACKING_PARAMS | frozenset(extra)
    parts = urlsplit(url)
    if not parts.query:
        return url
    names = [p.split("=", 1)[0] for p in parts.query.split("&") if p]
    kept = [n for n in names if n not in drop and not n.startswith(_TRACKING_PREFIXES)]
    return url_query_cleaner(url, kept, keep_fragments=True) if kept != names else url


def canonical_url(url: str, declared: str | None = None, extra_params: Iterable[str] = ()) -> str:
    """The URL a review is stored under.

    A declared canonical (``<link rel=canonical>``, ``og:url``) wins when it is
    on the same host; then tracking parameters, fragments, default ports and a
    trailing slash are normalised away and the scheme is unified to https.

    >>> canonical_url("http://a.example:80/r/dune/?utm_medium=x#top")
    'https://a.example/r/dune'
    >>> canonical_url("https://a.example/amp/r/1", declared="/r/1")
    'https://a.example/r/1'
    >>> canonical_url("https://amp.a.example/r/1/amp/?amp=1")
    'https://a.example/r/1'
    >>> canonical_url("https://a.example/amp/r/1/")
    'https://a.example/r/1'
    """
    if declared:
        absolute = urljoin(url, declared.strip())
        if _same_host(absolute, url):
            url = absolute
    url = canonicalize_url(strip_tracking(url, (*extra_params, "amp")), keep_fragments=False)
    parts = urlsplit(url)
    netloc = _AMP_HOST.sub("", re.sub(r":(80|443)$", "", parts.netloc.lower()))
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{netloc}{path}{query}"


def _same_host(a: str, b: str) -> bool:
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    return host_a.removeprefix("www.") == host_b.removeprefix("www.")
