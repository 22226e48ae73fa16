"""The site file: which sites to crawl and how, validated on load.

A site needs no code. Each ``[[sites]]`` entry names its start pages, the URL
patterns of review pages and of listing pages to follow, and optionally its
language, date order, selectors that override automatic extraction, and
per-site Scrapy settings. Any mistake in the file is reported as one
:class:`SiteConfigError` naming the file, the site and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aggregator.fields import FIELDS

DEFAULT_SITES_FILE = "sites.toml"
SITES_ENV = "AGGREGATOR_SITES"

#: Scrapy settings a site may set for itself (Scrapy applies them per spider).
SITE_SETTINGS = frozenset(
    {
        "DOWNLOAD_DELAY",
        "CONCURRENT_REQUESTS",
        "CONCURRENT_REQUESTS_PER_DOMAIN",
        "AUTOTHROTTLE_ENABLED",
        "AUTOTHROTTLE_TARGET_CONCURRENCY",
        "ROBOTSTXT_OBEY",
        "DEPTH_LIMIT",
        "CLOSESPIDER_PAGECOUNT",
        "CLOSESPIDER_ITEMCOUNT",
        "USER_AGENT",
        "DOWNLOAD_TIMEOUT",
    }
)
WORK_TYPES = frozenset({"movie", "tv", "game", "book", "music", "other"})
DATE_ORDERS = frozenset({"DMY", "MDY", "YMD", "YDM", "DYM", "MYD"})


class SiteConfigError(ValueError):
    """A mistake in the site file; the message says where and what."""


@dataclass(frozen=True)
class SiteConfig:
    """One configured site."""

    name: str
    start_urls: tuple[str, ...] = ()
    sitemap_urls: tuple[str, ...] = ()
    review_urls: tuple[re.Pattern[str], ...] = ()
    follow_urls: tuple[re.Pattern[str], ...] = ()
    allowed_domains: tuple[str, ...] = ()
    publication: str | None = None
    language: str = "en"
    date_order: str | None = None
    work_type: str | None = None
    score_best: float | None = None
    tracking_params: tuple[str, ...] = ()
    selectors: Mapping[str, str] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    demo: bool = False

    def is_review_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.review_urls)

    def is_follow_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.follow_urls)


@dataclass(frozen=True)
class SiteFile:
    path: Path
    sites: Mapping[str, SiteConfig]

    def get(self, name: str) -> SiteConfig:
        try:
            return self.sites[name]
        except KeyError:
            known = ", ".join(sorted(self.sites)) or "none"
            raise SiteConfigError(
                f"{self.path}: no site named {name!r} (configured: {known})"
            ) from None


def sites_file_path(setting: str | None = None) -> Path:
    """The site file to use: the setting, else ``$AGGREGATOR_SITES``, else ``sites.toml``."""
    return Path(setting or os.environ.get(SITES_ENV) or DEFAULT_SITES_FILE)


def load_sites(path: str | os.PathLike[str]) -> SiteFile:
    """Read and validate a site file.

    Raises :class:`SiteConfigError` with a message naming the file, the site and
    the key for any problem (missing file, bad TOML, unknown key, bad regex, ...).
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteConfigError(
            f"{path}: site file not found (set SITES_FILE or ${SITES_ENV})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot read site file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"sites"}
    if unknown:
        raise SiteConfigError(f"{path}: unknown top-level key {sorted(unknown)[0]!r}")
    entries = data.get("sites", [])
    if not isinstance(entries, list):
        raise SiteConfigError(f"{path}: 'sites' must be an array of tables ([[sites]])")
    sites: dict[str, SiteConfig] = {}
    for index, entry in enumerate(entries, start=1):
        site = _parse_site(path, index, entry)
        if site.name in sites:
            raise SiteConfigError(f"{path}: site {site.name!r}: key 'name': duplicate site name")
        sites[site.name] = site
    return SiteFile(path, sites)


_SITE_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "start_urls": list,
    "sitemap_urls": list,
    "review_urls": list,
    "follow_urls": list,
    "allowed_domains": list,
    "publication": str,
    "language": str,
    "date_order": str,
    "work_type": str,
    "score_best": (int, float),
    "tracking_params": list,
    "selectors": dict,
    "settings": dict,
    "demo": bool,
}


