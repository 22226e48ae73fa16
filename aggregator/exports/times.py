"""Times as the exports print them: UTC, RFC 3339, to the second."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


@lru_cache(maxsize=4096)
def timestamp(value: datetime | None) -> str | None:
    """RFC 3339 in UTC; a stored time without a zone is UTC (SQLite keeps none).

    >>> from datetime import timedelta, timezone
    >>> timestamp(datetime(2022, 5, 13, 9, 30, tzinfo=timezone(timedelta(hours=2))))
    '2022-05-13T07:30:00Z'
    >>> timestamp(datetime(2022, 5, 13))
    '2022-05-13T00:00:00Z'

    Cached: a batch's reviews share their first-seen, last-seen and updated times.
    """
    if value is None:
        return None
    return utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc(value: datetime) -> datetime:
    """An aware UTC time; a time without a zone is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
