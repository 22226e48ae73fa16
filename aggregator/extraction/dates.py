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
from collections.abc import Callable, Iterator
from copy import deepcopy
from datetime import date, datetime, timedelta

import lxml.html
from htmldate import find_date

from aggregator.extraction.byline import author_marked, has_headline
from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.classes import has_class
from aggregator.extraction.page import Page
from aggregator.extraction.visible import (
    OTHER,
    classes_and_ids,
    other_texts,
    outside,
    visible,
)
from aggregator.normalize.dates import parse_date
from aggregator.sites import SiteConfig

SOURCE = "maintext"
PRINTED = "printed"

# Elements a theme names for the post's date ("post-date", "entry-published") by
# class or id, not those of other dates ("release-date", "event-date",
# "date-modified") by class.
_DATE_NAME = re.compile("date|published|posted")
_OTHER_DATE_CLASS = re.compile("release|event|modified|updated|birth|expir")
#: Dated elements read: the post's own comes first, below the headline; this
#: many different days among them are a listing's, not one post's.
MAX_DATED = 5
MANY_DAYS = 3
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
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})/")


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
    found += [Candidate(v, PRINTED) for v in _dated(page, read)]
    for element in _outside(page, _article_time)[:1]:
        found.append(Candidate(str(element.get("datetime")).strip(), SOURCE))
        # The printed text beside it is the publisher's own day (see settle_published).
        if printed := read(" ".join(element.text_content().split())):
            found.append(Candidate(printed, PRINTED))
    if (day := url_day(page.url)) is not None:
        found.append(Candidate(day.isoformat(), "url"))
    unique = list({c.value: c for c in reversed(found) if c.value}.values())[::-1]
    return {"published_at": unique} if unique else {}


def _marked_up(page: Page) -> list[str]:
    for marked, attribute in _MARKED_UP:
        values = [str(e.get(attribute)).strip() for e in _outside(page, marked)[:1]]
        if values and values[0]:
            return values
    return []


def _outside(
    page: Page, test: Callable[[lxml.html.HtmlElement], bool]
) -> list[lxml.html.HtmlElement]:
    """The page's ``<time>`` and ``<abbr>`` elements that pass ``test``, outside
    the blocks of other texts, in page order."""
    return outside(filter(test, _times_and_abbrs(page)), other_texts(page))


def _times_and_abbrs(page: Page) -> list[lxml.html.HtmlElement]:
    """The elements that can carry a date in markup, found in one walk of the
    page (an XPath for each kind walked the whole page three times)."""
    return page.memo("times_and_abbrs", lambda: list(page.tree.iter("time", "abbr")))


def _pubdate_time(element: lxml.html.HtmlElement) -> bool:
    """``//time[@pubdate][@datetime]``."""
    return element.tag == "time" and None not in (element.get("pubdate"), element.get("datetime"))


def _published_abbr(element: lxml.html.HtmlElement) -> bool:
    """``//abbr[contains(concat(' ', normalize-space(@class), ' '), ' published ')][@title]``."""
    return (
        element.tag == "abbr"
        and element.get("title") is not None
        and has_class(element, "published")
    )


def _article_time(element: lxml.html.HtmlElement) -> bool:
    """``//article//time[@datetime]``."""
    return (
        element.tag == "time"
        and element.get("datetime") is not None
        and next(element.iterancestors("article"), None) is not None
    )


# (the test of the element, the attribute holding the date)
_MARKED_UP = ((_pubdate_time, "datetime"), (_published_abbr, "title"))


class _Reader:
    """Full dates in short texts, as ISO strings, in the page's languages.

    One reader serves one page, and remembers what it read: the same date
    text is met by several searches (the byline's, the dated element's, the
    article's ``<time>``), and dateparser is the costliest step of them.
    """

    def __init__(self, languages: tuple[str, ...], date_order: str | None) -> None:
        self.languages = languages
        self.date_order = date_order
        self._read: dict[str, str | None] = {}

    def __call__(self, text: str) -> str | None:
        # A full date has at least a year's four digits; relative words ("2 days
        # ago") count from the crawl, which the loader knows.
        if not text or len(text) > MAX_DATE_TEXT or sum(c.isdigit() for c in text) < 4:
            return None
        if text not in self._read:
            self._read[text] = self._parsed(text)
        return self._read[text]

    def _parsed(self, text: str) -> str | None:
        found = parse_date(text, languages=self.languages, date_order=self.date_order)
        return found.isoformat() if found is not None else None


