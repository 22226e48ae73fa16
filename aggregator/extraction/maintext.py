"""The main text of the page and trafilatura's metadata, plus image captions.

trafilatura runs on the shared tree (it copies a tree it is given before
pruning it, so the other layers' tree stays intact, and a copy is cheaper than
a second parse). The first pass favours precision: a review body with a stray
related-links block is worse than one missing a paragraph. It runs in
trafilatura's fast mode; only when that finds less than a full review does the
precise pass run again with trafilatura's comparison against its fallback
extractors (which drops the teaser and advert blocks fast mode keeps, and costs
a third of the call). When the precise pass still finds less than a full
review (old table layouts, short posts, an intro the precise pass cut), the
default and then the recall settings run too, and their text widens the
precise one (see :func:`widen`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import XPath
from trafilatura import metadata

from aggregator.extraction.authorsearch import find_author
from aggregator.extraction.boilerplate import trim_tail
from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.classes import has_class
from aggregator.extraction.language import guess_language
from aggregator.extraction.loosetext import with_loose_text_wrapped
from aggregator.extraction.page import Page
from aggregator.extraction.prunable import prunable_xpath
from aggregator.extraction.tree_text import element_text

logger = logging.getLogger(__name__)

SOURCE = "maintext"

# The class test asked of class attributes, not of every element.
_CAPTIONS = XPath(
    "//figcaption"
    " | //@class[contains(concat(' ', normalize-space(.), ' '), ' wp-caption-text ')]/.."
)
MAX_CAPTIONS = 50


@dataclass(frozen=True)
class MainText:
    """trafilatura's reading of the page."""

    body_text: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


#: A precise body this long is a whole review: the wider passes are skipped.
FULL_BODY_WORDS = 300

#: The passes after the precise one: trafilatura's default settings (tables
#: kept: old pages lay their text out in them) when the precise body is short,
#: then its recall mode when there is still no body at all.
DEFAULT_PASS: dict[str, Any] = {"favor_precision": False, "include_tables": True}
RECALL_PASS: dict[str, Any] = {
    "favor_precision": False,
    "include_tables": True,
    "favor_recall": True,
}


def main_text(page: Page) -> MainText:
    """Body (paragraphs separated by a blank line) and metadata; empty when nothing is found."""
    tree = with_loose_text_wrapped(page.tree)
    # The precise passes read the page without the blocks they would delete
    # unread; the wider ones, which weigh the whole page, read all of it.
    prunable = prunable_xpath(page, tree)
    # trafilatura's comparison with its fallback extractors is skipped when the
    # quick pass already finds a whole review.
    document = run_trafilatura(tree, page.url, fast=True, prune_xpath=prunable)
    body = _paragraphs(getattr(document, "text", None))
    # Metadata is offered with a body from the quick or a wider pass, not with
    # the compared pass's alone (the order the passes have always had).
    found = document is not None
    if _words(body) < FULL_BODY_WORDS:
        compared = run_trafilatura(tree, page.url, prune_xpath=prunable)
        body = _paragraphs(getattr(compared, "text", None))
    for settings, wanted in ((DEFAULT_PASS, FULL_BODY_WORDS), (RECALL_PASS, 1)):
        if _words(body) >= wanted:
            continue
        wider = run_trafilatura(tree, page.url, **settings)
        body = widen(body, _paragraphs(getattr(wider, "text", None)))
        found = found or wider is not None
    metadata = read_metadata(tree, page.url) if found else {}
    printed = [c.value for c in visible_headline(page).get("headline", [])]
    titles = [str(t) for t in (*printed, metadata.get("title")) if t]
    return MainText(_without_headline(trim_tail(body), titles), metadata)


