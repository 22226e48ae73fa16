"""The named-work layer's shortcuts return what the whole-page passes they
replace returned, on any page."""

from __future__ import annotations

import itertools
import re

import lxml.etree
import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.namedwork import (
    _BEFORE_TITLE,
    _BIBLIOGRAPHIC,
    _CALLED,
    _ITALICS,
    _KIND_NAME,
    _NAMES,
    _OPENING_QUOTE,
    _REVIEW_HEADING,
    _TITLE_BY,
    _first_body,
    _key,
    _text_content,
    _title_like,
    book_details_title,
    called_title,
    clean_work_titles,
    review_heading_title,
    site_names,
    tagged_title,
    without_site_name,
)
from aggregator.extraction.prefilter import may_contain
from aggregator.extraction.tree_text import block_text, element_text

from .builders import page

_WORDS = (
    "Seiten", "pages", "ISBN", "Verlag", "Publisher", "Gebundene Ausgabe", "Taschenbuch",
    "Hardcover", "Paperback", "Broschiert", "Auflage", "Erscheinungsdatum",
)  # fmt: skip


def _reference_book_details_title(tree: lxml.html.HtmlElement) -> str | None:
    """The body's block text cut into lines, after a test of its whole text."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    text = root.text_content()
    if not may_contain(text, [word.lower().encode() for word in _WORDS]):
        return None
    lines = [line for line in block_text(root).split("\n\n") if len(line) <= 200]
    for line, after in itertools.pairwise(lines):
        match = _TITLE_BY.match(line)
        if match and _BIBLIOGRAPHIC.search(after) and _NAMES.match(match.group("author")):
            title = match.group("title").strip(" »«\"'„“”‘’")
            return title if _title_like(title) and _BIBLIOGRAPHIC.search(text) else None
    return None


_LONG = "A long paragraph about the pages of a novel, " * 6
_PIECES = st.sampled_from(
    [
        "<p>Lina-Lu: Laufsteg von Vera Stein</p>",
        "<b>Dune von Frank Herbert</b><br>",
        "<p>Gebundene\n Ausgabe: 80 Seiten</p>",
        "<p>Hardcover, 320 pages</p>",
        "<div>ISBN 978-3</div>",
        "<p>Pa<b>ges</b> 80</p>",
        "<p>Pa<script>x</script>ges 80</p>",
        "<p>\u017feiten 80</p>",
        f"<p>{_LONG}</p>",
        "<script>var pages = 2</script>",
        "<style>.isbn {}</style>",
        "<!-- Verlag -->",
        "Loose text by Ann Lee ",
        "<span>Paperback</span>",
        "<div><svg>pages</svg><p>Auflage 2</p></div>",
        "<table><tr><td>Seiten</td><td>80</td></tr></table>",
        "<p>A film</p>",
        "\n ",
    ]
)


@st.composite
def _bodies(draw: st.DrawFn, depth: int = 0) -> str:
    parts = draw(st.lists(_PIECES, max_size=5))
    if depth < 2 and draw(st.booleans()):
        parts.append(f"<div>{draw(_bodies(depth + 1))}</div>")
    return "".join(draw(st.permutations(parts)))


def _trees(body: str) -> list[lxml.html.HtmlElement]:
    html = f"<html><head><title>t</title></head><body>{body}</body></html>"
    return [page(html).tree, lxml.html.document_fromstring(html)]


@given(_bodies())
def test_book_details_are_what_the_whole_block_text_gives(body: str) -> None:
    for tree in _trees(body):
        assert book_details_title(tree) == _reference_book_details_title(tree)


def test_book_details_title_over_a_long_paragraph() -> None:
    html = f"<p>Dune von Frank Herbert</p><p>{_LONG}</p><p>Taschenbuch, 600 Seiten</p>"
    tree = page(f"<html><body><div>{html}</div><script>x</script></body></html>").tree
    assert book_details_title(tree) == _reference_book_details_title(tree) == "Dune"


def _with_body_nested_in(html: str) -> lxml.html.HtmlElement:
    tree = lxml.html.document_fromstring(html)
    lxml.etree.SubElement(tree.find(".//div"), "body").text = "nested"
    return tree


@given(st.sampled_from(["<div>a</div>", "<p>b</p><div>c</div>", "<div><div>d</div></div>"]))
def test_first_body_is_the_first_found(html: str) -> None:
    for tree in (lxml.html.document_fromstring(html), _with_body_nested_in(html)):
        assert _first_body(tree) is tree.find(".//body")
        for element in tree.iter():
            assert _first_body(element) is element.find(".//body")


_SNIPPETS = st.sampled_from(
    [
        '<meta name="description" content="The album \'Neue Wege\' is out">',
        '<meta property="og:description" content="A song called “Latke Funk”">',
        '<meta name="description">',
        "<p>Funk wizard Benny Vale made an ear worm called 'Latke Funk'.</p>",
        "<p>No title here.</p>",
        "<p>A <b>bold</b> “Move” and «Rain»</p>",
        "<h2>Review of <em>Digital Gawain</em>, edited by A</h2>",
        "<h3>Kritik: <q>Neue Wege</q></h3>",
        "<h1>Other</h1>",
        '<a rel="tag" href="/t">Night Shift Heroes</a>',
        '<a rel="category tag">Reviews</a>',
        "<a>Night Shift Heroes</a>",
        "<p>«Rain» opens. «Rain» flows. «Rain» ends.</p>",
    ]
)


def _reference_called_title(tree: lxml.html.HtmlElement) -> str | None:
    summaries = tree.xpath("//meta[@name='description' or @property='og:description']/@content")
    paragraphs = [element_text(p) for p in tree.xpath("//p")[:5]]
    for text in (*map(str, summaries[:2]), *paragraphs):
        if _OPENING_QUOTE.search(text):
            for match in _CALLED.finditer(text):
                if _title_like(title := match.group("title").strip()):
                    return title
    return None


def _reference_review_heading_title(tree: lxml.html.HtmlElement) -> str | None:
    for heading in tree.xpath("//h1 | //h2 | //h3 | //h4")[:10]:
        if _REVIEW_HEADING.search(element_text(heading)):
            for element in heading.iter(*_ITALICS, "q"):
                if _title_like(text := element_text(element)):
                    return text
    return None


def _reference_tagged_title(tree: lxml.html.HtmlElement, headline: str) -> str | None:
    tags = {_key(element_text(a)) for a in tree.xpath("//a[contains(@rel, 'tag')]")[:50]}
    return headline if _key(headline) in tags and _title_like(headline) else None


@given(st.lists(_SNIPPETS, max_size=16))
def test_searches_through_the_document_are_the_xpaths(snippets: list[str]) -> None:
    tree = page(f"<html><body>{''.join(snippets)}</body></html>").tree
    for element in (tree, *tree.iter("p", "h2", "a")):
        assert called_title(element) == _reference_called_title(element)
        assert review_heading_title(element) == _reference_review_heading_title(element)
        headline = "Night Shift Heroes"
        assert tagged_title(element, headline) == _reference_tagged_title(element, headline)
    for paragraph in tree.iter("p", "h2", "a"):
        assert _text_content(paragraph) == paragraph.text_content()


def _reference_clean_work_titles(
    candidates: Candidates, url: str, *, review: bool, headlines: list[str]
) -> Candidates:
    titles = candidates.get("work_title")
    if not titles:
        return candidates
    publications = [c.value for c in candidates.get("publication", []) if isinstance(c.value, str)]
    names = site_names(url, publications)
    whole = {_key(re.sub(r"\s*\(\d{4}\)$", "", h)) for h in headlines}
    kept: list[Candidate] = []
    for candidate in titles:
        value = candidate.value
        if isinstance(value, str):
            value = without_site_name(value, names) or ""
            if not value:
                continue
            named = re.compile(_BEFORE_TITLE + re.escape(value), re.I)
            kinds = [(h, k.end()) for h in headlines for k in _KIND_NAME.finditer(h)]
            stated = (
                candidate.source not in ("prose", "url")
                or _key(value) in whole
                or any(named.match(h, end) for h, end in kinds)
            )
            if not review and not stated:
                continue
        kept.append(Candidate(value, candidate.source))
    cleaned = {name: found for name, found in candidates.items() if name != "work_title"}
    return {**cleaned, "work_title": kept} if kept else cleaned


_TITLES = st.sampled_from(["Neue Wege", "Dune", "Example Reviews", "Example: Dune", "Star Avenue"])
_HEADLINES = st.sampled_from(
    ["Dune (2021)", "Lena Stolz präsentiert das Album 'Neue Wege'", "How 'Star Avenue' Won", "x"]
)


@given(
    st.lists(st.tuples(_TITLES, st.sampled_from(["prose", "url", "jsonld"])), max_size=4),
    st.lists(_HEADLINES, max_size=3),
    st.booleans(),
)
def test_clean_work_titles_is_unchanged(
    titles: list[tuple[str, str]], headlines: list[str], review: bool
) -> None:
    candidates: Candidates = {
        "work_title": [Candidate(title, source) for title, source in titles],
        "publication": [Candidate("Example Reviews", "meta")],
    }
    url = "https://www.example.com/r/1"
    assert clean_work_titles(
        candidates, url, review=review, headlines=headlines
    ) == _reference_clean_work_titles(candidates, url, review=review, headlines=headlines)
