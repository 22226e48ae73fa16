from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.normalize import parse_date
from aggregator.normalize.dates import (
    SHORTCUT_LANGUAGES,
    SHORTCUT_ORDERS,
    _custom_order,
    _read_words,
    numeric_day,
    plain_day,
    read_without_dateparser,
)

BASE = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PLUS_TWO = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-14", datetime(2022, 3, 14, tzinfo=UTC)),
        ("2022-03-14T09:00:00", datetime(2022, 3, 14, 9, tzinfo=UTC)),
        ("2022-03-14T09:00:00Z", datetime(2022, 3, 14, 9, tzinfo=UTC)),
        ("2022-03-14T09:00:00+02:00", datetime(2022, 3, 14, 9, tzinfo=PLUS_TWO)),
        ("2022-03-14T09:00:00.123+0200", datetime(2022, 3, 14, 9, 0, 0, 123000, tzinfo=PLUS_TWO)),
        ("2022-03-14 09:00", datetime(2022, 3, 14, 9, tzinfo=UTC)),
        ("March 14, 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Mar 14, 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("14 March 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Monday, March 14, 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Published March 14, 2022 at 9:00 am", datetime(2022, 3, 14, 9, tzinfo=UTC)),
        ("Published: March 14, 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Posted on 14/03/2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Posted on 14/03/2022 by Jane Doe", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Updated March 14, 2022 | 9:00 AM", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Last updated on March 14, 2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("03/14/2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("March 14, 2022 09:00 +0200", datetime(2022, 3, 14, 9, tzinfo=PLUS_TWO)),
        ("Mon, 14 Mar 2022 09:00:00 GMT", datetime(2022, 3, 14, 9, tzinfo=UTC)),
        ("2 days ago", datetime(2024, 4, 29, 12, tzinfo=UTC)),
        ("3 hours ago", datetime(2024, 5, 1, 9, tzinfo=UTC)),
        ("yesterday", datetime(2024, 4, 30, 12, tzinfo=UTC)),
        ("Veröffentlicht am 14.03.2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Publié le 14/03/2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("Opublikowano: 14.03.2022", datetime(2022, 3, 14, tzinfo=UTC)),
        ("  March\u00a014,\u00a02022 ", datetime(2022, 3, 14, tzinfo=UTC)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text, relative_base=BASE)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", [None, "", "soon", "not a date at all", "x" * 500])
def test_parse_date_none(text: str | None) -> None:
    assert parse_date(text, relative_base=BASE) is None


@pytest.mark.parametrize(
    "text",
    [
        "2002",  # a year is not a day
        "2017-05",
        "November 2002",
        "Revised November 2002",
        "March 14",  # no year: reading it as this year's is a guess
        "9:41 am",  # a time without a date is not today
        "16:05 Uhr",
        "© 2019 The Paper",
        "Copyright 2019-2022",
        "Release date: March 14, 2022",
        "Veröffentlichung: 04.02.2022",  # German details boxes: the record's release
        "Erscheinungsdatum: 04.02.2022",
    ],
)
def test_no_day_no_date(text: str) -> None:
    assert parse_date(text, relative_base=BASE) is None


def test_date_order_and_languages() -> None:
    assert parse_date("03/04/2022", date_order="DMY") == datetime(2022, 4, 3, tzinfo=UTC)
    assert parse_date("03/04/2022", date_order="MDY") == datetime(2022, 3, 4, tzinfo=UTC)
    assert parse_date("14. März 2022", languages=["de"]) == datetime(2022, 3, 14, tzinfo=UTC)
    assert parse_date("14 mars 2022", languages=("fr",)) == datetime(2022, 3, 14, tzinfo=UTC)


def test_bad_settings_do_not_raise() -> None:
    assert parse_date("March 14, 2022", languages=["xx-not-a-language"]) is None
    assert parse_date("March 14, 2022", date_order="QQQ") is None


def test_a_remembered_reading_follows_its_base_and_settings() -> None:
    later = BASE + timedelta(days=30)
    assert parse_date("2 days ago", relative_base=BASE) == datetime(2024, 4, 29, 12, tzinfo=UTC)
    assert parse_date("2 days ago", relative_base=later) == datetime(2024, 5, 29, 12, tzinfo=UTC)
    assert parse_date("03/04/2022", date_order="DMY") == datetime(2022, 4, 3, tzinfo=UTC)
    assert parse_date("03/04/2022", date_order="MDY") == datetime(2022, 3, 4, tzinfo=UTC)


def test_without_a_base_a_relative_date_counts_from_now() -> None:
    before = datetime.now(UTC)
    first = parse_date("2 days ago")
    second = parse_date("2 days ago")
    assert first is not None
    assert second is not None
    assert before - timedelta(days=2) <= first <= second <= datetime.now(UTC) - timedelta(days=2)


@pytest.mark.parametrize(
    "text",
    [
        "RELEASED: May 4, 2021",
        "In Theaters May 4, 2021",
        "Kinostart: 4. Mai 2021",
        "Sortie le 4 mai 2021",
        "Estreno: 4 de mayo de 2021",
        "Uscita: 4 maggio 2021",
        "Copyright May 4, 2021",
        "(C) 2021 May 4",
        "&copy; May 4, 2021",
    ],
)
def test_other_dates_labels_in_any_case(text: str) -> None:
    assert parse_date(text, relative_base=BASE) is None


# The days read without dateparser, compared with dateparser's own reading
# (_read_words, which nothing remembers) of the same text, languages and order.

LANGUAGES = sorted(SHORTCUT_LANGUAGES)
ORDERS = sorted(SHORTCUT_ORDERS, key=str)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
SHAPES = ("{m} {d}, {y}", "{m} {d} {y}", "{d} {m} {y}", "{m} {d:02d}, {y}", "{d:02d} {m} {y}")
READINGS = [
    (languages, order)
    for languages in (tuple(LANGUAGES), *((code, "en") for code in LANGUAGES))
    for order in ORDERS
]


def as_dateparser_reads(text: str, languages: tuple[str, ...], order: str | None) -> None:
    """The shortcut reads ``text`` as dateparser does, when it reads it."""
    # parse_date's order: the site's, else the first language's custom.
    order = order or _custom_order(languages[0])
    read = read_without_dateparser(text, languages, order)
    if read is not None:
        expected = _read_words(text, languages, order, None)
        # The same object: the same day, and dateparser's own UTC.
        assert repr(read) == repr(expected), (text, languages, order)


def test_plain_days_are_read_as_dateparser_reads_them() -> None:
    texts = [
        shape.format(m=month, d=number, y=year)
        for month in MONTHS
        for number in (1, 9, 12, 13, 29, 30, 31)
        for year in (1999, 2000, 2024)
        for shape in SHAPES
    ]
    # Each text in one of the languages and date orders, all of them in turn.
    for index, text in enumerate(texts[::3]):
        languages, order = READINGS[index % len(READINGS)]
        expected = _read_words(text, languages, order or _custom_order(languages[0]), None)
        read = plain_day(text)
        assert read == (expected.date() if expected else None), (text, languages, order)


# Days and months, with and without a leading zero, and numbers that are neither.
NUMBERS = st.one_of(
    st.integers(1, 12).map(str),
    st.integers(1, 31).map(str),
    st.integers(0, 9).map("0{}".format),
    st.integers(0, 40).map(str),
    st.just("99"),
)


@settings(max_examples=500, deadline=None)
@given(
    first=NUMBERS,
    second=NUMBERS,
    year=st.sampled_from([1900, 1999, 2000, 2023, 2024, 2099]) | st.integers(1900, 2099),
    separator=st.sampled_from("/.-"),
    year_first=st.booleans(),
    languages=st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True),
    order=st.sampled_from(ORDERS),
    base=st.none() | st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
)
def test_numeric_days_are_read_as_dateparser_reads_them(
    first: str,
    second: str,
    year: int,
    separator: str,
    year_first: bool,
    languages: list[str],
    order: str | None,
    base: datetime | None,
) -> None:
    parts = (str(year), first, second) if year_first else (first, second, str(year))
    text = separator.join(parts)
    chosen = tuple(languages)
    effective = order or _custom_order(chosen[0])
    read = read_without_dateparser(text, chosen, effective)
    if read is not None:
        assert repr(read) == repr(_read_words(text, chosen, effective, base)), text
    # Days that exist in the order given are always read without dateparser.
    day, month = (first, second) if effective == "DMY" else (second, first)
    if year_first:
        day, month = second, first
    if (year_first or effective in ("DMY", "MDY", None)) and _exists(year, month, day):
        assert read is not None, text


def _exists(year: int, month: str, day: str) -> bool:
    try:
        datetime(year, int(month), int(day))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "languages", "order", "expected"),
    [
        ("06/09/2024", ("en",), "DMY", (2024, 9, 6)),
        ("06/09/2024", ("en",), "MDY", (2024, 6, 9)),
        ("06/09/2024", ("en",), None, (2024, 6, 9)),  # English: month first
        ("6.9.2024", ("de", "en"), "DMY", (2024, 9, 6)),
        ("13/05/2024", ("en",), "MDY", (2024, 5, 13)),  # no 13th month: the other way
        ("05/13/2024", ("fr", "en"), "DMY", (2024, 5, 13)),
        ("2024/06/09", ("en",), "DMY", (2024, 6, 9)),  # year first: month, day
        ("2024.13.05", ("pl", "en"), "YMD", (2024, 5, 13)),
        ("2024-6-9", ("en",), None, (2024, 6, 9)),
        ("29/02/2024", ("it", "en"), "DMY", (2024, 2, 29)),
        # left to dateparser: no such day, YMD's own readings, a two-digit year
        ("29/02/2023", ("en",), "DMY", None),
        ("31/02/2024", ("en",), "DMY", None),
        ("06/09/2024", ("en",), "YMD", None),
        ("06/09/24", ("en",), "DMY", None),
        ("06/09-2024", ("en",), "DMY", None),
        ("06/09/2024", ("ja",), "DMY", None),
        ("06/09/2024", ("en",), "DYM", None),
    ],
)
def test_numeric_days(
    text: str, languages: tuple[str, ...], order: str | None, expected: tuple[int, int, int] | None
) -> None:
    read = read_without_dateparser(text, languages, order)
    assert (read.timetuple()[:3] if read else None) == expected
    as_dateparser_reads(text, languages, order)
    if expected:
        assert numeric_day(text, languages, order) is not None