def read_metadata(tree: lxml.html.HtmlElement, url: str) -> dict[str, str]:
    """trafilatura's metadata, the fields this project reads: title, author,
    site name and description.

    The steps of trafilatura's own metadata pass (``extract_metadata``) for
    these fields, in its order and with its rules; the pass as a whole also
    reads the date (with htmldate), categories, tags and licence, which cost
    half of the call and which nothing here uses (the printed layer reads the
    review's own date). None of the steps changes the tree.
    """
    document = metadata.examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # a handle ("jdoe"), not a name
    try:
        document = metadata.extract_meta_json(tree, document)
    except Exception:  # trafilatura's JSON-LD reader fails on odd data; so does its pass
        logger.debug("trafilatura's JSON-LD metadata failed for %s", url, exc_info=True)
    document.title = document.title or metadata.extract_title(tree)
    document.author = document.author or find_author(tree)
    document.url = document.url or metadata.extract_url(tree, url)
    document.sitename = document.sitename or metadata.extract_sitename(tree)
    if document.sitename:
        document.sitename = _capitalised(document.sitename.lstrip("@"))
    elif document.url and (host := metadata.META_URL.match(document.url)):
        document.sitename = host[1]
    document.clean_and_trim()
    return {
        key: value.strip()
        for key in ("title", "author", "sitename", "description")
        if isinstance(value := getattr(document, key, None), str) and value.strip()
    }


def _capitalised(name: str) -> str:
    """A site name as trafilatura gives it: a lower-case handle capitalised, a domain kept.

    >>> _capitalised("thepaper"), _capitalised("thepaper.com"), _capitalised("The Paper")
    ('Thepaper', 'thepaper.com', 'The Paper')
    """
    return name.title() if name and "." not in name and not name[0].isupper() else name


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def widen(precise: str | None, wider: str | None) -> str | None:
    """The precise body plus what a wider pass found before and between its
    paragraphs, never after them.

    A precise pass drops short paragraphs it is unsure of (an intro, a
    details line); a wider pass keeps them but also what follows the
    article (tags, related posts, share boxes), so its text past the precise
    body's last paragraph is left out. With no precise body, the wider one is
    all there is; a wider text that shares nothing with it is not the same
    article, and is ignored.

    >>> widen("B.\\n\\nC.", "Intro.\\n\\nB.\\n\\nBox.\\n\\nC.\\n\\nRelated posts")
    'Intro.\\n\\nB.\\n\\nBox.\\n\\nC.'
    >>> widen(None, "A.")
    'A.'
    >>> widen("B.", "Other.")
    'B.'
    """
    if not precise or not wider:
        return precise or wider
    own = {_key(p) for p in precise.split("\n\n")}
    paragraphs = wider.split("\n\n")
    shared = [index for index, paragraph in enumerate(paragraphs) if _key(paragraph) in own]
    if not shared:
        return precise
    return "\n\n".join(paragraphs[: shared[-1] + 1])


def _key(paragraph: str) -> str:
    return " ".join(paragraph.casefold().split())


#: The headline is looked for among the body's first paragraphs (after a kicker).
HEADLINE_WITHIN = 3


def _without_headline(body: str | None, titles: list[str]) -> str | None:
    """The review text without the headline (and any kicker above it) that
    main-text extraction keeps on top.

    A copy of a review under another headline must have the same text. A
    headline printed on two lines (kicker and title) may come as two paragraphs.

    >>> _without_headline("Film review\\n\\nDune review\\n\\nSand.", ["Dune review"])
    'Sand.'
    >>> _without_headline("Dune:\\n\\nA review\\n\\nSand.", ["Dune: A review"])
    'Sand.'
    >>> _without_headline("Sand.\\n\\nMore sand.", ["Dune review"])
    'Sand.\\n\\nMore sand.'
    """
    if not body:
        return body
    keys = {_key(t) for t in titles}
    paragraphs = body.split("\n\n")
    for end in range(1, min(HEADLINE_WITHIN, len(paragraphs)) + 1):
        for start in range(end):
            if _key(" ".join(paragraphs[start:end])) in keys:
                return "\n\n".join(paragraphs[end:]) or None
    return body


