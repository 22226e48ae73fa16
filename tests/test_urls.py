from __future__ import annotations

import pytest

from aggregator.urls import canonical_url, strip_tracking


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/r/1?utm_source=x&utm_medium=y", "https://a.example/r/1"),
        ("https://a.example/r/1?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5", "https://a.example/r/1"),
        ("https://a.example/r/1?page=2&utm_campaign=z", "https://a.example/r/1?page=2"),
        ("/r/1/?utm_source=feed", "/r/1/"),
        ("https://a.example/r/1", "https://a.example/r/1"),
    ],
)
def test_strip_tracking(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_site_specific_tracking_param() -> None:
    assert strip_tracking("https://a.example/r?src=nl&id=3", ["src"]) == "https://a.example/r?id=3"


@pytest.mark.parametrize(
    "variant",
    [
        "http://a.example/reviews/dune/",
        "https://a.example:443/reviews/dune",
        "https://A.EXAMPLE/reviews/dune/#comments",
        "https://a.example/reviews/dune/?utm_source=newsletter",
        "https://a.example/amp/reviews/dune/",
        "https://a.example/reviews/dune/amp",
        "https://amp.a.example/reviews/dune?amp=1",
    ],
)
def test_variants_share_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == "https://a.example/reviews/dune"


def test_declared_canonical_only_on_same_host() -> None:
    assert canonical_url("https://a.example/x?p=1", "https://www.a.example/y") == (
        "https://www.a.example/y"
    )
    assert canonical_url("https://a.example/x", "https://spam.example/y") == "https://a.example/x"
