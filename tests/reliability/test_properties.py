"""Properties of ``build_review`` over HTML built from a small tag grammar.

Whatever the fragment, extraction returns an item (never raises), every
field has its declared type, values are plausible, text is plain, and the
item survives its JSON shape. ``make test`` runs Hypothesis' default number
of examples; ``HYPOTHESIS_PROFILE=nightly`` runs 10,000 per property.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.items import ReviewItem, review_from_dict, review_to_dict
from aggregator.nesting import _TAG as WRAPPER_TAG
from aggregator.nesting import flatten_deep_nesting
from aggregator.plausible import MAX_RUNTIME_MINUTES, check
from aggregator.review import build_review, loader_context

URL = "http://127.0.0.1/reviews/some-film/"
CRAWLED = datetime(2024, 6, 1, 12, tzinfo=UTC)
REASONS = {"out_of_range", "after_crawl", "too_early", "markup", "unreadable"}
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(
    [
        "Dune", "review", "Nope", "★★★½☆", "4/5", "11/10", "Rated R for language", "PT2H10M",
        "99999 minutes", "103 min", "2022-05-01", "3000-01-01", "1850", "Directed by Ann Lee",
        "starring A B and C", "&amp;", "&lt;script&gt;", "é", "Ã©", "\u200b", "\x00", "\n", " ",
        "<", ">", "\"", "'", "Grade: B+", "by Sam Critic", "Prime Video", "ISBN 978-3-16-148410-0",
    ]
)  # fmt: skip
TEXT = st.lists(WORDS | st.text(max_size=12), max_size=12).map(" ".join)
ATTRIBUTE = st.tuples(
    st.sampled_from(["class", "itemprop", "itemtype", "property", "name", "content", "datetime",
                     "href", "rel", "lang", "charset", "onclick"]),
    TEXT | st.sampled_from(["og:title", "article:published_time", "author", "canonical",
                            "https://schema.org/Review", "reviewRating", "ratingValue"]),
)  # fmt: skip
TAGS = st.sampled_from(
    ["div", "p", "span", "article", "main", "h1", "h2", "a", "time", "ul", "li", "table", "td",
     "figure", "figcaption", "blockquote", "section", "header", "footer", "b", "i", "dl", "dd"]
)  # fmt: skip
VOID = st.sampled_from(["meta", "link", "br", "img", "hr", "input"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True) | TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["@type", "@context", "@graph", "name", "author", "datePublished",
                         "reviewRating", "ratingValue", "bestRating", "itemReviewed",
                         "duration", "director", "dateCreated", "reviewBody", "headline"]),
        inner, max_size=5,
    ),
    max_leaves=12,
)  # fmt: skip


def attributes(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{value}"' for name, value in pairs)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner: f"<{tag}{attributes(attrs)}>{''.join(inner)}</{tag}>",
        TAGS,
        st.lists(ATTRIBUTE, max_size=3),
        st.lists(children, max_size=4),
    )


LEAF = (
    TEXT
    | st.builds(
        lambda tag, attrs: f"<{tag}{attributes(attrs)}>", VOID, st.lists(ATTRIBUTE, max_size=3)
    )
    | JSON_VALUES.map(lambda v: f"<script type='application/ld+json'>{json.dumps(v)}</script>")
    | TEXT.map(lambda js: f"<script>{js}</script>")
    | st.sampled_from(["<!--", "-->", "</div>", "<p>", "<![CDATA[", "<?xml version='1.0'?>"])
)
FRAGMENT = st.recursive(LEAF, element, max_leaves=30)
PAGE = st.builds(
    lambda head, body, wrap: (
        f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>" if wrap
        else "".join(body)
    ),
    st.lists(LEAF, max_size=4), st.lists(FRAGMENT, max_size=6), st.booleans(),
)  # fmt: skip
ENCODING = st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16"])


def assert_valid(item: ReviewItem) -> None:
    assert item.page_type in {"review", "other"}
    for name in ("headline", "publication", "language", "work_type", "work_title", "body_text",
                 "summary", "canonical_url", "body_digest"):  # fmt: skip
        value = getattr(item, name)
        assert value is None or (isinstance(value, str) and value), (name, value)
    for name in ("authors", "cast", "directors", "platforms", "genres"):
        values = getattr(item, name)
        assert isinstance(values, list)
        assert all(isinstance(value, str) and value for value in values), (name, values)
    for value in (item.headline, item.work_title, item.summary, *item.authors, *item.cast):
        assert value is None or "<script" not in value.lower()
    if item.score is not None:
        assert 0 <= item.score.value <= 100
    if item.runtime_minutes is not None:
        assert 0 < item.runtime_minutes <= MAX_RUNTIME_MINUTES
    if item.published_at is not None:
        assert item.published_at.tzinfo is not None
        assert item.published_at <= CRAWLED + timedelta(days=1)
    if item.work_year is not None:
        assert 1870 <= item.work_year <= CRAWLED.year + 2
    assert set(item.rejected_fields.values()) <= REASONS
    assert set(item.rejected_fields) <= set(item.raw)


@SLOW
@given(PAGE, ENCODING)
def test_build_review_never_raises_and_types_hold(page: str, encoding: str) -> None:
    body = page.encode(encoding, errors="replace")
    item = build_review(URL, body, crawled_at=CRAWLED)
    assert_valid(item)
    shaped = review_to_dict(item)
    assert review_from_dict(json.loads(json.dumps(shaped))) == item


@SLOW
@given(st.binary(max_size=3000))
def test_build_review_on_any_bytes(body: bytes) -> None:
    assert_valid(build_review(URL, body, crawled_at=CRAWLED))


@SLOW
@given(PAGE)
def test_checks_are_idempotent(page: str) -> None:
    item = build_review(URL, page.encode(), crawled_at=CRAWLED)
    assert check(item, loader_context(URL, None, CRAWLED)) == item


@given(PAGE, st.integers(1, 8))
def test_flattening_only_removes_tags_and_is_stable(page: str, depth: int) -> None:
    body = page.encode()
    flat = flatten_deep_nesting(body, max_depth=depth)
    assert flatten_deep_nesting(flat, max_depth=depth) == flat
    # Nothing but wrapper tags goes: without them, both are the same bytes.
    assert _without_wrappers(flat) == _without_wrappers(body)


def _without_wrappers(body: bytes) -> bytes:
    while (stripped := WRAPPER_TAG.sub(b"", body)) != body:
        body = stripped
    return body
