"""Is this page a critic's review of one work, or something else?

Signals are weighed, not chained: a score (the strongest sign), structured
data declaring a review, a URL the site file calls a review, review words in
the URL, headline, sections, tags, breadcrumbs or the site's own name count
for; interviews, lists, trailers, news, index pages, many reviews of one work
(an aggregator) and an empty body count against. The words are those of the
page's language (and English). Every signal that fired is kept as a short
reason string; a page with none says so ("evidence:none").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import lxml.etree
import lxml.html

from aggregator.extraction.reviewcues import cue_signals
from aggregator.extraction.schemaorg import MANY_REVIEWS, REVIEW_TYPES

#: Words that call a text a review, per language (ISO 639-1). German compounds
#: ("Filmkritik", "Buchbesprechung") end in the word, so it may close a longer word.
REVIEW_WORDS: dict[str, str] = {
    "en": r"reviews?|reviewed|recaps?",
    "de": r"\w*(?:rezension(?:en)?|kritik(?:en)?|besprechung(?:en)?)|rezi|buch der woche",
    "fr": r"critiques?",
    "es": r"rese[ñn]as?|cr[íi]ticas?",
    "it": r"recension[ei]",
    "pl": r"recenzj[aei]|recenzje",
    "nl": r"recensies?",
    "pt": r"resenhas?|cr[íi]ticas?",
    "sv": r"recension(?:er)?",
    "da": r"anmeldelse[nr]?",
    "no": r"anmeldelse[nr]?",
    "fi": r"arvostelu",
}
#: Words that call a text an interview, per language.
INTERVIEW_WORDS: dict[str, str] = {
    "en": r"interviews?|in conversation with|q\s?&\s?a",
    "de": r"interviews?|im gespräch mit",
    "fr": r"entretien|interview",
    "es": r"entrevista",
    "it": r"intervista",
    "pl": r"wywiad",
    "nl": r"interview|in gesprek met",
    "pt": r"entrevista",
}
# "year in review" names a round-up, not a review.
_NOT_A_REVIEW = r"(?<!\bin[ _-])(?<!\bof[ _-])"


def _words(table: dict[str, str], language: str | None) -> str:
    """The words of the page's language (English always: it is the lingua franca of
    URLs and tags), or of every language when the page's is unknown."""
    base = (language or "").split("-")[0].split("_")[0].lower()
    chosen = [table[base], table["en"]] if base in table else list(table.values())
    return "|".join(dict.fromkeys(chosen))


_URL_INDEX = re.compile(
    r"/(?:reviews?|rezensionen|kritiken|critiques|recensioni)/?(?:page[-/]?\d+(?:\.html?|/)?)?$"
    r"|/page/\d+/?$|/(?:category|categories|author|authors|tag|tags|archive)/",
    re.I,
)
_URL_OTHER = re.compile(
    # "the-interview" in a slug is a work's title.
    r"(?:^|[/_-])(?<!the-)(?:news|interviews?|features?|lists?|trailers?)(?:$|[/_-])",
    re.I,
)
_INDEX_WORDS = r"reviews?|rezensionen|kritiken|critiques|recensioni|news|features|archive|latest"
_HEADLINE_INDEX = re.compile(
    rf"^(?:all |latest |more )?(?:{_INDEX_WORDS})\b(?:\W*page \d+)?\W*$", re.I
)
_CATEGORY_OTHER = re.compile(r"\b(?:news|interviews?|features?|lists?|trailers?)\b", re.I)
_HEADLINE_OTHER = {
    "list": re.compile(r"\b(?:top|best|worst)\s+\d+\b|^\d+\s+(?:best|greatest|worst)\b", re.I),
    "trailer": re.compile(r"\btrailer\b", re.I),
    "news": re.compile(r"\b(?:announced?|release date|box office|news)\b", re.I),
    "roundup": re.compile(r"\b(?:year|week|month|\d{4}) in review\b|\bround-?up\b", re.I),
}
#: "The Interview", "'Interview'": a work's title, not the page's kind.
_TITLE_BEFORE = re.compile(r"(?:\bThe\s|[\"'‘“„«])$")
SHORT_BODY_WORDS = 150
#: Article teasers on one page that make it a listing.
LISTING_ARTICLES = 3
THRESHOLD = 2


