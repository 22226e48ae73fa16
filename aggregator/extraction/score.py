"""The critic's score as the page prints it, when no structured data states it.

Four printed forms, most explicit first, each giving at most one candidate:

1. a labelled line: "Grade: B+", "Rating: 4.5/5", "Wertung: 7 von 8";
2. a score box: an element whose class or id says score/rating/grade/wertung/
   note/stars, holding a short value ("8.2"), or naming the value in a class
   ("score-4", "rating-45": star widgets drawn by CSS);
3. a star image whose file name or alt text carries the value ("4.5.gif",
   "stars-4.png", "5von5.jpg", alt="4 out of 5");
4. a score at the end of a headline ("Artist: Album | 8.2").

What readers and other works get is left out: boxes inside links (teasers
of other reviews), navigation, sidebars and comments; user, reader and average
ratings; sub-ratings (video, audio, extras) when the page has an overall one.
Values stay as printed, or as "4/5" when markup alone carries them; a value
whose scale is unknown stays a bare number, which normalisation keeps raw
without a 0-100 value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import unquote, urlparse

import lxml.etree
import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.page import Page
from aggregator.extraction.tree_text import element_text
from aggregator.extraction.visible import classes_and_ids
from aggregator.normalize.scores import DEFAULT_STAR_SCALE, parse_score

SOURCE = "maintext"

_SCORE_WORD = r"score|rating|grade|wertung|bewertung|note|stars?|verdict"
_CLASS_WORD = re.compile(rf"(?<![a-z])(?:{_SCORE_WORD})(?![a-z])", re.I)
# Ratings by others, or aggregates: not the critic's verdict.
_NOT_CRITIC = re.compile(
    r"(?<![a-z])(?:users?|readers?|audience|community|average|avg|votes?|members?|leser)(?![a-z])",
    re.I,
)
# Parts of a verdict: "video 4/5, audio 3/5" on disc reviews, "graphics" on games.
_SUB_RATING = re.compile(
    r"(?<![a-z])(?:video|audio|sound|extras|graphics|gameplay|story|plot|acting|picture"
    r"|presentation|value|replay|controls|features)(?![a-z])",
    re.I,
)
_OVERALL = re.compile(r"(?<![a-z])(?:overall|total|final|verdict|gesamt\w*)(?![a-z])", re.I)
# "score-4", "rating-45", "stars_4-5", "star45": the value in a star widget's class.
_CLASS_VALUE = re.compile(r"^(?:score|rating|stars?|grade)[-_]?(\d)(?:[-_]?([05]))?$", re.I)
# Ancestors that hold other pages' scores or readers' ones: a class word that
# starts with one of these ("related-posts", "sidebar-left"), not "has-sidebar".
_ELSEWHERE_CLASS = re.compile(
    r"(?:^|\s)(?:related|promo|teaser|sidebar|comment|recommend|more-)", re.I
)
# Bare numbers count only under a word that means a score ("note", "stars" may not).
_STRONG_WORD = re.compile(r"(?<![a-z])(?:score|rating|grade|wertung)(?![a-z])", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)$", re.I)
_BARE_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?")
MAX_VALUE_CHARS = 16
MAX_ALT_CHARS = 40

_SCORE_LINE = re.compile(
    r"^(?:(?:our|overall|final|critic'?s?|editor'?s?)\s+)?(?:grade|score|rating|verdict|wertung"
    r"|bewertung|gesamtwertung|note|punkte)\s*[:–—-]\s*(?P<value>\S.{0,24})$",
    re.I,
)
_LINE_TAGS = ("div", "p", "span", "li", "strong", "b", "dd", "td", "h3", "h4", "h5")
_HEADLINE_SCORE = re.compile(r"\s[|–—-]\s*(?P<value>\d{1,2}[.,]\d(?:\s*/\s*10)?)\s*$")


def score_candidates(page: Page, headlines: Sequence[str] = ()) -> Candidates:
    """At most one candidate per printed form, most explicit form first."""
    found = [
        labelled_score(page.tree),
        boxed_score(classes_and_ids(page)),
        image_score(page.tree),
        headline_score(headlines),
    ]
    unique = list(dict.fromkeys(value for value in found if value))
    return {"score": [Candidate(value, SOURCE) for value in unique]} if unique else {}


def labelled_score(tree: lxml.html.HtmlElement) -> str | None:
    """The value of a short "Grade: A-" / "Score: 8/10" line.

    A page printing several different labelled scores rates several works
    (collected reviews): none of them is the page's score.
    """
    values: list[str] = []
    for element in _label_lines(tree):
        if len(element) > 3 or _elsewhere(element):  # a container, not a label line
            continue
        match = _SCORE_LINE.match(" ".join(element.text_content().split()))
        if match and _readable_or_bare(match.group("value")):
            values.append(match.group("value"))
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None


def boxed_score(values: Iterable[tuple[lxml.html.HtmlElement, str]]) -> str | None:
    """The critic's overall value from the first score box (an overall one first),
    given the class and id values of the page's elements."""
    overall: list[str] = []
    plain: list[str] = []
    for element in _score_class_elements(values):
        words = _class_words(element)
        if not words or not _CLASS_WORD.search(words) or _NOT_CRITIC.search(words):
            continue
        if _SUB_RATING.search(words) or _elsewhere(element):
            continue
        value = _box_value(element, bare=bool(_STRONG_WORD.search(words)))
        if value:
            (overall if _OVERALL.search(words) else plain).append(value)
    return next(iter(overall or plain), None)


