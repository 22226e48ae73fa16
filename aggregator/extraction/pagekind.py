"""Is this page a critic's review of one work, or something else?

Signals are weighed, not chained: structured data declaring a review, a score,
a review URL and a review headline count for; interviews, lists, trailers,
news, index pages, many reviews of one work (an aggregator) and an empty body
count against. Every signal that fired is kept as a short reason string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import lxml.html

from aggregator.extraction.schemaorg import MANY_REVIEWS, REVIEW_TYPES

_REVIEW_WORD = r"(?:reviews?|rezension(?:en)?|kritik|critique|recensione|rese[ñn]a|recensie)"
# "year in review" names a round-up, not a review.
_NOT_A_REVIEW = r"(?<!\bin[ _-])(?<!\bof[ _-])"
_URL_REVIEW = re.compile(rf"(?:^|[/_.-]){_NOT_A_REVIEW}{_REVIEW_WORD}(?:$|[/_.-])", re.I)
_URL_INDEX = re.compile(
    rf"/{_REVIEW_WORD}/?(?:index\.html?|page[-/]?\d+(?:\.html?|/)?)?$"
    r"|/page/\d+/?(?:index\.html?)?$|/(?:category|categories|author|authors|tag|tags|archive)/",
    re.I,
)
_URL_OTHER = re.compile(
    r"(?:^|[/_-])(?:news|interviews?|features?|lists?|trailers?)(?:$|[/_-])", re.I
)
_HEADLINE_REVIEW = re.compile(rf"\b{_NOT_A_REVIEW}{_REVIEW_WORD}\b", re.I)
_HEADLINE_INDEX = re.compile(
    rf"^(?:all |latest |more )?(?:{_REVIEW_WORD}|news|features|archive|latest)\b"
    r"(?:\W*page \d+)?\W*$",
    re.I,
)
_CATEGORY_REVIEW = re.compile(rf"\b{_REVIEW_WORD}\b", re.I)
_CATEGORY_OTHER = re.compile(r"\b(?:news|interviews?|features?|lists?|trailers?)\b", re.I)
_HEADLINE_OTHER = {
    "interview": re.compile(r"\binterview|\bin conversation with\b|\btalks?\b.*\babout\b", re.I),
    "list": re.compile(r"\b(?:top|best|worst)\s+\d+\b|^\d+\s+(?:best|greatest|worst)\b", re.I),
    "trailer": re.compile(r"\btrailer\b", re.I),
    "news": re.compile(r"\b(?:announced?|release date|box office|news)\b", re.I),
}
SHORT_BODY_WORDS = 150
#: Article teasers on one page that make it a listing.
LISTING_ARTICLES = 3
THRESHOLD = 2


@dataclass(frozen=True, slots=True)
class PageKind:
    """``kind`` is "review" or "other"; ``reasons`` are the signals behind it."""

    kind: str
    reasons: tuple[str, ...]


def classify(
    *,
    url: str,
    headline: str | None,
    body_text: str | None,
    structured_types: Sequence[tuple[str, str]] = (),
    review_count: int = 0,
    has_score: bool = False,
    categories: Sequence[str] = (),
    articles: int = 0,
) -> PageKind:
    """Weigh the page's signals; ``structured_types`` are (syntax, type) pairs.

    >>> classify(url="https://x.com/reviews/dune/", headline="Dune review", body_text=None).kind
    'review'
    >>> classify(url="https://x.com/news/dune/", headline="Dune trailer", body_text="x").reasons
    ('url:other', 'headline:trailer', 'body:short')
    """
    signals: list[tuple[str, int]] = []
    signals += _structured(structured_types, review_count)
    if has_score and review_count <= MANY_REVIEWS:
        signals.append(("score", 2))
    signals += _url(url)
    signals += _headline(headline or "")
    signals += _categories(categories)
    if articles >= LISTING_ARTICLES:
        signals.append(("page:listing", -5))
    signals += _body(body_text or "")
    total = sum(weight for _, weight in signals)
    kind = "review" if total >= THRESHOLD and review_count <= MANY_REVIEWS else "other"
    return PageKind(kind, tuple(reason for reason, _ in signals))


def _structured(types: Sequence[tuple[str, str]], review_count: int) -> list[tuple[str, int]]:
    if review_count > MANY_REVIEWS:
        return [("reviews:many", -6)]
    declared = [f"{syntax}:{name}" for syntax, name in types if name in REVIEW_TYPES]
    return [(declared[0], 3)] if declared else []


def _url(url: str) -> list[tuple[str, int]]:
    path = unquote(urlparse(url).path)
    if _URL_INDEX.search(path):
        return [("url:index", -3)]
    signals = []
    if _URL_REVIEW.search(path):
        signals.append(("url:review", 2))
    if _URL_OTHER.search(path):
        signals.append(("url:other", -2))
    return signals


def _headline(headline: str) -> list[tuple[str, int]]:
    if _HEADLINE_INDEX.match(headline.strip()):
        return [("headline:index", -4)]
    signals = [("headline:review", 2)] if _HEADLINE_REVIEW.search(headline) else []
    weights = {"interview": -3, "list": -3, "trailer": -3, "news": -1}
    for name, pattern in _HEADLINE_OTHER.items():
        if pattern.search(headline):
            signals.append((f"headline:{name}", weights[name]))
    return signals


def _categories(categories: Sequence[str]) -> list[tuple[str, int]]:
    if any(_CATEGORY_REVIEW.search(c) for c in categories):
        return [("category:review", 2)]
    if any(_CATEGORY_OTHER.search(c) for c in categories):
        return [("category:other", -2)]
    return []


_CATEGORY_XPATH = (
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
    " | //meta[@property='article:section']/@content"
)
_ARTICLE_XPATH = "//article[not(ancestor::article)][not(contains(@class, 'comment'))]"


def layout(tree: lxml.html.HtmlElement) -> tuple[tuple[str, ...], int]:
    """The page's declared sections (WordPress category links, ``article:section``,
    ``category-*`` classes on the article) and how many articles it shows."""
    articles = tree.xpath(_ARTICLE_XPATH)
    found = [
        value if isinstance(value, str) else value.text_content()
        for value in tree.xpath(_CATEGORY_XPATH)
    ]
    if len(articles) == 1:
        classes = (articles[0].get("class") or "").split()
        found += [c.removeprefix("category-") for c in classes if c.startswith("category-")]
    return tuple(" ".join(str(v).split()) for v in found if str(v).strip()), len(articles)


def _body(body: str) -> list[tuple[str, int]]:
    words = len(body.split())
    if words == 0:
        return [("body:none", -2)]
    if words < SHORT_BODY_WORDS:
        return [("body:short", -1)]
    return []