@dataclass(frozen=True, slots=True)
class PageKind:
    """``kind`` is "review" or "other"; ``reasons`` are the signals behind it."""

    kind: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signs:
    """What the page says about itself besides its URL, headline and body."""

    structured_types: Sequence[tuple[str, str]] = ()
    review_count: int = 0
    has_score: bool = False
    categories: Sequence[str] = ()
    labels: Sequence[str] = ()
    site_names: Sequence[str] = ()
    articles: int = 0
    review_url: bool = False
    language: str | None = None


def classify(
    *,
    url: str,
    headline: str | None,
    body_text: str | None,
    signs: Signs = Signs(),  # frozen: one shared default is safe
) -> PageKind:
    """Weigh the page's signals; every classification carries its reasons.

    >>> classify(url="https://x.com/reviews/dune/", headline="Dune review", body_text=None).kind
    'review'
    >>> classify(url="https://x.com/news/dune/", headline="Dune trailer", body_text="x").reasons
    ('url:other', 'headline:trailer', 'body:short')
    >>> classify(url="https://x.com/2020/dune/", headline="Dune", body_text="x " * 200).reasons
    ('evidence:none',)
    """
    review = _review_words(signs.language)
    signals = _structured(signs.structured_types, signs.review_count)
    if signs.has_score and signs.review_count <= MANY_REVIEWS:
        signals.append(("score", 3))  # the strongest sign: a verdict
    if signs.review_url:
        signals.append(("site:review_url", 2))
    signals += _url(url, review)
    signals += _headline(headline or "", review, signs.language)
    signals += _categories([*signs.categories, *signs.labels], review)
    signals += _site(signs.site_names, review)
    if signs.articles >= LISTING_ARTICLES:
        signals.append(("page:listing", -5))
    signals += _body(body_text or "")
    signals += _cues(signals, headline or "", body_text or "", signs.language)
    total = sum(weight for _, weight in signals)
    kind = "review" if total >= THRESHOLD and signs.review_count <= MANY_REVIEWS else "other"
    return PageKind(kind, tuple(reason for reason, _ in signals) or ("evidence:none",))


def _cues(
    signals: list[tuple[str, int]], headline: str, body: str, language: str | None
) -> list[tuple[str, int]]:
    """The page's words weigh for a review only where no sign speaks against one:
    a list of praised films is still a list, a trailer post still news."""
    against = any(weight < 0 for _, weight in signals)
    return cue_signals(headline, body, language, against_only=against)


def _review_words(language: str | None) -> re.Pattern[str]:
    return re.compile(rf"\b{_NOT_A_REVIEW}(?:{_words(REVIEW_WORDS, language)})\b", re.I)


def _structured(types: Sequence[tuple[str, str]], review_count: int) -> list[tuple[str, int]]:
    if review_count > MANY_REVIEWS:
        return [("reviews:many", -6)]
    declared = [f"{syntax}:{name}" for syntax, name in types if name in REVIEW_TYPES]
    return [(declared[0], 3)] if declared else []


def _url(url: str, review: re.Pattern[str]) -> list[tuple[str, int]]:
    path = unquote(urlparse(url).path)
    if _URL_INDEX.search(path):
        return [("url:index", -3)]
    signals = []
    # Words in a path are joined by dashes and slashes, which \b sees as breaks.
    if review.search(path.replace("_", "-")):
        signals.append(("url:review", 2))
    if _URL_OTHER.search(path):
        signals.append(("url:other", -2))
    return signals


