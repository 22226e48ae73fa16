"""What the reviews of one work say together: scores, agreed facts, merged credits.

Pure functions over plain values, so that every aggregate in ``works.json``
can be checked by hand.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from aggregator.identity import person_key

T = TypeVar("T", bound=Hashable)

#: Scores fall in ten buckets of ten points; 100 counts in the last one.
BUCKETS = 10


def rounded(value: float) -> float:
    """One decimal, so that output does not wobble with float arithmetic.

    >>> rounded(2 / 3 * 100)
    66.7
    """
    return round(value + 0.0, 1)


def score_summary(values: Sequence[float], minimum: int) -> dict[str, Any] | None:
    """Mean, median, range and distribution of 0–100 scores; ``None`` below ``minimum``.

    >>> score_summary([80.0, 60.0, 70.0, 100.0], minimum=3)["median"]
    75.0
    >>> score_summary([80.0, 60.0], minimum=3) is None
    True
    """
    if not values or len(values) < minimum:
        return None
    return {
        "mean": rounded(math.fsum(values) / len(values)),
        "median": rounded(statistics.median(values)),
        "min": rounded(min(values)),
        "max": rounded(max(values)),
        "distribution": distribution(values),
    }


def distribution(values: Iterable[float]) -> list[int]:
    """How many scores fall in 0–9.9, 10–19.9, …, 90–100.

    >>> distribution([0.0, 9.9, 10.0, 95.0, 100.0])
    [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    """
    counts = [0] * BUCKETS
    for value in values:
        counts[min(int(value // 10), BUCKETS - 1) if value > 0 else 0] += 1
    return counts


def agreement(
    values: Iterable[T | None], prefer: Any = None
) -> tuple[T | None, list[tuple[T, int]]]:
    """The most common value given, and the others with their counts.

    Ties go to ``min(..., key=prefer)`` when ``prefer`` is given, else to the
    value seen first. Reviews that give no value (``None``) do not vote.

    >>> agreement([103, 105, 103, None])
    (103, [(105, 1)])
    >>> agreement([105, 103], prefer=lambda minutes: minutes)
    (103, [(105, 1)])
    """
    counts = Counter(value for value in values if value is not None)
    if not counts:
        return None, []
    top = max(counts.values())
    tied = [value for value, count in counts.items() if count == top]
    chosen = min(tied, key=prefer) if prefer else tied[0]
    others = [(value, count) for value, count in counts.most_common() if value != chosen]
    return chosen, others


#: A work's credits repeat in most of its reviews: each spelling is folded once.
_person_key = lru_cache(maxsize=65536)(person_key)


def most_cited(lists: Iterable[Sequence[str]]) -> list[str]:
    """Names merged across reviews: most reviews first, ties in order of first mention.

    Spellings that fold to the same person key count as one name, printed as
    first seen.

    >>> most_cited([["Ann", "Bob"], ["Cy", "bob"], ["Zoë", "Bob"]])
    ['Bob', 'Ann', 'Cy', 'Zoë']
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for values in lists:
        for key, name in {_person_key(name) or name: name for name in values}.items():
            names.setdefault(key, name)
            counts[key] += 1
    # Counter keeps insertion order, and sorted() is stable: ties stay in first-seen order.
    return [names[key] for key in sorted(counts, key=lambda key: -counts[key])]
