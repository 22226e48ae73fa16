"""The review's publication date as the page prints it, and which date wins.

Below the declared metadata (schema.org, ``<meta>``), the page offers, best
first: the date marked up as the post's own (``<time pubdate>``, hAtom's
``abbr.published``), a date labelled as publication ("Posted on",
"Veröffentlicht am", "Publié le", "Reviewed:"), the date printed next to the
byline, a ``<time>`` in the article, and htmldate's reading of the markup
when the URL's year agrees with it. Dates in comments, related-article
teasers and sidebars are never read: they date someone else's text.

Dates read from text are handed on as ISO strings, read with the site's
language and date order (then the page's declared language), so that
"03/04/2021" on a German page is 3 April.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from datetime import date, datetime, timedelta

import lxml.html
from htmldate import find_date

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.page import Page
from aggregator.normalize.dates import parse_date
from aggregator.sites import SiteConfig

SOURCE = "maintext"
PRINTED = "printed"

#: Blocks whose dates belong to other texts than the review (by class or id).
OTHER_TEXTS = ("comment", "related", "sidebar", "widget", "teaser", "recommend", "popular")
_MARKS = " or ".join(f"contains(@class, '{w}') or contains(@id, '{w}')" for w in OTHER_TEXTS)
# <body> classes describe the whole page ("single related-posts-on"), and a block
# holding the headline or the article is a wrapper ("content-with-sidebar").
OTHER = f"*[not(self::body or self::html or .//h1 or .//article)][{_MARKS}]"
_OTHER = OTHER
OUTSIDE = f"not(ancestor-or-self::{OTHER})"
_OUTSIDE = OUTSIDE
_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_MARKED_UP = (
    f"//time[@pubdate][@datetime][{_OUTSIDE}]/@datetime",
    f"//abbr[{_HAS_CLASS.format('published')}][{_OUTSIDE}]/@title",
)
_IN_ARTICLE = f"//article//time[@datetime][{_OUTSIDE}]/@datetime"
_BYLINES = (
    f"//*[@rel='author' or @itemprop='author' or contains(@href, '/author/')"
    f" or contains(@class, 'author') or contains(@class, 'byline')][{_OUTSIDE}]"
)
#: Text nodes looked at for labels: enough for any article's header and footer.
MAX_TEXT_NODES = 4000
#: A date printed on its own is short; longer text is a sentence that cites a date.
MAX_DATE_TEXT = 60
#: Levels above a byline element that still belong to the byline line.
BYLINE_LEVELS = 3
MAX_BYLINE_TEXT = 240

_LABEL = re.compile(
    r"^(?:(?:first\s+|originally\s+|date\s+)?(?:published|posted|reviewed)(?:\s+(?:on|at))?"
    r"|publication\s+date|date\s+published|veröffentlicht(?:\s+am)?|publié(?:\s+le)?"
    r"|date\s+de\s+publication|publicado(?:\s+(?:el|em))?|fecha\s+de\s+publicación"
    r"|pubblicato(?:\s+il)?|data\s+di\s+pubblicazione|opublikowano|data\s+publikacji"
    r"|gepubliceerd(?:\s+op)?|geplaatst(?:\s+op)?)\s*:?\s*(?P<rest>.*)$",
    re.I,
)
_PIECES = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+")
_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})/")
_SKIPPED = ("script", "style", "noscript", "template")


#: Month names read on pages that declare no language (no site, no ``lang``).
UNDECLARED = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")


def date_languages(page: Page, site: SiteConfig | None) -> tuple[str, ...]:
    """The languages to read the page's dates in: the site's, the page's, English;
    the common European ones when nothing is declared (numbers are read the
    English way then)."""
    declared = [str(v) for v in page.tree.xpath("/html/@lang")[:1]]
    fallback = ("en",) if site or declared else UNDECLARED
    codes = [site.language if site else "", *declared, *fallback]
    return tuple(dict.fromkeys(c.split("-")[0].lower() for c in codes if c and c.isascii()))


def published_candidates(page: Page, site: SiteConfig | None = None) -> Candidates:
    """Publication dates the page prints, best first."""
    found = [Candidate(v, SOURCE) for v in _marked_up(page)]
    read = _Reader(date_languages(page, site), site.date_order if site else None)
    found += [Candidate(v, PRINTED) for v in (*_labelled(page, read), *_by_byline(page, read))]
    found += [Candidate(str(v).strip(), SOURCE) for v in page.tree.xpath(_IN_ARTICLE)[:1]]
    found += [Candidate(v, "htmldate") for v in _htmldate(page)]
    unique = list({c.value: c for c in reversed(found) if c.value}.values())[::-1]
    return {"published_at": unique} if unique else {}


def _marked_up(page: Page) -> list[str]:
    for xpath in _MARKED_UP:
        values = [str(v).strip() for v in page.tree.xpath(xpath)[:1]]
        if values and values[0]:
            return values
    return []


class _Reader:
    """Full dates in short texts, as ISO strings, in the page's languages."""

    def __init__(self, languages: tuple[str, ...], date_order: str | None) -> None:
        self.languages = languages
        self.date_order = date_order

    def __call__(self, text: str) -> str | None:
        if not text or len(text) > MAX_DATE_TEXT or not any(c.isdigit() for c in text):
            return None
        found = parse_date(text, languages=self.languages, date_order=self.date_order)
        # Relative words ("2 days ago") count from the crawl: the loader reads them.
        return found.isoformat() if found is not None and _absolute(text) else None


