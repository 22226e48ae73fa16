"""Batches the database would not take wait on disk until a later run stores them.

A failed write is never silently dropped: the batch is written to a JSON lines
file under the spool directory, the crawl exits non-zero, and the next crawl
replays the spool before it starts (``scrapy replay`` does it without a crawl).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from aggregator.db.engine import safe_url
from aggregator.items import ReviewItem, review_from_dict, review_to_dict

logger = logging.getLogger(__name__)


def spool_dir(root: str, database_url: str) -> Path:
    """One spool folder per database: a batch is only ever replayed where it belongs."""
    digest = hashlib.sha1(safe_url(database_url).encode(), usedforsecurity=False).hexdigest()
    return Path(root) / digest[:12]


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

    def load(self, path: Path) -> list[ReviewItem]:
        """The reviews of one spooled batch.

        A damaged file (a disk error, a hand edit) must not stop the run that
        replays it: the reviews that still read are returned, and a copy of the
        whole file is set aside under ``corrupt/`` with a warning, for a person
        to look at. The caller removes the original once the rest is stored.
        """
        items: list[ReviewItem] = []
        bad: list[int] = []
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._set_aside(path, f"unreadable ({exc.__class__.__name__})")
            return []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(review_from_dict(json.loads(line)))
            except (ValueError, TypeError, KeyError, AttributeError):
                bad.append(number)
        if bad:
            lines = ", ".join(map(str, bad[:5])) + (" ..." if len(bad) > 5 else "")
            self._set_aside(path, f"{len(bad)} unreadable line(s): {lines}")
        return items

    def _set_aside(self, path: Path, problem: str) -> Path:
        corrupt = self.directory / "corrupt"
        corrupt.mkdir(parents=True, exist_ok=True)
        target = corrupt / path.name
        shutil.copyfile(path, target)
        logger.warning(
            "Spool file %(path)s is damaged (%(problem)s); the rest of it is stored, "
            "a copy is kept as %(target)s",
            {"path": path, "problem": problem, "target": target},
        )
        return target
