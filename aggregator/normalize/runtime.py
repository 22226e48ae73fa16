"""Running times, in whole minutes.

Accepted shapes: "103 min", "1h 43m", "1 hr. 43 min.", "2 hours and 5 minutes",
"1:43" (h:mm), ISO 8601 durations ("PT1H43M", "P0DT1H43M20S"), a bare number
of minutes, and the same inside prose ("It is 103 minutes long", "a 103-minute
running time"). Seconds are rounded to the nearest minute. Values outside
1-1,000 minutes are not running times and give ``None``.
"""

from __future__ import annotations

import re

MAX_MINUTES = 1000

_ISO = re.compile(
    r"P(?:(?P<d>\d{1,3})D)?(?:T(?:(?P<h>\d{1,4})H)?(?:(?P<m>\d{1,5})M)?"
    r"(?:(?P<s>\d{1,6}(?:[.,]\d+)?)S)?)?",
    re.I,
)
_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?![\d:]|\s*[ap]\.?m\b)", re.I)
# "1h43": minutes may follow the hours without a unit.
_HOURS = re.compile(
    r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*-?\s*(?:hours?|hrs?|h)(?![a-z])"
    r"(?:\s*(\d{1,2})(?![\d.,]|\s*[a-z]))?",
    re.I,
)
_MINUTES = re.compile(r"(?<![\d.,])(\d{1,4})\s*-?\s*(?:minutes?|mins?|m)(?![a-z])", re.I)
_BARE = re.compile(r"\s*(\d{1,4})\s*")


def parse_runtime(text: str | int | None) -> int | None:
    """Return the running time in minutes, or ``None``.

    >>> parse_runtime("1 hr. 43 min.")
    103
    >>> parse_runtime("PT1H43M20S")
    103
    >>> parse_runtime("It is 103 minutes long and rated R")
    103
    >>> parse_runtime("Runtime: 2h 49min")
    169
    >>> parse_runtime("1.5 hours")
    90
    >>> parse_runtime("doors open 9:30 pm") is None
    True
    >>> parse_runtime(0) is None
    True
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return _plausible(text)
    if not isinstance(text, str):
        return None
    return _plausible(_minutes(text[:500]))


def _plausible(minutes: float | None) -> int | None:
    if minutes is None:
        return None
    rounded = int(minutes + 0.5)
    return rounded if 0 < rounded <= MAX_MINUTES else None


def _minutes(text: str) -> float | None:
    for parse in (_from_bare, _from_iso, _from_units, _from_clock):
        minutes = parse(text)
        if minutes is not None:
            return minutes
    return None


def _from_bare(text: str) -> float | None:
    match = _BARE.fullmatch(text)
    return float(match.group(1)) if match else None


def _from_iso(text: str) -> float | None:
    match = _ISO.fullmatch(text.strip())
    if not match or not any(match.groupdict().values()):
        return None
    days, hours, minutes = (int(match.group(g) or 0) for g in "dhm")
    seconds = float((match.group("s") or "0").replace(",", "."))
    return days * 1440 + hours * 60 + minutes + seconds / 60


def _from_units(text: str) -> float | None:
    hours = _HOURS.search(text)
    # Minutes belong to the hours only when they come after them ("1h 43m").
    minutes = _MINUTES.search(text, hours.end() if hours else 0)
    if hours and minutes and minutes.start() - hours.end() > 8:
        minutes = None
    if not hours and not minutes:
        return None
    total = (
        float(hours.group(1).replace(",", ".")) * 60 + int(hours.group(2) or 0) if hours else 0.0
    )
    return total + (int(minutes.group(1)) if minutes else 0)


def _from_clock(text: str) -> float | None:
    match = _CLOCK.search(text)
    if not match:
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 60 + minutes + seconds / 60
