"""The reviewed work as the page's text and markup name it, beyond the headline.

- Italics: style guides set the titles of books, films and albums in italics,
  and a review keeps naming its work ("In *Why We Drift Apart*, Marlow ...").
  The phrase set in italics far more often than any other is the work.
- A review heading that sets a title apart: "Review of *Digital Gawain*,
  edited by ...".
- A post tagged with its own headline is about the thing the headline names
  (blogs tag a review "Night Shift Heroes" under the headline "Night Shift Heroes").
- A book's details block: "Title von/by Author" right above a bibliographic
  line ("Gebundene Ausgabe: 80 Seiten", "Hardcover, 320 pages", "ISBN ...").
- The summary or opening paragraphs naming a quoted title: "a song called
  'X'", "the album 'X'", "das Stück „X“".
- Quotation marks: where a style sets titles in quotes rather than italics
  («Rain», "Rain"), the review keeps naming its work the same way. A quoted
  phrase the text repeats far more often than any other is the work (a
  quotation is rarely repeated word for word).

Two checks apply to every work-title candidate: the site's own name is not a
work ("Site", "Site: X", "X (Site)", "X | Site" lose the site part), and a page
that is not a review keeps only titles the page states (structured data,
details box, a "Title (Year)" headline), never one guessed from a headline's
quotes or the URL.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlparse

import lxml.etree
import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.prefilter import folded
from aggregator.extraction.tree_text import (
    BLOCKS,
    BREAK,
    SKIPPED,
    block_chunks,
    element_text,
    squash,
)
from aggregator.extraction.worktype import KIND_WORDS

SOURCE = "prose"
#: How often the work's title must be set in italics, and how many times more
#: often than the next phrase (an italicised foreign word or emphasis).
MIN_ITALIC_COUNT = 3
ITALIC_LEAD = 2
MAX_TITLE_WORDS = 12
#: Layers whose title is guessed from wording rather than stated by the page.
GUESSED_SOURCES = frozenset({"prose", "url"})

_ITALICS = ("em", "i", "cite")
_OUTSIDE_TEXT = frozenset({"nav", "footer", "aside", "a", "header", "figcaption"})
_REVIEW_HEADING = re.compile(
    r"\b(?:review|rezension|kritik|critique|recensione|rese[ñn]a|recensie)\b", re.I
)
# "the album 'X'", "das Buch „X“", "le film « X »": a kind word names what follows.
_KIND_NAMES = (
    r"\b(?:album|film|movie|book|novel|game|series|show|play|musical|opera|single|song|ep"
    r"|buch|roman|serie|spiel|theaterstück|stück|livre|série|jeu|disco|libro|gioco)"
)
_KIND_WORDS = _KIND_NAMES + r"\s+"
# A kind word that a title may follow, and what may stand between them: the title's
# own pattern is then tried after each kind word (one pattern with the title in it
# costs a compilation of all the kind words per title).
_KIND_NAME = re.compile(_KIND_NAMES + r"(?=\s)", re.I)
_BEFORE_TITLE = r"\s+['‘\"“„«»‚]?\s*"
_SITE_FIRST = re.compile(r"^(?P<site>[^:|–—»]{2,60}?)\s*[:|–—»]\s+(?P<rest>.+)$")
_SITE_LAST = re.compile(r"^(?P<rest>.+?)\s+[|–—»-]\s+(?P<site>[^|–—»]{2,60})$")
_SITE_BRACKETS = re.compile(r"^(?P<rest>.+?)\s*[(\[](?P<site>[^()\[\]]{2,60})[)\]]$")


def named_work_candidates(tree: lxml.html.HtmlElement, headline: str | None) -> Candidates:
    """Work titles from italics, review headings and tags (lowest trust of the page)."""
    found = [
        book_details_title(tree),
        review_heading_title(tree),
        tagged_title(tree, headline),
        italic_title(tree),
        called_title(tree),
        quoted_title(tree),
    ]
    unique = list(dict.fromkeys(title for title in found if title))
    return {"work_title": [Candidate(title, SOURCE) for title in unique]} if unique else {}


def italic_title(tree: lxml.html.HtmlElement) -> str | None:
    """The phrase the text sets in italics most often, when it clearly leads."""
    counts = Counter(
        text
        for element in tree.iter(*_ITALICS)
        if _title_like(text := element_text(element)) and not _outside_text(element)
    )
    return _leader(counts)


# A phrase between quotation marks of any style; the marks need not pair (« », „ “).
_QUOTED_PHRASE = re.compile(r"[«»„“”\"‹›](?P<title>[^«»„“”\"‹›]{1,80})[«»„“”\"‹›]")
_QUOTE_MARK = re.compile(r"[«»„“”\"‹›]")


def quoted_title(tree: lxml.html.HtmlElement) -> str | None:
    """The phrase the text's paragraphs quote most often, when it clearly leads.

    >>> html = "<p>«Rain» opens. «Rain» flows.</p><p>A «Handlung»? «Rain» ends.</p>"
    >>> quoted_title(lxml.html.fromstring(html))
    'Rain'
    """
    counts = Counter(
        title
        for paragraph in tree.iter("p")
        # lxml's own text first: most paragraphs quote nothing.
        if _QUOTE_MARK.search(_text_content(paragraph)) and not _outside_text(paragraph)
        for match in _QUOTED_PHRASE.finditer(element_text(paragraph))
        if _title_like(title := match.group("title").strip())
    )
    return _leader(counts)


def _text_content(element: lxml.html.HtmlElement) -> str:
    """``element.text_content()``; most paragraphs have no child, and their text is all.

    >>> paragraphs = ("<p>A</p>", "<p>A<b>B</b></p>")
    >>> [_text_content(lxml.html.fragment_fromstring(html)) for html in paragraphs]
    ['A', 'AB']
    """
    return element.text_content() if len(element) else element.text or ""


def _leader(counts: Counter[str]) -> str | None:
    """The most frequent phrase, when frequent enough and well ahead of the next."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_ITALIC_COUNT:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= ITALIC_LEAD * max(runner_up, 1) else None


