"""Publication dates as timezone-aware datetimes.

ISO 8601 strings (what ``<time datetime>`` and JSON-LD give) are read with
:meth:`datetime.fromisoformat`; the days most pages print ("June 16, 2024",
"06/09/2024") are read as dateparser reads them, without it; everything else
goes to dateparser, always with explicit languages (the all-locale search is
slow and guesses wrong).
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
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.timezone_parser import pop_tz_offset_from_string
from dateparser.utils import UTC as DATEPARSER_UTC  # the time zone of dateparser's readings

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
    order = date_order or _custom_order(chosen[0])
    words = _strip_decoration(cleaned)
    return (
        _from_iso(cleaned)
        or read_without_dateparser(words, chosen, order)
        or _from_words(words, chosen, order, _naive_utc(relative_base))
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


#: The languages and date orders in which :func:`plain_day` and
#: :func:`numeric_day` are tested to read days exactly as dateparser does.
SHORTCUT_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "nl", "pt", "pl"})
SHORTCUT_ORDERS = frozenset({None, "DMY", "MDY", "YMD"})


def read_without_dateparser(
    text: str, languages: tuple[str, ...], date_order: str | None
) -> datetime | None:
    """dateparser's reading of the days most pages print, or ``None`` to ask it.

    These dates are most of what pages print, and dateparser, which tries
    every shape and locale, spends some 2 ms on each. The reading is the
    same: the day at midnight, in dateparser's own UTC, whatever the relative
    base (a full date does not count from it).

    >>> read_without_dateparser("06/09/2024", ("de", "en"), "DMY")
    datetime.datetime(2024, 9, 6, 0, 0, tzinfo=<UTC>)
    >>> read_without_dateparser("June 16, 2024", ("ja",), "YMD") is None
    True
    """
    if date_order not in SHORTCUT_ORDERS or not SHORTCUT_LANGUAGES.issuperset(languages):
        return None
    day = plain_day(text) or numeric_day(text, languages, date_order)
    return datetime(day.year, day.month, day.day, tzinfo=DATEPARSER_UTC) if day else None


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        start=1,
    )
}  # fmt: skip
_MONTH = "|".join(_MONTHS)
_PLAIN_DAY = re.compile(
    rf"(?:(?P<month>{_MONTH}) (?P<day>\d{{1,2}}),? "
    rf"|(?P<day_first>\d{{1,2}}) (?P<month_after>{_MONTH}) )(?P<year>(?:19|20)\d{{2}})"
)


def plain_day(text: str) -> date | None:
    """The day of "June 16, 2024", "June 16 2024" or "16 June 2024".

    dateparser reads these as that day in each language of
    :data:`SHORTCUT_LANGUAGES` and each order of :data:`SHORTCUT_ORDERS` (an
    English month name is that month, or no word, in each of them); days that
    do not exist are left to it.

    >>> plain_day("June 16, 2024"), plain_day("16 June 2024")
    (datetime.date(2024, 6, 16), datetime.date(2024, 6, 16))
    >>> plain_day("February 30, 2024"), plain_day("16 Juni 2024")
    (None, None)
    """
    match = _PLAIN_DAY.fullmatch(text)
    if match is None:
        return None
    month = _MONTHS[match["month"] or match["month_after"]]
    return _day(int(match["year"]), month, int(match["day"] or match["day_first"]))


_NUMERIC_DAY = re.compile(
    r"(?P<first>[0-9]{1,2})(?P<separator>[/.-])(?P<second>[0-9]{1,2})(?P=separator)"
    r"(?P<year>(?:19|20)[0-9]{2})"
    r"|(?P<year_first>(?:19|20)[0-9]{2})(?P<separator_after>[/.-])"
    r"(?P<month>[0-9]{1,2})(?P=separator_after)(?P<day>[0-9]{1,2})"
)


def numeric_day(text: str, languages: tuple[str, ...], date_order: str | None) -> date | None:
    """The day of "06/09/2024", "6.9.2024" or "2024/06/09" as dateparser reads it.

    A four-digit year first is followed by the month and the day in the orders
    of :data:`SHORTCUT_ORDERS`. Otherwise the two numbers are day and month in
    the date order (English's, month first, when none is given); YMD reads
    them in ways of its own and is left to dateparser. Numbers that make no
    day in that order are read the other way round ("13/05/2024" in MDY),
    and if that makes no day either, dateparser is asked.

    >>> numeric_day("06/09/2024", ("en",), "DMY"), numeric_day("06.09.2024", ("en",), None)
    (datetime.date(2024, 9, 6), datetime.date(2024, 6, 9))
    >>> numeric_day("2024/13/05", ("en",), "YMD"), numeric_day("13/05/2024", ("en",), "MDY")
    (datetime.date(2024, 5, 13), datetime.date(2024, 5, 13))
    >>> numeric_day("06/09/2024", ("en",), "YMD"), numeric_day("31/02/2024", ("en",), "DMY")
    (None, None)
    """
    match = _NUMERIC_DAY.fullmatch(text)
    order = date_order or ("MDY" if languages[:1] == ("en",) else None)
    if match is None or order not in ("DMY", "MDY", "YMD"):
        return None
    if match["year_first"]:
        year, month, day = int(match["year_first"]), int(match["month"]), int(match["day"])
    elif order in ("DMY", "MDY"):
        year, first, second = int(match["year"]), int(match["first"]), int(match["second"])
        day, month = (first, second) if order == "DMY" else (second, first)
    else:
        return None
    return _day(year, month, day) or _day(year, day, month)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


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
