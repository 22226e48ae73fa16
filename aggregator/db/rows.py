"""A review item as a ``reviews`` row, and the digest of its content.

The columns come from the field declarations (:mod:`aggregator.items`): a
stored field's column has its name and holds its JSON value, except a score,
kept as three columns so that exports can sort and filter on its value.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from aggregator.items import SHAPE, ReviewItem, names, review_to_dict

#: The columns of a score.
SCORE_COLUMNS = ("score_value", "score_raw", "score_best")


def columns(name: str) -> tuple[str, ...]:
    """The ``reviews`` columns of a stored field.

    >>> columns("score"), columns("verdict")
    (('score_value', 'score_raw', 'score_best'), ('verdict',))
    """
    return SCORE_COLUMNS if name == "score" else (name,)


#: Columns that describe the review's content; a change in any is an update.
CONTENT_FIELDS = (*(c for name in names(content=True) for c in columns(name)), "work_id")
#: Content columns added after reviews were stored: left out of the digest while null.
LATE_COLUMNS = frozenset(c for name in names(late=True) for c in columns(name))


#: (name, kind, key under ``work``) of the stored fields.
_STORED = tuple(shaped for shaped in SHAPE if shaped[0] in names(stored=True))


def review_row(item: ReviewItem) -> dict[str, Any]:
    """The ``reviews`` columns for an item (without ids and timestamps)."""
    data = review_to_dict(item)
    work = data["work"]
    row: dict[str, Any] = {}
    for name, kind, key in _STORED:
        if kind == "score":
            score = item.score
            parts = (score.value, score.raw, score.best) if score else (None, None, None)
            row.update(zip(SCORE_COLUMNS, parts, strict=True))
        elif kind == "time":
            value = getattr(item, name)
            # UTC: SQLite keeps no offset, so every stored time is in one zone.
            row[name] = value.astimezone(UTC) if value else None
        else:
            row[name] = work[key] if key else data[name]
    row["page_type"] = row["page_type"] or "review"  # the column is required
    return row


def content_digest(row: dict[str, Any]) -> str:
    content = {name: row.get(name) for name in CONTENT_FIELDS}
    for name in LATE_COLUMNS:
        if content[name] is None:
            del content[name]
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def jsonable(value: Any) -> Any:
    """A column value as JSON data (times as RFC 3339)."""
    return value.isoformat() if isinstance(value, datetime) else value
