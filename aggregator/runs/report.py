"""Run records for people and scripts: the summary table, JSON, notifications."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from aggregator.db.models import CrawlRun

logger = logging.getLogger(__name__)

#: Columns of the table, as (heading, crawl_runs column).
COLUMNS = (
    ("pages", "pages"),
    ("new", "new"),
    ("updated", "updated"),
    ("same", "unchanged"),
    ("304", "not_modified"),
    ("skipped", "skipped"),
    ("copies", "duplicates"),
)
#: The run fields the JSON output and the summary carry.
FIELDS = (
    "id", "site", "started_at", "finished_at", "status", "finish_reason",
    *(column for _, column in COLUMNS), "drops", "errors", "coverage", "covered", "alarms",
)  # fmt: skip


def load_runs(
    engine: Engine, *, ids: Iterable[int] = (), site: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Runs by id, or the newest ``limit`` runs (of one site), newest first."""
    query = select(*(getattr(CrawlRun, name) for name in FIELDS)).order_by(CrawlRun.id.desc())
    wanted = list(ids)
    query = query.where(CrawlRun.id.in_(wanted)) if wanted else query.limit(limit)
    if site:
        query = query.where(CrawlRun.site == site)
    with engine.connect() as connection:
        return [_plain(dict(row._mapping)) for row in connection.execute(query)]


def _plain(run: dict[str, Any]) -> dict[str, Any]:
    """Times as ISO strings in UTC (SQLite returns them without a zone)."""
    for key in ("started_at", "finished_at"):
        value = run[key]
        if isinstance(value, datetime):
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            run[key] = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return run


def table(runs: Sequence[Mapping[str, Any]]) -> str:
    """The runs as an aligned text table, with their alarms and errors below it.

    >>> print(table([{"site": "a", "status": "ok", "started_at": "2025-01-01T03:00:00Z",
    ...               "finished_at": "2025-01-01T03:01:05Z", "pages": 12, "new": 3}]))
    site  status  started           time  pages  new  updated  same  304  skipped  copies  errors
    a     ok      2025-01-01 03:00  1m05     12    3        0     0    0        0       0       0
    """
    head = ["site", "status", "started", "time", *(h for h, _ in COLUMNS), "errors"]
    rows = [head, *(_cells(run) for run in runs)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [_align(row, widths) for row in rows]
    lines += [f"  {line}" for run in runs for line in problems(run)]
    return "\n".join(lines)


def _align(row: list[str], widths: list[int]) -> str:
    """Names left-aligned (the first four columns), numbers right-aligned."""
    cells = [
        c.ljust(w) if i < 4 else c.rjust(w)
        for i, (c, w) in enumerate(zip(row, widths, strict=True))
    ]
    return "  ".join(cells).rstrip()


def _cells(run: Mapping[str, Any]) -> list[str]:
    started = str(run.get("started_at") or "")[:16].replace("T", " ")
    counts = [str(run.get(column) or 0) for _, column in COLUMNS]
    errors = sum((run.get("errors") or {}).values())
    status = str(run.get("status") or "running")
    return [str(run["site"]), status, started, _duration(run), *counts, str(errors)]


def _duration(run: Mapping[str, Any]) -> str:
    try:
        start = datetime.fromisoformat(str(run["started_at"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(run["finished_at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return "-"
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}"


def problems(run: Mapping[str, Any]) -> list[str]:
    """One line per alarm and per kind of error of a run."""
    site = run.get("site")
    lines = [
        f"ALARM {site}: no review pages reached (recent runs: {a['median']:g})"
        if a["field"] == "reviews"
        else f"ALARM {site}: {a['field']} on {a['coverage']:g}% of reviews "
        f"(median of recent runs {a['median']:g}%)"
        for a in run.get("alarms") or []
    ]
    errors = run.get("errors") or {}
    if errors:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items()))
        lines.append(f"errors {site}: {kinds}")
    if run.get("status") == "interrupted":
        lines.append(f"interrupted {site}: stopped by a signal; the next run picks up the rest")
    if run.get("status") == "failed" and not errors:
        lines.append(f"failed {site}: finish reason {run.get('finish_reason') or 'unknown'}")
    return lines


def notify(command: str, summary: str, timeout: float = 60) -> None:
    """Run the user's NOTIFY_COMMAND with the summary on stdin; its failure is only logged."""
    try:
        # A shell, on purpose: the setting is the user's own command line (mail -s ..., curl ...).
        done = subprocess.run(  # noqa: S602
            command, shell=True, input=summary, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.error("NOTIFY_COMMAND failed: %s", exc)
        return
    if done.returncode:
        logger.error("NOTIFY_COMMAND exited with status %d", done.returncode)


def dry_run_summary(stats: Mapping[str, Mapping[str, Any]]) -> str:
    """One line per site of a dry run (``crawlall --dry-run``), from its crawl stats.

    >>> print(dry_run_summary({"blog": {"dry_run/would_fetch": 3, "recrawl/new": 2,
    ...                                 "recrawl/due": 1, "recrawl/skipped": 7}}))
    blog: would fetch 3 review pages (2 new, 1 due again), 7 seen recently
    """
    return "\n".join(
        f"{name}: would fetch {counts.get('dry_run/would_fetch', 0)} review pages "
        f"({counts.get('recrawl/new', 0)} new, {counts.get('recrawl/due', 0)} due again), "
        f"{counts.get('recrawl/skipped', 0)} seen recently"
        for name, counts in stats.items()
    )
