"""Batches the database would not take wait on disk until a later run stores them.

A failed write is never silently dropped: the batch is written to a JSON lines
file under the spool directory, the crawl exits non-zero, and the next crawl
(or ``scrapy crawlall``) replays the spool before it starts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from aggregator.items import ReviewItem, review_from_dict, review_to_dict


class Spool:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def save(self, items: Iterable[ReviewItem]) -> Path:
        """Write a batch atomically (temporary name, then rename)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"batch-{stamp}-{os.getpid()}.jsonl"
        temporary = path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(review_to_dict(item), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
        return path

    def pending(self) -> list[Path]:
        return sorted(self.directory.glob("batch-*.jsonl")) if self.directory.is_dir() else []

    @staticmethod
    def load(path: Path) -> list[ReviewItem]:
        with path.open(encoding="utf-8") as lines:
            return [review_from_dict(json.loads(line)) for line in lines if line.strip()]