_BIBLIOGRAPHIC_WORDS = (
    "Seiten", "pages", "ISBN", "Verlag", "Publisher", "Gebundene Ausgabe", "Taschenbuch",
    "Hardcover", "Paperback", "Broschiert", "Auflage", "Erscheinungsdatum",
)  # fmt: skip
_BIBLIOGRAPHIC = re.compile(rf"\b(?:{'|'.join(_BIBLIOGRAPHIC_WORDS)})\b", re.I)
# What a paragraph's raw text (its whitespace not yet squashed) holds where the
# pattern matches the paragraph: a word's first part, lower-cased once folded.
_BIBLIOGRAPHIC_BYTES = tuple(word.split()[0].lower().encode() for word in _BIBLIOGRAPHIC_WORDS)
_TITLE_BY = re.compile(r"^(?P<title>.{2,120}?)\s+(?:von|by|de|di|door|av)\s+(?P<author>.{3,80})$")
# Authors: capitalised names joined by "and" in a few languages, or commas.
_NAME_PART = r"(?:[A-ZÀ-Þ][\w'’.-]+,?|und|and|&|et|y|e)"
_NAMES = re.compile(rf"^{_NAME_PART}(?:\s+{_NAME_PART})*$")
MAX_LINE_CHARS = 200


def book_details_title(tree: lxml.html.HtmlElement) -> str | None:
    """ "Title von Author" on the line above a bibliographic one.

    The lines are the body's paragraphs of at most MAX_LINE_CHARS; the first
    pair that fits decides.

    >>> html = "<p><b>Lina-Lu: Laufsteg von Vera Stein</b><br>Gebundene Ausgabe: 80 Seiten</p>"
    >>> book_details_title(lxml.html.fromstring(html))
    'Lina-Lu: Laufsteg'
    """
    body = _first_body(tree)
    root = body if body is not None else tree
    if not _may_hold_bibliographic(root):
        return None
    chunks = block_chunks(root)
    for index in _bibliographic_chunks(chunks):
        after = squash(chunks[index])
        if len(after) > MAX_LINE_CHARS or not _BIBLIOGRAPHIC.search(after):
            continue
        line = _line_before(chunks, index)
        match = _TITLE_BY.match(line) if line else None
        if match and _NAMES.match(match.group("author")):
            title = match.group("title").strip(" »«\"'„“”‘’")
            # The page's text must name a bibliographic detail as a word of its own
            # (tested last: the pattern is slow over a whole page).
            return (
                title if _title_like(title) and _BIBLIOGRAPHIC.search(root.text_content()) else None
            )
    return None