def _headline(
    headline: str, review: re.Pattern[str], language: str | None
) -> list[tuple[str, int]]:
    if _HEADLINE_INDEX.match(headline.strip()):
        return [("headline:index", -4)]
    signals = [("headline:review", 2)] if review.search(headline) else []
    if _is_interview(headline, language):
        signals.append(("headline:interview", -3))
    weights = {"list": -3, "trailer": -3, "news": -1, "roundup": -3}
    for name, pattern in _HEADLINE_OTHER.items():
        if pattern.search(headline):
            signals.append((f"headline:{name}", weights[name]))
    return signals


def _is_interview(headline: str, language: str | None) -> bool:
    """An interview word that is not part of a work's title ("The Interview review")."""
    pattern = re.compile(rf"\b(?:{_words(INTERVIEW_WORDS, language)})\b", re.I)
    return any(not _TITLE_BEFORE.search(headline[: m.start()]) for m in pattern.finditer(headline))


def _categories(categories: Sequence[str], review: re.Pattern[str]) -> list[tuple[str, int]]:
    if any(review.search(c) for c in categories):
        return [("category:review", 2)]
    if any(_CATEGORY_OTHER.search(c) for c in categories):
        return [("category:other", -2)]
    return []


def _site(names: Sequence[str], review: re.Pattern[str]) -> list[tuple[str, int]]:
    """A site named for its reviews ("Film Reviews Online", "@Buchrezensionen") publishes
    reviews; the word may open a longer one there."""
    opening = re.compile(review.pattern.removesuffix("\\b"), re.I)
    return [("site:reviews", 2)] if any(opening.search(name) for name in names) else []


# Tests on an attribute's presence first: libxml2 then skips most elements cheaply.
_CATEGORY_XPATH = lxml.etree.XPath(
    "//a[@rel][contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
    " | //meta[@property='article:section']/@content"
)
_ARTICLE_XPATH = lxml.etree.XPath(
    "//article[not(ancestor::article)][not(contains(@class, 'comment'))]"
)


#: The page's declared sections and how many articles it shows (:func:`layout`).
Layout = tuple[tuple[str, ...], int]


def layout(tree: lxml.html.HtmlElement) -> Layout:
    """The page's declared sections (WordPress category links, ``article:section``,
    ``category-*`` classes on the article) and how many articles it shows."""
    articles = _ARTICLE_XPATH(tree)
    found = [
        value if isinstance(value, str) else value.text_content() for value in _CATEGORY_XPATH(tree)
    ]
    if len(articles) == 1:
        classes = (articles[0].get("class") or "").split()
        found += [c.removeprefix("category-") for c in classes if c.startswith("category-")]
    return tuple(" ".join(str(v).split()) for v in found if str(v).strip()), len(articles)


# Breadcrumb trails found from their attributes (the elements that have one) rather
# than by testing every element.
_LABEL_XPATH = lxml.etree.XPath(
    "//a[@rel][contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
    " | //meta[@property='article:tag']/@content"
    " | (//@class[contains(., 'breadcrumb')] | //@aria-label[. = 'breadcrumb']"
    " | //@itemtype[contains(., 'BreadcrumbList')])/..//a"
)
MAX_LABELS = 50


def labels(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The post's own tags and the links of its breadcrumb trail. (Not ``<meta
    name=keywords>``: those are usually the whole site's.)"""
    found = [
        value if isinstance(value, str) else value.text_content()
        for value in _LABEL_XPATH(tree)[:MAX_LABELS]
    ]
    return tuple(dict.fromkeys(" ".join(str(v).split()) for v in found if str(v).strip()))


def _body(body: str) -> list[tuple[str, int]]:
    words = len(body.split())
    if words == 0:
        return [("body:none", -2)]
    if words < SHORT_BODY_WORDS:
        # Said, not weighed: short posts and audio reviews are reviews too.
        return [("body:short", 0)]
    return []
