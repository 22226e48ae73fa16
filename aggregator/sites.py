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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from aggregator.fields import FIELDS
from aggregator.normalize import works
from aggregator.setting_rules import value_problems
from aggregator.settings import rules as setting_rules

DEFAULT_SITES_FILE = "sites.toml"
SITES_ENV = "AGGREGATOR_SITES"
_T = TypeVar("_T")
_NO_TEXT: tuple[str, ...] = ()
_NO_PATTERNS: tuple[re.Pattern[str], ...] = ()

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
        # Unattended runs: how long a stored page is fresh, how far coverage may fall.
        "RECRAWL_AFTER_DAYS",
        "COVERAGE_ALARM_POINTS",
    }
)
WORK_TYPES = frozenset(works.WORK_TYPES)
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
    #: ``enabled = false``: left out of ``scrapy crawlall`` unless named with ``--site``.
    enabled: bool = True

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
    problems = [f"{path}: unknown top-level key {key!r}" for key in sorted(set(data) - {"sites"})]
    entries = data.get("sites", [])
    if not isinstance(entries, list):
        problems.append(f"{path}: 'sites' must be an array of tables ([[sites]])")
        entries = []
    sites: dict[str, SiteConfig] = {}
    names: set[object] = set()
    for index, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name in names:
            problems.append(f"{path}: site {name!r}: key 'name': duplicate site name")
        names.add(name)
        try:
            site = _parse_site(path, index, entry)
        except SiteConfigError as exc:
            problems.extend(str(exc).splitlines())
            continue
        sites.setdefault(site.name, site)
    if problems:
        # Every mistake at once, one line each: fixing them one run at a time is slow.
        raise SiteConfigError("\n".join(problems))
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
    "enabled": bool,
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
    problems: list[str] = []
    entry = _known_keys(where, entry, problems)
    check = _Checker(problems)
    noted = len(problems)
    start_urls = check(lambda: _urls(where, entry, "start_urls"), _NO_TEXT)
    sitemap_urls = check(lambda: _urls(where, entry, "sitemap_urls"), _NO_TEXT)
    if not start_urls and not sitemap_urls and len(problems) == noted:
        problems.append(f"{where}: key 'start_urls': give start_urls or sitemap_urls")
    noted = len(problems)
    review_urls = check(lambda: _patterns(where, entry, "review_urls"), _NO_PATTERNS)
    if not review_urls and len(problems) == noted:
        problems.append(f"{where}: key 'review_urls': at least one pattern is required")
    site = SiteConfig(
        name=name,
        start_urls=start_urls,
        sitemap_urls=sitemap_urls,
        review_urls=review_urls,
        follow_urls=check(lambda: _patterns(where, entry, "follow_urls"), _NO_PATTERNS),
        allowed_domains=check(lambda: _strings(where, entry, "allowed_domains"), _NO_TEXT)
        or _domains(start_urls + sitemap_urls),
        publication=entry.get("publication"),
        language=check(lambda: _language(where, entry.get("language", "en")), "en"),
        date_order=check(
            lambda: _choice(where, "date_order", entry.get("date_order"), DATE_ORDERS), None
        ),
        work_type=check(
            lambda: _choice(where, "work_type", entry.get("work_type"), WORK_TYPES), None
        ),
        score_best=check(lambda: _positive(where, "score_best", entry.get("score_best")), None),
        tracking_params=check(lambda: _strings(where, entry, "tracking_params"), _NO_TEXT),
        selectors=check(lambda: _selectors(where, entry.get("selectors", {}), problems), {}),
        settings=check(lambda: _settings(where, entry.get("settings", {}), problems), {}),
        demo=entry.get("demo", False),
        enabled=entry.get("enabled", True),
    )
    if problems:
        raise SiteConfigError("\n".join(problems))
    return site


class _Checker:
    """Runs one key's check; a mistake is noted and a neutral value used, so
    the next keys are still checked and every mistake is reported at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def __call__(self, check: Callable[[], _T], default: _T) -> _T:
        try:
            return check()
        except SiteConfigError as exc:
            self.problems.append(str(exc))
            return default


def _known_keys(where: str, entry: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
    """The entry without its unknown or mistyped keys, each noted in ``problems``."""
    kept: dict[str, Any] = {}
    for key, value in entry.items():
        expected = _SITE_KEYS.get(key)
        if expected is None:
            problems.append(f"{where}: unknown key {key!r}")
        elif not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            problems.append(f"{where}: key {key!r}: wrong type {type(value).__name__}")
        else:
            kept[key] = value
    return kept


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


def _selectors(where: str, value: Mapping[str, Any], problems: list[str]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for key, selector in value.items():
        if key not in FIELDS:
            fields = ", ".join(FIELDS)
            problems.append(f"{where}: key 'selectors.{key}': unknown field (fields: {fields})")
        elif not isinstance(selector, str) or not selector.strip():
            problems.append(f"{where}: key 'selectors.{key}': must be a non-empty string")
        else:
            try:
                _check_selector(where, key, selector)
            except SiteConfigError as exc:
                problems.append(str(exc))
            else:
                kept[key] = selector
    return kept


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


def _settings(where: str, value: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
    allowed = ", ".join(sorted(SITE_SETTINGS))
    problems.extend(
        f"{where}: key 'settings.{key}': not a per-site setting (allowed: {allowed})"
        for key in value
        if key not in SITE_SETTINGS
    )
    known = {key: setting for key, setting in value.items() if key in SITE_SETTINGS}
    wrong = value_problems(known, setting_rules)
    problems.extend(f"{where}: key 'settings.{key}': {why}" for key, why in wrong.items())
    return known
