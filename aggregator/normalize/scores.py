"""Review scores on a common 0-100 scale.

``value`` is the score as a percentage of the source scale, rounded to one
decimal; ``best`` is the top of that scale (5, 10, 100, 4, ...).

Accepted shapes: "3.5/5", "8,5 / 10", "4 out of 5", "2 stars out of 4", "85%",
"7 on a scale of 1 to 10", "4 on a 1-5 scale", star symbols ("★★★½☆": ★ and ½
counted against all symbols; without ☆ the scale is ``best``, else 5), "3½
stars" and "4 stars" (scale ``best``, else 5), "7 von 8" / "4 sur 5" (the
"out of" of other languages), and schema.org mappings. Prefixes such as
"Rating:" or "Grade:" are ignored. A score above its scale or below zero is
rejected.

A bare number needs ``best``, with one exception: a number with one decimal
that a five-point scale cannot hold ("8.2": above 5, or tenths other than .0
and .5, which star scales do not have) is out of 10; hundred-point scales
print no decimals. Any other bare number ("8", "4.5") has no known scale and
gives None: the caller keeps the raw text rather than guess.

schema.org ``{"ratingValue", "bestRating", "worstRating"}``: a missing
``worstRating`` counts as 0; any other worst rescales, (value - worst) /
(best - worst). A missing ``bestRating`` is guessed: 5 when the value is at
most 5, else 10 when at most 10, else 100.

Letter grades have ``best`` None. Each step between letters is 25 points, a
plus or minus a third of a step:

=====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =
A+     A      A-     B+     B      B-     C+     C      C-     D+     D      D-     F
100    100    91.7   83.3   75     66.7   58.3   50     41.7   33.3   25     16.7   0
=====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =====  =
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aggregator.normalize.cleaning import clean_text

DEFAULT_STAR_SCALE = 5.0

_NUMBER = r"(\d{1,4}(?:\.\d{1,3})?)"
_PREFIX = re.compile(
    r"^(?:(?:our|overall|final|critic|user|editor'?s?)\s+)?(?:rating|score|grade|verdict|stars)"
    r"\s*[:\-–]?\s*",
    re.I,
)
_TAIL = r"\s*(?:stars?|points?|pts|punkte[n]?|sterne[n]?|étoiles?)?\.?"
# "out of" in the languages of the sites we read: "7 von 8", "4 sur 5", "8 su 10", "4 uit 5".
_OUT_OF = r"(?:/|out\s+of|of|von|sur|su|de|uit|van)"
_FRACTION = re.compile(
    rf"{_NUMBER}\s*(?:stars?|points?|punkte[n]?|sterne[n]?)?\s*{_OUT_OF}\s*{_NUMBER}{_TAIL}",
    re.I,
)
_RANGE = re.compile(
    rf"{_NUMBER}\s+on\s+an?\s+(?:scale\s+(?:of|from)\s+)?{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}"
    r"(?:\s+scale)?\.?",
    re.I,
)
_PERCENT = re.compile(rf"{_NUMBER}\s*%")
_STARS = re.compile(rf"{_NUMBER}\s*stars?\.?", re.I)
_BARE = re.compile(rf"{_NUMBER}\.?")
_GRADE = re.compile(r"([A-DF])\s*([+\-−–]?)", re.I)
_HALF = re.compile(r"(\d)(?:\s*½|\s+1/2\b)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
_FULL_STARS = "★⭐✭✮"
_EMPTY_STARS = "☆✩"
_GRADE_BASE = {"A": 100.0, "B": 75.0, "C": 50.0, "D": 25.0, "F": 0.0}


@dataclass(frozen=True, slots=True)
class Score:
    """A score as written (``raw``) and as a percentage of its scale."""

    raw: str
    value: float
    best: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "value": self.value, "best": self.best}


def parse_score(
    value: str | float | Mapping[str, object] | None, best: float | None = None
) -> Score | None:
    """Read a score; ``best`` is the scale for numbers that do not carry one.

    >>> parse_score("3,5/5")
    Score(raw='3,5/5', value=70.0, best=5.0)
    >>> parse_score("★★★½☆").value
    70.0
    >>> parse_score("Grade: B-")
    Score(raw='Grade: B-', value=66.7, best=None)
    >>> parse_score({"ratingValue": "4", "bestRating": "5", "worstRating": "1"})
    Score(raw='4 on a 1-5 scale', value=75.0, best=5.0)
    >>> parse_score("4", best=5).value
    80.0
    >>> parse_score("4") is None, parse_score("6/5") is None
    (True, True)
    """
    if isinstance(value, Mapping):
        return _from_mapping(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _make(str(value), float(value), best)
    if isinstance(value, str):
        return _from_text(value, best)
    return None


def _make(raw: str, score: float, best: float | None, worst: float = 0.0) -> Score | None:
    if best is None or not all(map(math.isfinite, (score, best, worst))):
        return None
    if best <= worst or not worst <= score <= best:
        return None
    return Score(raw, round((score - worst) / (best - worst) * 100, 1), best)


def _from_text(text: str, best: float | None) -> Score | None:
    raw = clean_text(text)
    if raw is None or len(raw) > 100:
        return None
    body = _PREFIX.sub("", raw)
    body = _HALF.sub(r"\1.5", _DECIMAL_COMMA.sub(r"\1.\2", body)).strip()
    if any(c in _FULL_STARS + _EMPTY_STARS + "½" for c in body):
        return _from_symbols(raw, body, best)
    if grade := _GRADE.fullmatch(body):
        return _from_grade(raw, grade)
    return _from_numbers(raw, body, best)


def _from_numbers(raw: str, body: str, best: float | None) -> Score | None:
    if match := _FRACTION.fullmatch(body):
        return _make(raw, float(match.group(1)), float(match.group(2)))
    if match := _RANGE.fullmatch(body):
        score, worst, top = map(float, match.groups())
        return _make(raw, score, top, worst)
    if match := _PERCENT.fullmatch(body):
        return _make(raw, float(match.group(1)), 100.0)
    if match := _STARS.fullmatch(body):
        return _make(raw, float(match.group(1)), best or DEFAULT_STAR_SCALE)
    if match := _BARE.fullmatch(body):
        return _make(raw, float(match.group(1)), best or ten_point_scale(match.group(1)))
    return None


_ONE_DECIMAL = re.compile(r"\d{1,2}\.(\d)")
TEN_POINT = 10.0


def ten_point_scale(number: str) -> float | None:
    """10 for a bare number only a ten-point scale prints, else None (scale unknown).

    >>> ten_point_scale("8.2"), ten_point_scale("4.3"), ten_point_scale("7.0")
    (10.0, 10.0, 10.0)
    >>> ten_point_scale("4.5"), ten_point_scale("8"), ten_point_scale("87") is None
    (None, None, True)
    """
    match = _ONE_DECIMAL.fullmatch(number)
    if match is None or float(number) > TEN_POINT:
        return None
    fits_five = float(number) <= DEFAULT_STAR_SCALE and match.group(1) in "05"
    return None if fits_five else TEN_POINT


def _from_symbols(raw: str, body: str, best: float | None) -> Score | None:
    if body.strip(_FULL_STARS + _EMPTY_STARS + "½ "):
        return None
    full = sum(body.count(c) for c in _FULL_STARS)
    halves = body.count("½")
    empty = sum(body.count(c) for c in _EMPTY_STARS)
    scale = float(full + halves + empty) if empty else best or DEFAULT_STAR_SCALE
    return _make(raw, full + halves / 2, scale)


def _from_grade(raw: str, grade: re.Match[str]) -> Score:
    letter, sign = grade.group(1).upper(), grade.group(2)
    step = 25 / 3 if sign == "+" else -25 / 3 if sign else 0.0
    value = _GRADE_BASE[letter] + (step if letter != "F" else 0.0)
    return Score(raw, round(min(100.0, value), 1), None)


def _from_mapping(data: Mapping[str, object]) -> Score | None:
    score = _number(data.get("ratingValue"))
    if score is None:
        return None
    best = _number(data.get("bestRating")) or _guess_best(score)
    worst = _number(data.get("worstRating")) or 0.0
    # The raw text is one the string parser reads back to the same score.
    if worst:
        raw = f"{_format(score)} on a {_format(worst)}-{_format(best)} scale"
    else:
        raw = f"{_format(score)}/{_format(best)}"
    return _make(raw, score, best, worst)


def _guess_best(score: float) -> float:
    return 5.0 if score <= 5 else 10.0 if score <= 10 else 100.0


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and (match := _BARE.fullmatch(value.strip().replace(",", "."))):
        return float(match.group(1))
    return None


def _format(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)