def run_trafilatura(
    html: Any,
    url: str | None,
    *,
    favor_precision: bool = True,
    favor_recall: bool = False,
    include_tables: bool = False,
    fast: bool = False,
    prune_xpath: str | None = None,
) -> Any:
    """trafilatura's ``bare_extraction`` with this project's settings (a Document or
    None); precise, without tables, unless told otherwise. Its metadata pass is
    left out: :func:`read_metadata` reads what is used of it, once per page."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=favor_precision,
        favor_recall=favor_recall,
        include_comments=False,
        include_tables=include_tables,
        include_links=False,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
        fast=fast,
        prune_xpath=prune_xpath,
    )


def maintext_candidates(text: MainText) -> Candidates:
    meta = text.metadata
    candidates: Candidates = {}
    pairs = (
        ("body_text", text.body_text),
        ("headline", meta.get("title")),
        ("publication", meta.get("sitename")),
        ("summary", meta.get("description")),
    )
    for name, value in pairs:
        if value:
            candidates[name] = [Candidate(value, SOURCE)]
    authors = [a.strip() for a in meta.get("author", "").split(";") if a.strip()]
    if authors:
        candidates["authors"] = [Candidate(authors, SOURCE)]
    return candidates


def _entry_titles(tree: lxml.html.HtmlElement, name: str) -> list[lxml.html.HtmlElement]:
    return [e for e in tree.iter("h1", "h2") if has_class(e, name)]


def _bookmarked(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [
        a
        for a in tree.iter("a")
        if a.get("rel") == "bookmark" and (parent := a.getparent()) is not None
        if parent.tag in ("h1", "h2")
    ]


_ARTICLE_H1 = XPath("//article//h1 | //main//h1")


def _h1s(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return list(tree.iter("h1"))


#: Where the headline is printed, most specific first: a blog's entry title, its
#: title link, the article's h1 (then any element they find will do), and the
#: page's h1 (only when it is the one h1 of the page).
_HEADLINE_FINDERS: tuple[Callable[[lxml.html.HtmlElement], list[lxml.html.HtmlElement]], ...] = (
    lambda tree: _entry_titles(tree, "entry-title"),
    lambda tree: _entry_titles(tree, "post-title"),
    _bookmarked,
    _ARTICLE_H1,
)


def visible_headline(page: Page) -> Candidates:
    """The headline as printed: a blog's entry title, else the one h1 of the article
    (or of the page, when there is only one; several h1s are logos and widgets)."""
    text = page.memo("visible_headline", lambda: _visible_headline(page.tree))
    return {"headline": [Candidate(text, SOURCE)]} if text else {}


def _visible_headline(tree: lxml.html.HtmlElement) -> str | None:
    for finder in (*_HEADLINE_FINDERS, _h1s):
        found = finder(tree)
        if len(found) == 1 or (found and finder is not _h1s):
            text = element_text(found[0])
            if text:
                return text
    return None


#: Words a paragraph needs to count as prose for the language guess.
SENTENCE_WORDS = 8


def language_candidates(text: MainText) -> Candidates:
    """A guess from the body's words, for pages that declare no language. Only
    sentences count: menus and table cells in a wide body are not prose."""
    paragraphs = (text.body_text or "").split("\n\n")
    prose = [p for p in paragraphs if len(p.split()) >= SENTENCE_WORDS]
    language = guess_language("\n\n".join(prose))
    return {"language": [Candidate(language, SOURCE)]} if language else {}


def captions(page: Page) -> tuple[str, ...]:
    """Image captions, for prose mining (they often name the work and its cast)."""
    found = (element_text(element) for element in _CAPTIONS(page.tree)[:MAX_CAPTIONS])
    return tuple(dict.fromkeys(text for text in found if text))


def _paragraphs(text: str | None) -> str | None:
    if not text:
        return None
    lines = (line.strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line) or None
