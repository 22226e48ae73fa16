"""Writing export files so that a reader never sees half of one.

Every file is written to a hidden temporary name in the same folder and
renamed over the old one when complete; a failure leaves the old file as it
was and no temporary file behind.
"""

from __future__ import annotations

import json
import json.encoder
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)


#: One encoder for every record: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=False, separators=(", ", ": "))


def _one_encoder() -> Callable[[Any], str]:
    """The encoder's C accelerator made once, where ``JSONEncoder.encode`` makes
    one per call (a quarter of the time of a record); the same output, without
    the check for circular references, which records built from rows never have."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python built without the accelerator
        return _ENCODER.encode
    encode = make(
        None,  # no markers: no circular check
        _ENCODER.default,
        json.encoder.encode_basestring,
        None,  # no indent
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        _ENCODER.sort_keys,
        _ENCODER.skipkeys,
        _ENCODER.allow_nan,
    )
    return lambda data: "".join(encode(data, 0))


_ENCODE = _one_encoder()


def dumps(data: Any) -> str:
    """Compact, deterministic JSON: key order is the order records are built in.

    >>> dumps({"b": 1, "a": ["é", None, 0.1, 1e100, True]})
    '{"b": 1, "a": ["é", null, 0.1, 1e+100, true]}'
    >>> dumps({"b": 1, "a": ["é", None, 0.1, 1e100, True]}) == _ENCODER.encode(
    ...     {"b": 1, "a": ["é", None, 0.1, 1e100, True]})
    True
    """
    return _ENCODE(data)


def with_array(encoded: str, key: str, fragments: Iterable[str]) -> str:
    """``encoded`` (a JSON object) with one more key last, whose value is the
    array of the JSON ``fragments``: records encoded once are written as they are.

    >>> with_array(dumps({"a": 1}), "b", [dumps({"c": None}), "2"])
    '{"a": 1, "b": [{"c": null}, 2]}'
    >>> with_array(dumps({"a": 1}), "b", []) == dumps({"a": 1, "b": []})
    True
    """
    return f'{encoded[:-1]}, "{key}": [{", ".join(fragments)}]}}'


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Write to ``.NAME.tmp`` and rename over ``path`` only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_if_changed(path: Path, text: str) -> bool:
    """Replace ``path`` atomically unless it already holds ``text``.

    Thousands of small feed files mostly stay the same between runs; leaving
    them untouched saves the writes and keeps their modification times (and
    so HTTP caching) meaningful.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    with atomic_writer(path) as out:
        out.write(text)
    return True


def write_json_array(out: IO[str], records: Iterable[str]) -> int:
    """A JSON array, one record (already JSON) a line, written as the records come."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(record)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def remove_stale(folder: Path, keep: set[str]) -> int:
    """Delete ``*.json`` files in ``folder`` that this export did not write."""
    if not folder.is_dir():
        return 0
    stale = [path for path in folder.glob("*.json") if path.name not in keep]
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        logger.info(
            "Removed %(count)d stale files from %(folder)s", {"count": len(stale), "folder": folder}
        )
    return len(stale)