# Cheap first checks on every element's class and text, before the full rules:
# large pages have tens of thousands of elements.
_QUICK_CLASS = re.compile(_SCORE_WORD, re.I)
_QUICK_CLASS_LOWER = re.compile(_SCORE_WORD)
_QUICK_LABEL = re.compile(r"(?:grade|score|rating|verdict|wertung|note|punkte)\s*[:–—-]", re.I)
# What a label's text must hold; a plain character test is cheaper than the pattern.
_LABEL_MARK = re.compile(r"[:–—-]")


def _score_class_elements(
    values: Iterable[tuple[lxml.html.HtmlElement, str]],
) -> Iterator[lxml.html.HtmlElement]:
    """Elements whose class or id names a score, in document order, from the
    class and id values of a page's elements (:func:`visible.classes_and_ids`).

    >>> tree = lxml.html.fromstring(
    ...     '<div><p id="x" class="ratingBox">4</p><b id="star">5</b><i class="s">6</i></div>'
    ... )
    >>> values = [(v.getparent(), str(v)) for v in tree.xpath("//@class | //@id")]
    >>> [e.tag for e in _score_class_elements(values)]
    ['p', 'b']
    """
    last = None
    for element, value in values:
        if element is not last and _names_score(value):  # once, by its class or id
            last = element
            yield element


def _names_score(value: str) -> bool:
    """Whether a class or id value holds a score word (:data:`_QUICK_CLASS`).

    An ASCII text matches a pattern of ASCII letters without regard to case
    exactly when its lower case matches it as written, and that search costs a
    third of the one that ignores case (which must know every Unicode case pair).

    >>> _names_score("ScoreBox"), _names_score("ſtars"), _names_score("header")
    (True, True, False)
    """
    if value.isascii():
        return _QUICK_CLASS_LOWER.search(value.lower()) is not None
    return _QUICK_CLASS.search(value) is not None