def _first_body(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """``tree.find(".//body")``: the first descendant of ``tree`` that is a body.

    lxml's search looks ahead for a second match, through the whole page; the
    body is most often a child of the root, after a head of a few elements.

    >>> _first_body(lxml.html.document_fromstring("<p>Text</p>")).tag
    'body'
    """
    for child in tree:
        if child.tag == "body":
            return child
        nested = next(child.iterdescendants("body"), None)
        if nested is not None:
            return nested
    return None


def _may_hold_bibliographic(root: lxml.html.HtmlElement) -> bool:
    """Whether a chunk of ``block_chunks(root)`` may hold a bibliographic word.

    On most pages one search through the text of a few blocks says no, where
    cutting the whole page into paragraphs costs a walk through every element.

    >>> page = "<body><div><p>{}</p></div><script>var pages = 2</script></body>"
    >>> [_may_hold_bibliographic(lxml.html.document_fromstring(page.format(text)).body)
    ...  for text in ("A film", "320 Pages")]
    [False, True]
    """
    texts = _block_texts(root)
    joined = folded("\n".join(texts)) if texts is not None else None
    return joined is None or any(word in joined for word in _BIBLIOGRAPHIC_BYTES)


def _block_texts(root: lxml.html.HtmlElement) -> list[str] | None:
    """Texts that hold every word of the chunks of ``block_chunks(root)`` (a word
    being a run of letters), or None when the element's make-up does not say.

    ``root`` qualifies when its own text and tails are blank and its children are
    block elements, skipped elements, comments or processing instructions; each
    block child then holds its own chunks, and its text_content() is their text
    without the breaks and spaces between (gaps never join letters into a word),
    unless it holds an element whose text is not shown or an entity: then the
    child must qualify in turn. (On most pages scripts and styles are children
    of the body, next to a few blocks that hold the rest.)

    >>> html = "<div> <p>A <b>B</b></p><style>x</style> <div><p>C</p><svg>y</svg></div></div>"
    >>> _block_texts(lxml.html.fragment_fromstring(html))
    ['A B', 'C']
    >>> _block_texts(lxml.html.fragment_fromstring("<div>A<p>B</p></div>")) is None
    True
    """
    texts: list[str] = []
    parents = [root]
    while parents:
        parent = parents.pop()
        if _shown(parent.text):
            return None
        for child in parent:
            tag = child.tag
            if _shown(child.tail) or tag is lxml.etree.Entity:
                return None
            if tag is lxml.etree.Comment or tag is lxml.etree.ProcessingInstruction:
                continue
            if tag in SKIPPED:
                continue
            if tag not in BLOCKS:
                return None
            if next(child.iter(*SKIPPED, lxml.etree.Entity), None) is None:
                texts.append(child.text_content())
            else:
                parents.append(child)
    return texts


def _shown(text: str | None) -> bool:
    """Whether a text or tail holds more than whitespace."""
    return bool(text and not text.isspace())


def _bibliographic_chunks(chunks: list[str]) -> list[int]:
    """The indexes of the chunks that may hold a bibliographic word, in order.

    Only these can be the bibliographic line: one search through all the text
    instead of squashing every chunk and trying the pattern on each.

    >>> _bibliographic_chunks(["Dune", "Hardcover,\\n 320 PAGES", "x", "ISBN 9"])
    [1, 3]
    """
    joined = folded(BREAK.join(chunks))
    if joined is None:  # a character the pattern may read as a letter of a word
        return list(range(len(chunks)))
    found: set[int] = set()
    for word in _BIBLIOGRAPHIC_BYTES:
        start = joined.find(word)
        while start != -1:
            # No chunk holds BREAK, and UTF-8 encodes it as one byte no other
            # character's bytes hold: the breaks before a word count the chunks.
            found.add(joined.count(BREAK.encode(), 0, start))
            start = joined.find(word, start + len(word))
    return sorted(found)


def _line_before(chunks: list[str], index: int) -> str | None:
    """The paragraph of at most MAX_LINE_CHARS before chunk ``index``, if any.

    >>> _line_before(["Dune von F. Herbert", " ", "x" * 201, "Hardcover"], 3)
    'Dune von F. Herbert'
    """
    for before in range(index - 1, -1, -1):
        line = squash(chunks[before])
        if line and len(line) <= MAX_LINE_CHARS:
            return line
    return None


# "called 'X'", "titled 'X'" in the languages of the sites we read, or a kind word.
_CALLED = re.compile(
    r"(?:\b(?:called|titled|entitled|named|namens|betitelt|intitulée?|chiamat[oa]|llamad[oa]"
    r"|getiteld|genaamd)\s+|" + _KIND_WORDS + r")"
    r"['‘\"“„«‚](?P<title>[^'’\"”“«»]{1,80})['’\"”“»‘]",
    re.I,
)
_OPENING_QUOTE = re.compile(r"['‘\"“„«‚]")
OPENING_PARAGRAPHS = 5


def called_title(tree: lxml.html.HtmlElement) -> str | None:
    """A quoted title the summary or the opening paragraphs introduce.

    >>> html = '<p>Funk wizard Benny Vale made an ear worm called "Latke Funk".</p>'
    >>> called_title(lxml.html.fromstring(html))
    'Latke Funk'
    """
    document = _document(tree)
    summaries = [
        content
        for meta in document.iter("meta")
        if meta.get("name") == "description" or meta.get("property") == "og:description"
        if (content := meta.get("content")) is not None
    ]
    paragraphs = [element_text(p) for p in itertools.islice(document.iter("p"), OPENING_PARAGRAPHS)]
    for text in (*map(str, summaries[:2]), *paragraphs):
        if not _OPENING_QUOTE.search(text):
            continue  # a cheap test: the pattern is tried at every character
        for match in _CALLED.finditer(text):
            title = match.group("title").strip()
            if _title_like(title):
                return title
    return None


def review_heading_title(tree: lxml.html.HtmlElement) -> str | None:
    """ "Review of <em>Title</em>, edited by ...": the title a review heading sets apart."""
    for heading in itertools.islice(_document(tree).iter("h1", "h2", "h3", "h4"), 10):
        if not _REVIEW_HEADING.search(element_text(heading)):
            continue
        for element in heading.iter(*_ITALICS, "q"):
            text = element_text(element)
            if _title_like(text):
                return text
    return None


def tagged_title(tree: lxml.html.HtmlElement, headline: str | None) -> str | None:
    """The headline, when the post is tagged with exactly it."""
    if not headline:
        return None
    links = (a for a in _document(tree).iter("a") if "tag" in (a.get("rel") or ""))
    tags = {_key(element_text(a)) for a in itertools.islice(links, 50)}
    return headline if _key(headline) in tags and _title_like(headline) else None


def _document(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The root element of the document ``tree`` is part of: where an XPath that
    starts with "//" searches (lxml's iter() finds the same elements, in the same
    order, without the XPath engine)."""
    root: lxml.html.HtmlElement = tree.getroottree().getroot()
    return root


def without_site_name(title: str, names: Iterable[str]) -> str | None:
    """The title without the site's name; None when it is only the site's name.

    >>> names = site_names("https://www.example.com/r/1", ["Example Reviews"])
    >>> [without_site_name(t, names) for t in ("Example Reviews: Dune", "Dune (Example)")]
    ['Dune', 'Dune']
    >>> without_site_name("Example Reviews", names), without_site_name("Dune: Part Two", names)
    (None, 'Dune: Part Two')
    """
    return _without_site_keys(title, _keys(names))


def _keys(names: Iterable[str]) -> set[str]:
    return {_key(name) for name in names} - {""}


def _without_site_keys(title: str, keys: set[str]) -> str | None:
    """:func:`without_site_name` with the names' keys."""
    if _key(title) in keys:
        return None
    for pattern in (_SITE_FIRST, _SITE_LAST, _SITE_BRACKETS):
        match = pattern.match(title)
        if match and _key(match.group("site")) in keys:
            return match.group("rest").strip()
    return title


def site_names(url: str, publications: Iterable[str]) -> list[str]:
    """The site's names: its publication names and its host without "www." and the
    top-level domain ("www.example.com" → "example")."""
    host = (urlparse(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    return [*publications, host, labels[-2] if len(labels) > 1 else host]


def clean_work_titles(
    candidates: Candidates, url: str, *, review: bool, headlines: Sequence[str] = ()
) -> Candidates:
    """Work-title candidates without site names; on a page that is not a review,
    only the titles the page states (see the module's docstring)."""
    titles = candidates.get("work_title")
    if not titles:
        return candidates
    publications = [c.value for c in candidates.get("publication", []) if isinstance(c.value, str)]
    keys = _keys(site_names(url, publications))
    kept: list[Candidate] = []
    for candidate in titles:
        value = candidate.value
        if isinstance(value, str):
            value = _without_site_keys(value, keys) or ""
            if not value:
                continue
            if not review and not _stated(value, candidate.source, headlines):
                continue
        kept.append(Candidate(value, candidate.source))
    cleaned = {name: found for name, found in candidates.items() if name != "work_title"}
    return {**cleaned, "work_title": kept} if kept else cleaned  # no field without candidates


_YEAR_IN_BRACKETS = re.compile(r"\s*\(\d{4}\)$")


def _stated(title: str, source: str, headlines: Sequence[str]) -> bool:
    """Whether the page states the title: a layer read it, not guessed it, or a
    headline is only the title (and year), a title page, or names it after a kind.

    >>> _stated("Dune", "prose", ["Dune (2021)"]), _stated("Dune", "url", ["Dune review"])
    (True, False)
    """
    return (
        source not in GUESSED_SOURCES
        or _key(title) in {_key(_YEAR_IN_BRACKETS.sub("", h)) for h in headlines}
        or _named_with_kind(title, headlines)
    )


def _named_with_kind(title: str, texts: Iterable[str]) -> bool:
    """Whether a text names the title after a kind of work ("the album 'X'").

    >>> _named_with_kind("Neue Wege", ["Lena Stolz präsentiert das Album 'Neue Wege'"])
    True
    >>> _named_with_kind("Star Avenue", ["How 'Star Avenue' Saved the Musical"])
    False
    """
    after_kinds = [(text, kind.end()) for text in texts for kind in _KIND_NAME.finditer(text)]
    if not after_kinds:  # most headlines name no kind: no pattern to compile
        return False
    named = re.compile(_BEFORE_TITLE + re.escape(title), re.I)
    return any(named.match(text, end) for text, end in after_kinds)


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(text) >= 2
        and (text[0].isupper() or text[0].isdigit())
    )


def _outside_text(element: lxml.html.HtmlElement) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in _OUTSIDE_TEXT:
            return True
        parent = parent.getparent()
    return False


_NOT_WORDS = re.compile(r"\W+")
_WORDS = re.compile(r"\w+")


def _key(text: str) -> str:
    return _NOT_WORDS.sub("", text.casefold())


def headline_kind(candidates: Candidates, headlines: Sequence[str], *, review: bool) -> Candidates:
    """On a review whose layers found no kind of work, the one kind its headline names
    ("This funk song is a classic", "Tanz in der Lokremise: …"); a headline naming
    two kinds, or a page that is not a review, says nothing.

    >>> headline_kind({}, ["This funk song is a classic"], review=True)
    {'work_type': [Candidate(value='album', source='prose')]}
    >>> headline_kind({}, ["From book to film"], review=True)
    {}
    >>> headline_kind({}, ["A song"], review=False)
    {}
    """
    if not review or candidates.get("work_type") or not headlines:
        return candidates
    words = _WORDS.findall(headlines[0].casefold())
    kinds = {KIND_WORDS[word] for word in words if word in KIND_WORDS}
    if len(kinds) != 1:
        return candidates
    return {**candidates, "work_type": [Candidate(kinds.pop(), SOURCE)]}
