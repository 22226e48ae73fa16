"""The review's verdict: its own one-line conclusion, where the page labels one.

Only a labelled conclusion counts: "Verdict: ...", a "The bottom line" heading
over a paragraph, "Fazit:", "En bref :", a ``<dt>Verdict</dt>`` pair. An
unlabelled summary, a description or the first paragraph is not a verdict, and
a page without a label has none: nothing here guesses. A label must stand
apart from the prose (a colon or dash after it, or an element of its own), so
"The bottom line is that..." inside a paragraph is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from aggregator.extraction.candidates import Candidate, Candidates
from aggregator.extraction.page import Page
from aggregator.extraction.tree_text import block_text, element_text, squash

SOURCE = "printed"

#: Verdict labels, lower-case, in the languages sites write them.
LABELS = (
    "verdict", "the verdict", "our verdict", "final verdict", "my verdict",
    "bottom line", "the bottom line",
    "fazit", "unser fazit", "mein fazit",
    "en bref", "notre verdict", "le verdict",
    "conclusión", "veredicto", "el veredicto", "nuestro veredicto",
    "werdykt", "il verdetto", "verdetto", "il nostro verdetto",
)  # fmt: skip
_LABEL = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in LABELS)
#: A word of each label, up to its first non-ASCII letter (which a page may
#: write as an entity): a page whose source has none of them has no label.
_KEYWORDS = frozenset(
    re.split(r"[^a-z]", max(reversed(label.split()), key=len))[0] for label in LABELS
)
_KEYWORD_BYTES = tuple(word.encode("ascii") for word in sorted(_KEYWORDS))
#: The only characters besides A-Z that ``str.lower`` turns into ASCII letters
#: (KELVIN SIGN to "k", the dotted capital I to "i" and a combining dot).
_LOWERED_TO_ASCII = ("\u212a", "\u0130")
#: A text that opens with a label (a cheap test before reading a whole element).
_OPENS = re.compile(rf"^\s*(?:{_LABEL})(?![^\W\d_])", re.IGNORECASE)
#: A whole text that is only a label ("Verdict", "The bottom line:").
_ONLY_LABEL = re.compile(rf"^(?:{_LABEL})\s*[:：.–—-]?$", re.IGNORECASE)
#: A label that opens a text, set apart by a colon or a dash.
_LEADING_LABEL = re.compile(rf"^(?:{_LABEL})\s*(?:[:：]|\s[–—-])\s*(?P<rest>.+)$", re.IGNORECASE)
#: Elements that can hold a label standing on its own.
_LABEL_TAGS = ("h2", "h3", "h4", "h5", "h6", "dt", "th", "strong", "b", "p", "div", "span")
#: Blocks that can open with an inline label.
_BLOCKS = ("p", "li", "dd", "td", "div", "blockquote", "h2", "h3", "h4", "h5", "h6")
#: Elements that start a paragraph of their own.
_PARAGRAPHS = frozenset(
    {"p", "div", "section", "article", "aside", "blockquote", "ul", "ol", "dl", "dd", "td",
     "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
)  # fmt: skip
#: Class or id words of the parts of a page whose text is not the review's
#: (comments, menus, related links), alone or after a prefix ("site-footer").
_OUTSIDE = re.compile(
    r"(?:[a-z0-9]+[-_])?(?:comments?|comment[-_]\w+|nav|navbar|navigation|menu|footer|related|newsletter)",
    re.IGNORECASE,
)
#: A verdict is a phrase: at least this many words with letters.
MIN_WORDS = 2
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Words of a score ("8 out of 10", "4 von 5"), which alone are no verdict.
_SCALE_WORDS = frozenset({"out", "of", "stars", "points", "von", "sur", "su", "de", "en"})
#: Longer labelled texts are whole sections, not a one-line conclusion.
MAX_CHARS = 600


def verdict_candidates(page: Page) -> Candidates:
    """The page's labelled verdicts, in page order."""
    if not names_a_label(page.text):
        return {}  # most pages name no label at all: no need to walk the tree
    found = labelled_verdicts(page.tree)
    return {"verdict": [Candidate(text, SOURCE) for text in found]} if found else {}


