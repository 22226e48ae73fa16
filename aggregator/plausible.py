"""Plausibility checks on a loaded review: absurd values are set aside, not stored.

Normalisers read what a value *says*; these checks ask whether it can be
*true* of a review crawled at a given time: a runtime of 99,999 minutes, a
score above the top of its scale, a review dated after it was crawled, a film
from before cinema existed. A rejected field becomes null (or empty); its raw
value stays in ``raw`` so nothing is lost, and ``rejected_fields`` names the
reason so the crawl can count it (``field_rejected/<field>/<reason>``).

Text fields are made plain text: scripts and styles that a page smuggled into
a title or a name are removed with their content (the loaders' cleaners drop
tags but keep the text between them, which for ``<script>`` is code).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from aggregator.extraction.candidates import Candidate, Candidates, RawValue
from aggregator.items import ReviewItem, names
from aggregator.loaders import load_review

#: The longest runtime taken as true: a whole day. Longer "films" exist as art
#: installations, but on a review page such a number is a unit or typing error.
MAX_RUNTIME_MINUTES = 24 * 60
#: Publication clocks run ahead of the crawler's by time zones and scheduled
#: posts, never by more than a day.
FUTURE_SLACK = timedelta(days=1)
#: Reviews of works announced for the coming years are written after a preview;
#: a work dated further ahead is a typo.
MAX_YEARS_AHEAD = 2
#: No printed review is older; earlier dates are placeholders or parse slips.
EARLIEST_REVIEW_YEAR = 1700
#: The first of each kind of work: the oldest surviving motion pictures (1870s),
#: regular television broadcasts (1928) and computer games (1950s).
EARLIEST_WORK_YEAR = {"movie": 1870, "tv": 1928, "game": 1950}

#: Layers whose value is the page's own statement of a field.
EXPLICIT_LAYERS = frozenset({"selector", "jsonld", "microdata", "rdfa", "meta"})
#: Elements whose content is code, never text.
_CODE = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
#: Fields read from the page as text (one or a list): where markup may hide.
_TEXT_FIELDS = names(offered=True, kind="text") + names(offered=True, kind="names")


def check(
    item: ReviewItem, context: Mapping[str, Any], candidates: Candidates | None = None
) -> ReviewItem:
    """The item with implausible fields emptied and markup removed from text.

    ``context`` is the loader context the item was loaded with (its
    ``relative_base`` is the crawl time); it re-normalises text fields whose
    markup had to go. ``candidates``, when given, are the values the loader
    chose from: a field the page states explicitly but that stayed empty was
    refused by its normaliser (unreadable, or out of range) and is counted too.
    """
    crawled_at = context.get("relative_base")
    rejected: dict[str, str] = dict(item.rejected_fields)
    changes: dict[str, Any] = {}
    raw = dict(item.raw)
    for name, value in unreadable(item, candidates or {}).items():
        rejected[name], raw[name] = "unreadable", value
        changes["raw"] = raw
    for name, reason in implausible(item, crawled_at).items():
        rejected[name] = reason
        changes[name] = None
    for name in _TEXT_FIELDS:
        text = item.raw.get(name)
        if text is None or not has_markup(text):
            continue
        plain = _reload(name, plain_text(text), item, context)
        # Tags the loader's cleaner already dropped change nothing and are not
        # counted (a review may well write "<whatever>"); code it kept is.
        if plain != getattr(item, name):
            rejected.setdefault(name, "markup")
            changes[name] = plain
    if not rejected:
        return item
    return dataclasses.replace(item, **changes, rejected_fields=rejected)


def unreadable(item: ReviewItem, candidates: Candidates) -> dict[str, RawValue]:
    """Field name -> the raw value a page stated explicitly but that gave nothing.

    Only the layers that name the field (site selectors, structured data, meta
    tags) count: prose and printed text are searched loosely and miss often.
    """
    found: dict[str, RawValue] = {}
    for name, offered in candidates.items():
        # The loader refuses a canonical URL on purpose (another site's).
        if name == "canonical_url" or getattr(item, name, None) not in (None, [], ""):
            continue
        explicit = [c.value for c in offered if c.source in EXPLICIT_LAYERS]
        if explicit:
            found[name] = explicit[0]
    return found


def implausible(item: ReviewItem, crawled_at: datetime | None) -> dict[str, str]:
    """Field name -> reason, for values that cannot be true of this review.

    >>> from aggregator.normalize import Score
    >>> implausible(ReviewItem(runtime_minutes=99_999, score=Score("11/10", 110.0, 10.0)), None)
    {'score': 'out_of_range', 'runtime_minutes': 'out_of_range'}
    >>> implausible(ReviewItem(work_type="movie", work_year=1850), None)
    {'work_year': 'too_early'}
    """
    reasons: dict[str, str] = {}
    if item.score is not None and not 0 <= item.score.value <= 100:
        reasons["score"] = "out_of_range"
    if item.runtime_minutes is not None and not 0 < item.runtime_minutes <= MAX_RUNTIME_MINUTES:
        reasons["runtime_minutes"] = "out_of_range"
    if item.published_at and (reason := _date_reason(item.published_at, crawled_at)):
        reasons["published_at"] = reason
    if item.work_year and (reason := _year_reason(item.work_year, item.work_type, crawled_at)):
        reasons["work_year"] = reason
    return reasons


def _date_reason(published: datetime, crawled_at: datetime | None) -> str | None:
    if published.year < EARLIEST_REVIEW_YEAR:
        return "too_early"
    if crawled_at is None:
        return None
    # Naive dates are taken as UTC, the way the store writes them.
    if (published.tzinfo is None) != (crawled_at.tzinfo is None):
        published, crawled_at = published.replace(tzinfo=None), crawled_at.replace(tzinfo=None)
    return "after_crawl" if published > crawled_at + FUTURE_SLACK else None


def _year_reason(year: int, work_type: str | None, crawled_at: datetime | None) -> str | None:
    if year < EARLIEST_WORK_YEAR.get(work_type or "", 0):
        return "too_early"
    if crawled_at is not None and year > crawled_at.year + MAX_YEARS_AHEAD:
        return "after_crawl"
    return None


def has_markup(raw: RawValue) -> bool:
    """True when a raw value carries tags or a script.

    >>> has_markup("Dune <script>alert(1)</script>"), has_markup("3 < 4 > 2")
    (True, False)
    >>> has_markup(["Jane Doe", "<b>John</b>"])
    True
    """
    return any(_MARKUP.search(text) for text in _texts(raw))


def plain_text(raw: RawValue) -> RawValue:
    """The raw value with code removed with its content, other tags with their marks.

    >>> plain_text("<b>Dune</b><script>alert('x')</script> review")
    'Dune review'
    >>> plain_text("&lt;script&gt;steal()&lt;/script&gt;Nope")
    'Nope'
    """
    if isinstance(raw, str):
        return _plain(raw)
    if isinstance(raw, list):
        return [_plain(text) for text in raw]
    return {key: _plain(text) for key, text in raw.items()}


def _plain(text: str) -> str:
    # Escaped markup is unescaped first: the next system in line would do the same.
    for _ in range(3):
        text = html.unescape(text)
    text = _CODE.sub(" ", text)
    # A tag may have separated two words; the extra spaces go, line breaks stay.
    text = re.sub(r"<[^<>]*>", " ", text)
    return re.sub(r"[^\S\n]+", " ", text).strip()


def _texts(raw: RawValue) -> list[str]:
    if isinstance(raw, str):
        return [html.unescape(raw)]
    if isinstance(raw, list):
        return [html.unescape(str(text)) for text in raw]
    return [html.unescape(str(text)) for text in raw.values()]


def _reload(name: str, raw: RawValue, item: ReviewItem, context: Mapping[str, Any]) -> Any:
    """The field's value from the plain text, through the field's own normaliser."""
    source = item.field_sources.get(name, "plain")
    return getattr(load_review({name: [Candidate(raw, source)]}, context), name)
