"""Facts from a page's details box: ``<dl>`` terms and two-column tables.

Review pages often print the work's facts as labelled pairs ("Runtime: 2 hr.
35 min.", "Directed by: ..."). Labels are matched whole, case-insensitively;
values stay raw for normalisation. The kicker above a headline ("Film review")
is read here too: it says the headline under it names the work.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping

import lxml.etree
import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.classes import split_classes
from aggregator.extraction.page import Page
from aggregator.extraction.tree_text import element_text
from aggregator.normalize.scores import parse_score

SOURCE = "maintext"

#: Label (lower-case, without the colon) → field.
LABELS: Mapping[str, str] = {
    **dict.fromkeys(
        ("runtime", "running time", "run time", "length", "duration"), "runtime_minutes"
    ),
    **dict.fromkeys(
        ("rated", "certificate", "certification", "classification", "age rating",
         "content rating", "mpaa rating", "esrb", "esrb rating", "pegi", "fsk"),
        "content_rating",
    ),
    **dict.fromkeys(("starring", "cast", "stars", "main cast"), "cast"),
    **dict.fromkeys(("directed by", "director", "directors", "regie"), "directors"),
    **dict.fromkeys(
        ("platforms", "platform", "systems", "where to watch", "streaming on", "available on",
         "watch on"),
        "platforms",
    ),
    **dict.fromkeys(("genre", "genres"), "genres"),
    **dict.fromkeys(
        ("year", "release year", "released", "release date", "first release date",
         "in theaters", "in theatres", "original release", "erscheinungsjahr"),
        "work_year",
    ),
    **dict.fromkeys(("title", "original title", "album", "film", "game", "book"), "work_title"),
    **dict.fromkeys(
        ("rating", "our rating", "score", "grade", "verdict", "wertung", "bewertung", "note"),
        "score",
    ),
}  # fmt: skip
MAX_ROWS = 40
_KICKER_CLASSES = ("kicker", "eyebrow", "overline", "rubric", "section-label", "category")
# libxml2 lists the class attributes (each knows its element); a pattern finds
# those containing a kicker name anywhere, and the exact class-token test is then
# made on those few.
_CLASS_VALUES = lxml.etree.XPath("//@class")
_KICKER_NAME = re.compile("|".join(map(re.escape, _KICKER_CLASSES)))


def _kicker_elements(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Elements with a kicker class, in document order.

    >>> tree = lxml.html.fromstring(
    ...     '<div><p class="categoryx">no</p><p class="a  eyebrow">yes</p></div>')
    >>> [e.text for e in _kicker_elements(tree)]
    ['yes']
    """
    for classes in _CLASS_VALUES(tree):
        if _KICKER_NAME.search(classes) and not _KICKER_CLASS_SET.isdisjoint(
            split_classes(classes)
        ):
            yield classes.getparent()


_KICKER_CLASS_SET = frozenset(_KICKER_CLASSES)


def infobox_candidates(page: Page) -> Candidates:
    """One candidate per field found in the page's label/value pairs, first box first."""
    candidates: Candidates = {}
    for label, value in _pairs(page.tree):
        field = LABELS.get(label.casefold().strip(" :"))
        if field == "score" and parse_score(value) is None:
            continue  # "Rating: PG-13" is a certificate; only a readable score is one
        if field and value and field not in candidates:
            candidates[field] = [Candidate(value, SOURCE)]
    return candidates


# Rows first, their table after: cheaper than every row of every table's descendants.
_TWO_CELL_ROWS = lxml.etree.XPath("//tr[count(th|td) = 2][ancestor::table]")


def _pairs(tree: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    for dl in tree.iter("dl"):
        terms = [child for child in dl if child.tag in ("dt", "dd")][: MAX_ROWS * 2]
        for term, definition in itertools.pairwise(terms):
            if term.tag == "dt" and definition.tag == "dd":
                yield element_text(term), element_text(definition)
    for row in _TWO_CELL_ROWS(tree)[:MAX_ROWS]:
        cells = [child for child in row if child.tag in ("th", "td")]
        yield element_text(cells[0]), element_text(cells[1])


def kicker(page: Page) -> str | None:
    """The short label printed above the headline ("Film review"), if any."""
    for element in itertools.islice(_kicker_elements(page.tree), 5):
        text = element_text(element)
        if text and len(text.split()) <= 4:
            return text
    headings = list(page.tree.iter("h1"))
    before = headings[0].getprevious() if len(headings) == 1 else None
    if before is not None and isinstance(before.tag, str):
        text = element_text(before)
        if text and len(text.split()) <= 3 and not re.search(r"\d", text):
            return text
    return None