def _label_text_parents(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The element holding each short text that starts like a label ("Grade:")."""
    for element in tree.iter(lxml.etree.Element):  # elements only: no comments
        if element.tag in ("script", "style"):
            continue
        if _label_like(element.text):
            yield element
        if _label_like(element.tail):
            parent = element.getparent()
            if parent is not None:
                yield parent


def _label_like(text: str | None) -> bool:
    # Longer texts are paragraphs that mention a score, not label lines.
    return (
        text is not None
        and 0 < len(text) <= MAX_LABEL_TEXT
        and _LABEL_MARK.search(text) is not None
        and _QUICK_LABEL.search(text) is not None
    )


#: How far above a label's text node its line element may be ("<p><b>Grade:</b> B+</p>").
LINE_DEPTH = 2
MAX_LABEL_TEXT = 60


def _label_lines(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    seen: set[int] = set()
    for element in _label_text_parents(tree):
        for _ in range(LINE_DEPTH):
            if element is None or element.tag in _LINE_TAGS:
                break
            element = element.getparent()
        if element is not None and element.tag in _LINE_TAGS and id(element) not in seen:
            seen.add(id(element))
            yield element
            parent = element.getparent()  # "<p><strong>Grade:</strong> B+</p>": the line
            if parent is not None and parent.tag in _LINE_TAGS and id(parent) not in seen:
                seen.add(id(parent))
                yield parent


def _box_value(element: lxml.html.HtmlElement, *, bare: bool) -> str | None:
    for token in _class_words(element).split():
        if match := _CLASS_VALUE.match(token):
            return _stars(f"{match.group(1)}.{match.group(2) or 0}")
    text = element_text(element)
    if not text or len(text) > MAX_VALUE_CHARS:
        return None
    after = element.getnext()
    scale = " ".join(
        [text, element.tail or "", element_text(after) if after is not None else ""]
    ).split()
    if len(scale) == 3 and parse_score(" ".join(scale)):
        return " ".join(scale)  # "<span>7</span> von <span>8</span>"
    if parse_score(text) is not None:
        return text
    # A bare number whose scale normalisation may know (the site's), else kept raw.
    return text if bare and _BARE_NUMBER.fullmatch(text) else None


def _readable_or_bare(value: str) -> bool:
    return parse_score(value) is not None or _BARE_NUMBER.fullmatch(value) is not None


def image_score(tree: lxml.html.HtmlElement) -> str | None:
    """A rating image's value, from its alt text or its file name."""
    for image in tree.iter("img"):
        if _elsewhere(image):
            continue
        alt = " ".join((image.get("alt") or image.get("title") or "").split())
        if alt and len(alt) <= MAX_ALT_CHARS and parse_score(alt) is not None:
            return alt
        value = _value_in_file_name(image.get("src") or "", _class_words(image) + " " + alt)
        if value:
            return value
    return None


def _value_in_file_name(src: str, context: str) -> str | None:
    """ "5von5.jpg" → "5 von 5"; "stars-4.png", ".../stars/4.5.gif" → "4/5".

    >>> _value_in_file_name("/img/5von5.jpg", "")
    '5 von 5'
    >>> _value_in_file_name("/img/stars/4.5.gif", ""), _value_in_file_name("/img/4.gif", "")
    ('4.5/5', None)
    """
    path = unquote(urlparse(src).path)
    if not _IMAGE_FILE.search(path):
        return None
    name = _IMAGE_FILE.sub("", path.rsplit("/", 1)[-1])
    spaced = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)|[-_+]+", " ", name.lower()).strip()
    if re.fullmatch(r"\d+(?:\.\d)? \D+ \d+", spaced) and parse_score(spaced):
        return spaced
    number = re.fullmatch(rf"(?:(?:{_SCORE_WORD}) )?(\d(?:\.[05])?)(?: (?:{_SCORE_WORD}))?", spaced)
    # A bare number is a rating image only where its folder, class or alt says so.
    rated = spaced != (number.group(1) if number else "") or _CLASS_WORD.search(path + context)
    return _stars(number.group(1)) if number and rated else None


def headline_score(headlines: Iterable[str]) -> str | None:
    """ "Artist: Album | 8.2": a decimal score closing a headline.

    >>> headline_score(["Glass Harbour : LOW TIDE- | 8.2"])
    '8.2'
    >>> headline_score(["Dune: Part Two - 2024"]) is None
    True
    """
    for headline in headlines:
        match = _HEADLINE_SCORE.search(headline)
        if match and parse_score(match.group("value")) is not None:
            return match.group("value")
    return None


def _stars(number: str) -> str | None:
    """A star widget's value on its five-star scale (more than 5 has no known scale)."""
    value = float(number)
    if not 0 <= value <= DEFAULT_STAR_SCALE:
        return None
    return f"{value:g}/{DEFAULT_STAR_SCALE:g}"


def _class_words(element: lxml.html.HtmlElement) -> str:
    if not isinstance(element.tag, str):
        return ""
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    if words.islower() or not words.strip():  # no capital: no camel case to split
        return words.strip()
    # "ScoreCircle", "ratingValue": camel case names split into words.
    return _CAMEL_CASE.sub("-", words).strip()


_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _elsewhere(element: lxml.html.HtmlElement) -> bool:
    """Inside a link to another page, navigation, a sidebar or comments."""
    for ancestor in _ancestors(element):
        if ancestor.tag == "nav":
            return True
        href = ancestor.get("href") if ancestor.tag == "a" else None
        if href is not None and not _IMAGE_FILE.search(urlparse(href).path):
            return True  # a link around a rating image that only enlarges it is fine
        if _ELSEWHERE_CLASS.search(_class_words(ancestor)):
            return True
    return False


def _ancestors(element: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()
