from __future__ import annotations

import pytest

from aggregator.extraction.worktype import kind_from_url, worktype_candidates

from .builders import sources, values


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://x.example/reviews/albums/band-album/", "album"),
        ("https://x.example/movies/reviews/dune/", "movie"),
        ("https://x.example/2020/05/ezra-klein-book-review.html", "book"),
        ("https://x.example/2019/star-wars-jedi-pc-review/", "game"),
        ("https://x.example/doom-eternal-review/", None),
        ("https://x.example/the-book-of-boba-fett/", None),
    ],
)
def test_kind_from_url(url: str, kind: str | None) -> None:
    assert kind_from_url(url) == kind


def test_candidates_from_headline_then_url() -> None:
    found = worktype_candidates(["Film review", "Dune"], "https://x.example/games/dune-review/")
    assert values(found, "work_type") == ["movie", "game"]
    assert sources(found, "work_type") == ["prose", "url"]
