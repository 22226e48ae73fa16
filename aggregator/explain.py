"""Why a review has the values it has: every field's candidates, layer by layer.

``scrapy extract PAGE --explain`` prints, for each field, every candidate the
layers offered with what normalisation made of it, the winner first (marked
``*``). A field whose winner a plausibility check set aside says so. The
page's kind comes first, with the signals that decided it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aggregator.extraction import extract
from aggregator.extraction.candidates import Candidate, merge
from aggregator.fields import FIELDS
from aggregator.loaders import ranked
from aggregator.review import build_review, loader_context, site_defaults
from aggregator.sites import SiteConfig

#: Characters of a raw value shown (body texts are long).
SHOWN_CHARS = 90


@dataclass(frozen=True)
class Row:
    """One candidate: its layer, raw value, normalised value, and whether it won."""

    source: str
    raw: Any
    value: Any
    winner: bool


def explain(
    url: str, body: bytes, site: SiteConfig | None = None, *, content_type: str | None = None
) -> tuple[dict[str, list[Row]], Mapping[str, str]]:
    """Per field, its candidates ranked as the loaders rank them, and the fields
    the finished review set aside (field → reason)."""
    crawled_at = datetime.now(UTC)
    extraction = extract(url, body, site, content_type=content_type)
    candidates = merge(extraction.candidates)
    candidates = merge(candidates, site_defaults(site))
    context = loader_context(url, site, crawled_at)
    item = build_review(url, body, site, content_type=content_type, crawled_at=crawled_at)
    order = [*FIELDS, *(name for name in candidates if name not in FIELDS)]
    kind = extraction.page_kind
    table = {"page_kind": [Row("signals", ", ".join(kind.reasons), kind.kind, True)]}
    table |= {
        name: _rows(name, candidates[name], context) for name in order if candidates.get(name)
    }
    return table, dict(getattr(item, "rejected_fields", {}) or {})


def _rows(name: str, found: list[Candidate], context: Mapping[str, Any]) -> list[Row]:
    ranking = ranked(name, found, context)
    return [
        Row(candidate.source, candidate.value, value, index == 0 and value is not None)
        for index, (candidate, value) in enumerate(ranking)
    ]


def format_explanation(table: Mapping[str, list[Row]], rejected: Mapping[str, str]) -> str:
    """The table as text: one block per field, one line per candidate.

    >>> print(format_explanation({"score": [Row("maintext", "8.2", 82.0, True),
    ...                                     Row("meta", "8", None, False)]}, {}))
    score
      * maintext  '8.2' → 82.0
        meta      '8' → unreadable
    """
    lines: list[str] = []
    for name, rows in table.items():
        note = f"  (set aside: {rejected[name]})" if name in rejected else ""
        lines.append(f"{name}{note}")
        for row in rows:
            mark = "*" if row.winner else " "
            value = "unreadable" if row.value is None else _shown(row.value)
            lines.append(f"  {mark} {row.source:<9} {_shown(row.raw)} → {value}")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = repr(value)
    else:
        text = json.dumps(_plain(value), ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    return value
