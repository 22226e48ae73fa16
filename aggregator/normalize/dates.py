"""Publication dates as timezone-aware datetimes.

ISO 8601 strings (what ``<time datetime>`` and JSON-LD give) are read with
:meth:`datetime.fromisoformat`; everything else goes to dateparser, always
with explicit languages (the all-locale search is slow and guesses wrong).
A date keeps the offset the page wrote; a date without one is taken as UTC.
Relative dates ("2 days ago") count from ``relative_base``, the crawl time,
or from now.

A date is a day: text that names only a year, a month or a time of day is not
read (``"November 2002"`` is not 1 November, ``"9:41"`` is not today), and
neither are copyright lines or dates labelled as a release ("Release date",
"Erscheinungsdatum"): those say when the work came out, not the review.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.timezone_parser import pop_tz_offset_from_string

from aggregator.normalize.cleaning import clean_text

DEFAULT_LANGUAGES = ("en",)
# Longer strings are prose, not a date field; dateparser time grows with length.
MAX_DATE_LENGTH = 120

_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?)?")
_ISO_ZONE = re.compile(r"Z|[+-]\d{2}(?::?\d{2})?", re.I)
_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+|originally\s+)?(?:published|posted|updated|modified"
    r"|date|reviewed|written|veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado"
    r"|actualizado|pubblicato|aggiornato|opublikowano|gepubliceerd|geplaatst|datum|fecha|data)"
    r"\b(?:\s+(?:on|at|am|um|le|el|em|il|op|dnia))?\s*[:\-–]?\s*)+",
    re.I,
)
# Labels of other dates than the review's own: the work's release, a copyright.
# The lookahead names every label's first character: trying a dozen labels at
# each position of the text made this search cost more than an ISO date's reading.
_NOT_PUBLICATION = re.compile(
    r"(?=[©&(ceiklrsuv])(?:©|&copy;|\(c\)\s*\d{4}|\bcopyright\b|\brelease[sd]?\b"
    r"|\bin\s+theaters\b|\berscheinungs|\bveröffentlichung\b|\bkinostart\b|\bsortie\b"
    r"|\blanzamiento\b|\bestreno\b|\buscita\b)",
    re.I,
)
# Numeric dates follow the custom of the first language when the site states no
# order: "03/04/2021" is 3 April on a German page, 4 March on an English one.
_YEAR_FIRST = frozenset({"zh", "ja", "ko", "hu", "lt", "sv", "mn"})
_SUFFIX = re.compile(r"\s+(?:by\s|[|·•]).*$", re.I | re.S)


def parse_date(
    text: str | None,
    *,
    languages: Sequence[str] | None = None,
    date_order: str | None = None,
    relative_base: datetime | None = None,
) -> datetime | None:
    """Read a date; ``None`` when the text holds none.

    >>> parse_date("2022-03-14T09:00:00+02:00").isoformat()
    '2022-03-14T09:00:00+02:00'
    >>> parse_date("Published March 14, 2022 at 9:00 am").isoformat()
    '2022-03-14T09:00:00+00:00'
    >>> parse_date("Posted on 14/03/2022 by Jane Doe").date().isoformat()
    '2022-03-14'
    >>> parse_date("2 days ago", relative_base=datetime(2024, 5, 1, 12)).isoformat()
    '2024-04-29T12:00:00+00:00'
    >>> parse_date("soon") is None
    True

    Only a day is a date; a year, a month or a time alone is not:

    >>> parse_date("Revised November 2002") is None, parse_date("9:41 am") is None
    (True, True)
    >>> parse_date("© 2019 The Paper") is None, parse_date("Release date: 4 May 2021") is None
    (True, True)
    """
    cleaned = clean_text(text)
    if cleaned is None or len(cleaned) > MAX_DATE_LENGTH or _NOT_PUBLICATION.search(cleaned):
        return None
    chosen = tuple(languages or DEFAULT_LANGUAGES)
    return _from_iso(cleaned) or _from_words(
        _strip_decoration(cleaned),
        chosen,
        date_order or _custom_order(chosen[0]),
        _naive_utc(relative_base),
    )


def _custom_order(language: str) -> str | None:
    """The usual order of numeric dates in a language (English: dateparser's own).

    >>> _custom_order("de"), _custom_order("en"), _custom_order("hu")
    ('DMY', None, 'YMD')
    """
    if language.split("-")[0] == "en":
        return None
    return "YMD" if language.split("-")[0] in _YEAR_FIRST else "DMY"


def _from_iso(text: str) -> datetime | None:
    shape = _ISO_SHAPE.match(text)
    if not shape or not _ISO_ZONE.fullmatch(text[shape.end() :] or "Z"):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _strip_decoration(text: str) -> str:
    return _SUFFIX.sub("", _PREFIX.sub("", text)).strip() or text


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _from_words(
    text: str, languages: tuple[str, ...], date_order: str | None, base: datetime | None
) -> datetime | None:
    """dateparser's reading, remembered: it costs a millisecond or two, and a page
    offers the same date text to several readers (and a site on many pages).

    Without a base, a relative date ("2 days ago") counts from now, and a
    two-digit year is the latest one not after now: a reading without a base is
    remembered only for the second it was made in.
    """
    return _remembered(text, languages, date_order, base, None if base else int(time.time()))


@lru_cache(maxsize=4096)
def _remembered(
    text: str,
    languages: tuple[str, ...],
    date_order: str | None,
    base: datetime | None,
    _second: int | None,  # part of the key only
) -> datetime | None:
    return _read_words(text, languages, date_order, base)


def forget_readings() -> None:
    """Forget the remembered readings (a benchmark measures first readings)."""
    _remembered.cache_clear()


def _read_words(
    text: str, languages: tuple[str, ...], date_order: str | None, base: datetime | None
) -> datetime | None:
    try:
        found = _parser(languages, date_order, base).get_date_data(text).date_obj
        offset = _written_offset(text)
    except Exception:  # dateparser raises many exception types on odd input
        return None
    if not isinstance(found, datetime):
        return None
    return found.astimezone(timezone(offset)) if offset is not None else found


def _written_offset(text: str) -> timedelta | None:
    """The UTC offset the text names ("+0200", "EST"), if any."""
    _, zone = pop_tz_offset_from_string(text)
    if zone is None:
        return None
    offset = zone.utcoffset(None)
    return offset if isinstance(offset, timedelta) else None


@lru_cache(maxsize=32)
def _parser(
    languages: tuple[str, ...], date_order: str | None, base: datetime | None
) -> DateDataParser:
    # Building a parser loads locale data; one per setting combination is
    # enough, and get_date_data holds the parser's own lock while it runs.
    settings: dict[str, object] = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "UTC",
        "PREFER_DATES_FROM": "past",
        # A missing day, month or year would be filled in from today: never invent them.
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if date_order:
        settings["DATE_ORDER"] = date_order
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=list(languages), settings=settings)