def _absolute(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= 4


def _labelled(page: Page, read: _Reader) -> Iterator[str]:
    """ "Posted on 3 May 2021", or a label whose date is the next text ("Reviewed:" "May 3")."""
    texts = list(_texts(page.tree, set(page.tree.xpath(f"//{OTHER}"))))
    for index, text in enumerate(texts):
        label = _LABEL.match(text)
        if label is None:
            continue
        rest = label.group("rest") or (texts[index + 1] if index + 1 < len(texts) else "")
        for piece in _PIECES.split(rest):
            if value := read(piece):
                yield value
                return


def _texts(tree: lxml.html.HtmlElement, other: set[lxml.html.HtmlElement]) -> Iterator[str]:
    """Short visible texts in document order, outside comments and teasers."""
    count = 0
    body = tree.find("body")
    for element in body.iter() if body is not None else ():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            continue
        for text in (element.text, *(child.tail for child in element)):
            stripped = " ".join(text.split()) if text else ""
            if stripped and len(stripped) <= MAX_BYLINE_TEXT:
                count += 1
                if count > MAX_TEXT_NODES:
                    return
                if not any(node in other for node in (element, *element.iterancestors())):
                    yield stripped


def _by_byline(page: Page, read: _Reader) -> Iterator[str]:
    """The first full date printed in the line that names the author."""
    for marker in page.tree.xpath(_BYLINES)[:10]:
        line = _byline_line(marker)
        if line is None:
            continue
        for text in (" ".join(t.split()) for t in line.itertext()):
            for piece in _PIECES.split(text):
                if value := read(piece.removeprefix("on ").strip()):
                    yield value
                    return


def _byline_line(marker: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    line = None
    for node in (marker, *list(marker.iterancestors())[:BYLINE_LEVELS]):
        if node.tag in ("body", "html", "article", "main"):
            break
        if len(node.text_content()) > MAX_BYLINE_TEXT:
            break
        line = node
    return line


def _htmldate(page: Page) -> list[str]:
    """htmldate's markup-only reading, without comments and teasers; only when
    the URL carries no year or the same year (a listing page's or details box's
    date does not date the review)."""
    tree = deepcopy(page.tree)
    for element in tree.xpath(f"//{_OTHER}"):
        element.drop_tree()
    found = find_date(tree, url=page.url, extensive_search=False, original_date=True)
    years = _URL_YEAR.findall(page.url)
    if not found or not years or found[:4] != years[0]:
        return []
    return [found]


def url_day(url: str) -> date | None:
    """The day a URL path names ("/2020/12/12/...").

    >>> url_day("https://example.com/2020/12/12/post/"), url_day("https://example.com/2020/")
    (datetime.date(2020, 12, 12), None)
    """
    match = _URL_DAY.search(url)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def without_date(candidates: Candidates) -> Candidates:
    """The candidates without a publication date (for layers that guess it)."""
    return {field: values for field, values in candidates.items() if field != "published_at"}


def settle_published(candidates: Candidates) -> Candidates:
    """Put the publisher's own day first when the declared time is in UTC.

    A page declaring 00:44 UTC on 22 October and printing "October 21" was
    published on the evening of the 21st in its own time zone: the day the
    publisher prints is the review's day.
    """
    dates = candidates.get("published_at", [])
    if not dates:
        return candidates
    top = _parsed(dates[0].value)
    printed = [c for c in dates if c.source == PRINTED]
    if top is None or top.utcoffset() != timedelta(0) or not printed:
        return candidates
    day = _parsed(printed[0].value)
    if day is not None and abs((day.date() - top.date()).days) == 1:
        candidates["published_at"] = [printed[0], *(c for c in dates if c is not printed[0])]
    return candidates


def _parsed(value: object) -> datetime | None:
    return parse_date(value) if isinstance(value, str) else None