def names_a_label(source: str) -> bool:
    r"""Whether the lower-cased ``source`` holds a word of a label (:data:`_KEYWORDS`).

    The same answer as ``any(word in source.lower() ...)``, without lowering
    a whole page as text: the keywords are ASCII letters, and besides A-Z only
    :data:`_LOWERED_TO_ASCII` lower to ASCII letters. Without them, a keyword is
    in the lowered text exactly when it is in the lowered UTF-8 bytes, where
    every other character is bytes above ASCII (``bytes.lower`` changes A-Z
    only) and the search runs on bytes, several times faster.

    >>> names_a_label("<h2>Our VERDICT</h2>"), names_a_label("<p>Fin.</p>")
    (True, False)
    >>> names_a_label("FAZ\u0130T"), names_a_label("WERDY\u212aT")
    (False, True)
    """
    if any(character in source for character in _LOWERED_TO_ASCII):
        lowered = source.lower()
        return any(word in lowered for word in _KEYWORDS)
    folded = source.encode("utf-8", "surrogatepass").lower()
    return any(word in folded for word in _KEYWORD_BYTES)


def labelled_verdicts(root: lxml.html.HtmlElement) -> list[str]:
    """Texts a label marks as the verdict, each once, in page order.

    >>> html = lxml.html.fromstring
    >>> list(labelled_verdicts(html("<p><b>Verdict:</b> A thrilling, overlong epic.</p>")))
    ['A thrilling, overlong epic.']
    >>> list(labelled_verdicts(html("<h2>The bottom line</h2><p>Worth the wait.</p>")))
    ['Worth the wait.']
    >>> list(labelled_verdicts(html("<p>The bottom line is that it works.</p>")))
    []
    """
    return list(dict.fromkeys(_labelled(root)))


def _labelled(root: lxml.html.HtmlElement) -> Iterator[str]:
    for element in root.iter(*_LABEL_TAGS, *_BLOCKS):
        if not _OPENS.match(_leading_text(element)) or _outside_review(element):
            continue
        text = element_text(element)
        if _ONLY_LABEL.match(text):
            verdict = _after_label(element)
        elif element.tag in _BLOCKS and (match := _LEADING_LABEL.match(text)):
            verdict = match["rest"] if _is_leaf(element) else None
        else:
            continue
        if verdict and _is_verdict(verdict):
            yield verdict


def _after_label(label: lxml.html.HtmlElement) -> str | None:
    """The text that a label standing on its own introduces: the rest of its
    paragraph when the label opens one (``<p><b>Fazit</b> ...</p>``), else the
    line after it (``<h2>Fazit</h2><br>text<br>``) or the first paragraph of
    the next block (a heading's section, a ``<dd>``)."""
    parent = label.getparent()
    if label.tag in ("strong", "b", "span") and parent is not None:
        rest = squash(element_text(parent))[len(squash(element_text(label))) :]
        return squash(rest.lstrip(":：–—- ")) or None
    line = [label.tail or ""]
    for sibling in label.itersiblings():
        if sibling.tag in _PARAGRAPHS:
            if squash("".join(line)):
                break
            return block_text(sibling).split("\n\n")[0] or None
        if sibling.tag == "br" and squash("".join(line)):
            break
        if isinstance(sibling.tag, str) and sibling.tag != "br":
            line.append("".join(sibling.itertext()))  # inline: no spaces added
        line.append(sibling.tail or "")
    return squash("".join(line)) or None


def _leading_text(element: lxml.html.HtmlElement) -> str:
    """The first non-blank text inside ``element``, read lazily."""
    return next((piece for piece in element.itertext() if piece.strip()), "")


def _is_leaf(element: lxml.html.HtmlElement) -> bool:
    # A container's text starts with its first child's: the child reports it.
    return not any(child.tag in _BLOCKS for child in element.iterchildren())


def _outside_review(element: lxml.html.HtmlElement) -> bool:
    """In a menu, a footer, a form or the comments.

    >>> page = lxml.html.fromstring(
    ...     '<html><body class="sticky-nav"><div id="comments"><p>x</p></div><p>y</p></body></html>'
    ... )
    >>> [_outside_review(p) for p in page.iter("p")]
    [True, False]
    """
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html", "main", "article"):
            return False
        if node.tag in ("nav", "footer", "form", "header"):
            return True
        words = f"{node.get('class', '')} {node.get('id', '')}".split()
        if any(_OUTSIDE.fullmatch(word) for word in words):
            return True
    return False


def _is_verdict(text: str) -> bool:
    """A phrase of a few words, not a bare score ("4/5", "8.5 out of 10").

    >>> _is_verdict("4/5"), _is_verdict("8.5 out of 10"), _is_verdict("★★★★☆")
    (False, False, False)
    >>> _is_verdict("Skip it."), _is_verdict("A must-see for fans.")
    (True, True)
    """
    words = [w for w in text.split() if _WORD.search(w) and w.lower() not in _SCALE_WORDS]
    return len(words) >= MIN_WORDS and len(text) <= MAX_CHARS