def _labelled(page: Page, read: _Reader) -> Iterator[str]:
    """ "Posted on 3 May 2021", or a label whose date is the next text ("Reviewed:" "May 3")."""
    texts = visible(page).pieces
    for index, text in enumerate(texts):
        label = _LABEL.match(text)
        if label is None:
            continue
        rest = label.group("rest") or (texts[index + 1] if index + 1 < len(texts) else "")
        for piece in _PIECES.split(rest):
            if value := read(piece):
                yield value
                return
        # "Posted in November 2002" states no day: offered as it is, so that the
        # date stays empty and its text is kept among the unread candidates.
        if _YEAR.search(rest) and len(rest) <= MAX_DATE_TEXT:
            yield rest
            return


def _dated(page: Page, read: _Reader) -> Iterator[str]:
    """The first full date in an element named for the date, below the headline;
    none when such elements give several days (a listing of other texts)."""
    headline = has_headline(page)
    days: list[str] = []
    for element in _date_named(page)[: MAX_DATED * 4]:
        if headline and not element.xpath("boolean(preceding::h1 or .//h1)"):
            continue
        if value := read(" ".join(element.text_content().split())):
            days.append(value)
        if len(days) == MAX_DATED:
            break
    if days and len({value[:10] for value in days}) < MANY_DAYS:
        yield days[0]


def _date_named(page: Page) -> list[lxml.html.HtmlElement]:
    """Elements named for the post's date, outside other texts, in page order."""
    named = dict.fromkeys(e for e, value in classes_and_ids(page) if _DATE_NAME.search(value))
    dated = [e for e in named if not _OTHER_DATE_CLASS.search(e.get("class", ""))]
    return outside(dated, other_texts(page))


def _by_byline(page: Page, read: _Reader) -> Iterator[str]:
    """The first full date printed in the line that names the author."""
    for marker in author_marked(page)[:10]:
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


def settle_published(candidates: Candidates, page: Page) -> Candidates:
    """Cross-check the winning publication date against the page.

    - No readable date: htmldate's reading of the markup, without comments and
      teasers, if the URL names the same year (a listing's or a details box's
      date does not date a review, and a URL without a year cannot confirm).
    - The URL names a day more than one day away from the winner: the URL's day
      wins. A URL is made when the text is first published and never changes,
      while ``datePublished`` is often rewritten when the page is updated.
    - The winner is a UTC timestamp one day away from the day printed beside
      it: the printed day wins. 00:44 UTC on 22 October printed as "October 21"
      was the evening of the 21st in the publisher's own time zone.
    """
    dates = candidates.get("published_at", [])
    top = next((parsed for c in dates if (parsed := _parsed(c.value))), None)
    if top is None:
        found = _htmldate(page)
        if found:
            return {**candidates, "published_at": [*dates, Candidate(found, "htmldate")]}
        return candidates
    day = url_day(page.url)
    if day is not None and abs((day - top.date()).days) > 1:
        return _first(candidates, next(c for c in dates if c.source == "url"))
    printed = next((c for c in dates if c.source == PRINTED and _parsed(c.value)), None)
    local = _parsed(printed.value) if printed else None
    utc = top.utcoffset() == timedelta(0)
    if printed and local and utc and abs((local.date() - top.date()).days) == 1:
        return _first(candidates, printed)
    return candidates


def _first(candidates: Candidates, winner: Candidate) -> Candidates:
    rest = [c for c in candidates["published_at"] if c is not winner]
    return {**candidates, "published_at": [winner, *rest]}


def _htmldate(page: Page) -> str | None:
    tree = deepcopy(page.tree)
    for element in tree.xpath(f"//{OTHER}"):
        element.drop_tree()
    found = find_date(tree, url=page.url, extensive_search=False, original_date=True)
    years = _URL_YEAR.findall(page.url)
    return found if found and years and found[:4] == years[0] else None


def _parsed(value: object) -> datetime | None:
    return parse_date(value) if isinstance(value, str) else None
