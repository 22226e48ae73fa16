"""A clock reading is a runtime only after a runtime label: in a sentence it is
as often a clip's minutes and seconds, and a page must not get a value it
does not state."""

from __future__ import annotations

from aggregator.extraction.prose import prose_candidates


def runtimes(text: str) -> list[object]:
    return [c.value for c in prose_candidates(text).get("runtime_minutes", [])]


def test_a_clip_running_for_minutes_and_seconds_is_no_runtime() -> None:
    assert runtimes("The movie runs for 3:51 and features a funky soundtrack.") == []


def test_a_labelled_clock_reading_is_a_runtime() -> None:
    assert runtimes("Runtime: 2:15") == ["2:15"]


def test_a_spoken_runtime_still_counts() -> None:
    assert runtimes("The film runs for 2 hours 15 minutes.") == ["2 hours 15 minutes"]
