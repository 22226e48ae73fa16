"""Each work's reviews, set aside during the export's one pass over the reviews.

The pass reads reviews by public id, while ``works.json`` and the work feeds
need them by work. What a work needs of each review (:class:`WorkReview`,
with its entry and feed item already JSON) goes to a temporary file as the
review passes; memory keeps only where each piece lies, so that it grows by a
few bytes a review, not by the size of the works' files.
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from aggregator.exports.files import dumps
from aggregator.exports.records import WorkHead, WorkReview

#: A spooled review: its facts, entry and item as JSON, one line each (JSON
#: text has no line breaks of its own).
_SEPARATOR = "\n"
_DECODE = json.JSONDecoder().decode


@contextmanager
def work_spool() -> Iterator[WorkSpool]:
    """A :class:`WorkSpool` whose file goes when the block ends, however it ends."""
    with tempfile.TemporaryFile(prefix="export-") as file:
        yield WorkSpool(file)


class WorkSpool:
    """Reviews grouped by work, in a binary file open for reading and writing.

    >>> review = WorkReview("r_1", None, "2024-05-01T00:00:00Z", 80.0, 155, None,
    ...                     ["Ann"], [], [], [], '{"id": "r_1"}', '{"id": "r_1", "url": "u"}')
    >>> with work_spool() as spool:
    ...     spool.add(WorkHead("w_1", "movie", "Dune", 2021), review)
    ...     [(work.title, reviews == [review]) for work, reviews in spool.works()]
    [('Dune', True)]
    """

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._size = 0
        #: Work id -> the work's columns, and (offset, length) of each of its reviews.
        self._heads: dict[str, WorkHead] = {}
        self._places: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._heads)

    def add(self, work: WorkHead, review: WorkReview) -> None:
        facts = dumps(review[: len(WorkReview._fields) - 2])
        data = _SEPARATOR.join((facts, review.entry, review.item)).encode()
        if work.public_id not in self._heads:
            self._heads[work.public_id] = work
            self._places[work.public_id] = array("q")
        self._places[work.public_id].extend((self._size, len(data)))
        self._file.write(data)
        self._size += len(data)

    def works(self) -> Iterator[tuple[WorkHead, list[WorkReview]]]:
        """Each work by id, with its reviews in the order they were added."""
        self._file.flush()
        descriptor = self._file.fileno()
        for public_id in sorted(self._heads):
            places = self._places[public_id]
            reviews = [
                _review(os.pread(descriptor, places[n + 1], places[n]))
                for n in range(0, len(places), 2)
            ]
            yield self._heads[public_id], reviews


def _review(data: bytes) -> WorkReview:
    facts, entry, item = data.decode().split(_SEPARATOR, 2)
    values: list[Any] = _DECODE(facts)
    return WorkReview._make([*values, entry, item])