def _parse_site(path: Path, index: int, entry: Any) -> SiteConfig:
    where = f"{path}: site #{index}"
    if not isinstance(entry, dict):
        raise SiteConfigError(f"{where}: must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise SiteConfigError(
            f"{where}: key 'name': required, letters, digits, '.', '_' or '-' only"
        )
    where = f"{path}: site {name!r}"
    for key, value in entry.items():
        expected = _SITE_KEYS.get(key)
        if expected is None:
            raise SiteConfigError(f"{where}: unknown key {key!r}")
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise SiteConfigError(f"{where}: key {key!r}: wrong type {type(value).__name__}")
    start_urls = _urls(where, entry, "start_urls")
    sitemap_urls = _urls(where, entry, "sitemap_urls")
    if not start_urls and not sitemap_urls:
        raise SiteConfigError(f"{where}: key 'start_urls': give start_urls or sitemap_urls")
    review_urls = _patterns(where, entry, "review_urls")
    if not review_urls:
        raise SiteConfigError(f"{where}: key 'review_urls': at least one pattern is required")
    return SiteConfig(
        name=name,
        start_urls=start_urls,
        sitemap_urls=sitemap_urls,
        review_urls=review_urls,
        follow_urls=_patterns(where, entry, "follow_urls"),
        allowed_domains=_strings(where, entry, "allowed_domains")
        or _domains(start_urls + sitemap_urls),
        publication=entry.get("publication"),
        language=_language(where, entry.get("language", "en")),
        date_order=_choice(where, "date_order", entry.get("date_order"), DATE_ORDERS),
        work_type=_choice(where, "work_type", entry.get("work_type"), WORK_TYPES),
        score_best=_positive(where, "score_best", entry.get("score_best")),
        tracking_params=_strings(where, entry, "tracking_params"),
        selectors=_selectors(where, entry.get("selectors", {})),
        settings=_settings(where, entry.get("settings", {})),
        demo=entry.get("demo", False),
    )


def _strings(where: str, entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not all(isinstance(v, str) and v for v in values):
        raise SiteConfigError(f"{where}: key {key!r}: must be a list of non-empty strings")
    return tuple(values)


def _urls(where: str, entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    urls = _strings(where, entry, key)
    for url in urls:
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SiteConfigError(f"{where}: key {key!r}: not an http(s) URL: {url!r}")
    return urls


def _patterns(where: str, entry: Mapping[str, Any], key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in _strings(where, entry, key):
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise SiteConfigError(
                f"{where}: key {key!r}: bad regular expression {pattern!r}: {exc}"
            ) from None
    return tuple(compiled)


def _domains(urls: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urlparse(u).hostname or "" for u in urls if urlparse(u).hostname))


def _language(where: str, value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", value):
        raise SiteConfigError(f"{where}: key 'language': not a language code: {value!r}")
    return value


def _choice(where: str, key: str, value: str | None, allowed: frozenset[str]) -> str | None:
    if value is not None and value not in allowed:
        options = ", ".join(sorted(allowed))
        raise SiteConfigError(f"{where}: key {key!r}: {value!r} is not one of {options}")
    return value


def _positive(where: str, key: str, value: float | None) -> float | None:
    if value is not None and value <= 0:
        raise SiteConfigError(f"{where}: key {key!r}: must be positive")
    return None if value is None else float(value)


def _selectors(where: str, value: Mapping[str, Any]) -> dict[str, str]:
    for key, selector in value.items():
        if key not in FIELDS:
            raise SiteConfigError(
                f"{where}: key 'selectors.{key}': unknown field (fields: {', '.join(FIELDS)})"
            )
        if not isinstance(selector, str) or not selector.strip():
            raise SiteConfigError(f"{where}: key 'selectors.{key}': must be a non-empty string")
        _check_selector(where, key, selector)
    return dict(value)


def _check_selector(where: str, key: str, selector: str) -> None:
    from parsel import Selector
    from parsel.csstranslator import HTMLTranslator  # noqa: F401  (import cost only here)

    probe = Selector(text="<html></html>")
    try:
        probe.xpath(selector) if is_xpath(selector) else probe.css(selector)
    except Exception as exc:  # parsel raises several types for bad syntax
        raise SiteConfigError(
            f"{where}: key 'selectors.{key}': bad selector {selector!r}: {exc}"
        ) from None


def is_xpath(selector: str) -> bool:
    """Selectors starting with ``/``, ``(`` or ``./`` are XPath, others CSS.

    >>> is_xpath("//h1/text()"), is_xpath("h1.title::text")
    (True, False)
    """
    return selector.lstrip().startswith(("/", "(", "./"))


def _settings(where: str, value: Mapping[str, Any]) -> dict[str, Any]:
    for key in value:
        if key not in SITE_SETTINGS:
            allowed = ", ".join(sorted(SITE_SETTINGS))
            raise SiteConfigError(
                f"{where}: key 'settings.{key}': not a per-site setting (allowed: {allowed})"
            )
    return dict(value)
