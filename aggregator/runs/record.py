"""What one run of one site did, and whether it looks broken: pure functions.

A run's row (``crawl_runs``) is built from the crawl stats and the field
coverage of the reviews it stored. Coverage is compared with the site's own
recent runs, because what is normal differs per site (one never gives a
runtime, another always does): a field falling far below the site's median is
the sign of a selector or a layout that stopped matching.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aggregator.items import ReviewItem, names

#: Fields whose coverage is recorded and watched, by their item attribute.
COVERAGE_FIELDS = names(coverage=True)

#: Finish reasons of a crawl that ended as configured (CLOSESPIDER_* limits).
FINISHED = ("finished", "closespider_")


@dataclass
class Coverage:
    """Counts, per watched field, of the reviews that have a value."""

    reviews: int = 0
    present: Counter[str] = field(default_factory=Counter)

    def add(self, item: ReviewItem) -> None:
        self.reviews += 1
        self.present.update(name for name in COVERAGE_FIELDS if getattr(item, name, None))

    def percent(self) -> dict[str, float]:
        """Percent per field, one decimal.

        >>> Coverage(4, Counter(headline=4, score=1)).percent()["score"]
        25.0
        """
        if not self.reviews:
            return {}
        return {n: round(100 * self.present[n] / self.reviews, 1) for n in COVERAGE_FIELDS}


def prefixed(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """Counters under ``prefix``, keyed by the rest of their name.

    >>> prefixed({"drop_item/not_review": 2, "drop_item/no_body": 1, "x": 3}, "drop_item/")
    {'not_review': 2, 'no_body': 1}
    """
    return {k.removeprefix(prefix): int(v) for k, v in stats.items() if k.startswith(prefix)}


#: Pages that failed for good but say nothing about the run: gone, or over the size limit.
NOT_ERRORS = frozenset({"http_404", "http_410", "too_large"})


def errors_by_kind(stats: Mapping[str, Any]) -> dict[str, int]:
    """Pages that failed for good (after retries) by reason, spider exceptions by type.

    A download that failed once and then succeeded on a retry is no error.
    ``download_failed/<reason>`` comes from :mod:`aggregator.faults`; without
    it, the HTTP errors Scrapy let through and the retries given up count.

    >>> errors_by_kind({"download_failed/timeout": 2, "download_failed/http_404": 3,
    ...                 "downloader/exception_type_count/builtins.TimeoutError": 5})
    {'timeout': 2}
    >>> errors_by_kind({"httperror/response_ignored_status_count/500": 1,
    ...                 "httperror/response_ignored_status_count/404": 3})
    {'http_500': 1}
    """
    kinds: Counter[str] = Counter()
    failed = prefixed(stats, "download_failed/")
    if not failed:
        for status, n in prefixed(stats, "httperror/response_ignored_status_count/").items():
            failed[f"http_{status}"] = n
        if stats.get("retry/max_reached"):
            failed["retry_max_reached"] = int(stats["retry/max_reached"])
    kinds.update({kind: n for kind, n in failed.items() if kind not in NOT_ERRORS})
    kinds.update(prefixed(stats, "spider_exceptions/"))
    if stats.get("storage/spooled"):
        kinds["storage_spooled"] += int(stats["storage/spooled"])
    return dict(kinds)


def reached(values: Mapping[str, Any]) -> int:
    """Review pages the run accounted for: stored, confirmed, skipped as fresh or copies.

    An incremental run of an unchanged site stores nothing and still reaches
    every review; a site whose links stopped matching reaches none.
    """
    names = ("new", "updated", "unchanged", "not_modified", "skipped", "duplicates")
    return sum(int(values.get(name) or 0) for name in names)


def run_values(stats: Mapping[str, Any], coverage: Coverage) -> dict[str, Any]:
    """The ``crawl_runs`` columns of a finished run (all but status and alarms)."""
    duplicates = prefixed(stats, "storage/duplicate/")
    return {
        "finish_reason": str(stats.get("finish_reason", "")),
        "pages": int(stats.get("response_received_count", 0)),
        "new": int(stats.get("storage/new", 0)),
        "updated": int(stats.get("storage/updated", 0)),
        "unchanged": int(stats.get("storage/unchanged", 0)),
        "not_modified": int(stats.get("recrawl/not_modified", 0)),
        "skipped": int(stats.get("recrawl/skipped", 0)),
        "duplicates": sum(duplicates.values()),
        "drops": prefixed(stats, "drop_item/"),
        "errors": errors_by_kind(stats),
        "coverage": coverage.percent() or None,
        "covered": coverage.reviews,
    }


@dataclass(frozen=True)
class Thresholds:
    #: Alarm when a field's coverage is this many points under the recent median.
    points: float = 20.0
    #: Compare with this many earlier runs that stored reviews.
    runs: int = 5
    #: Fewer reviews than this say too little about coverage to alarm on.
    min_reviews: int = 5


def find_alarms(
    values: Mapping[str, Any], history: Sequence[Mapping[str, Any]], limits: Thresholds
) -> list[dict[str, Any]]:
    """Broken-selector alarms of this run, given the site's earlier runs (newest first).

    >>> old = [{"coverage": {"score": 90.0}, "covered": 10, "new": 10}] * 3
    >>> now = {"coverage": {"score": 10.0}, "covered": 10, "new": 10}
    >>> find_alarms(now, old, Thresholds())
    [{'field': 'score', 'coverage': 10.0, 'median': 90.0}]
    >>> find_alarms({"new": 0}, old, Thresholds())
    [{'field': 'reviews', 'coverage': 0, 'median': 10}]
    """
    alarms: list[dict[str, Any]] = []
    earlier_reached = [reached(run) for run in history[: limits.runs]]
    if earlier_reached and reached(values) == 0 and statistics.median(earlier_reached) > 0:
        alarms.append(
            {"field": "reviews", "coverage": 0, "median": statistics.median(earlier_reached)}
        )
    current = values.get("coverage") or {}
    if int(values.get("covered") or 0) < limits.min_reviews:
        return alarms
    usable = [run["coverage"] for run in history if _usable(run, limits)][: limits.runs]
    for name in COVERAGE_FIELDS:
        past = [float(run.get(name, 0.0)) for run in usable]
        if not past or name not in current:
            continue
        median = statistics.median(past)
        if current[name] < median - limits.points:
            alarms.append({"field": name, "coverage": current[name], "median": median})
    return alarms


def _usable(run: Mapping[str, Any], limits: Thresholds) -> bool:
    return bool(run.get("coverage")) and int(run.get("covered") or 0) >= limits.min_reviews


def run_status(values: Mapping[str, Any], alarms: Iterable[Any], history_size: int) -> str:
    """ "ok", "interrupted" (SIGTERM, Ctrl-C), "failed" (did not finish, errors, or
    reached no review at all) or "alarm".

    >>> run_status({"finish_reason": "finished", "new": 3, "errors": {}}, [], 0)
    'ok'
    >>> run_status({"finish_reason": "shutdown", "new": 3, "errors": {}}, [], 0)
    'interrupted'
    >>> run_status({"finish_reason": "cancelled", "new": 3, "errors": {}}, [], 0)
    'failed'
    """
    reason = str(values.get("finish_reason") or "")
    if reason == "shutdown":  # Scrapy's reason when a signal stops the crawl
        return "interrupted"
    if not reason.startswith(FINISHED) or values.get("errors"):
        return "failed"
    if list(alarms):
        return "alarm"
    if reached(values) == 0 and history_size == 0:
        return "failed"  # a first run that finds nothing: the site entry is wrong
    return "ok"
