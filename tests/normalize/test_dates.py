from datetime import UTC, datetime, timedelta, timezone

import pytest

from aggregator.normalize import parse_date

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
