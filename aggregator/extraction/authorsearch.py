"""trafilatura's search for the author's element (``extract_author``), made cheaper.

trafilatura deletes the elements that cannot hold the author (comments,
sidebars, dates, figures: ``AUTHOR_DISCARD_XPATHS``) from a copy of the page,
then takes the first element its ``AUTHOR_XPATHS`` select whose text is a
plausible name. Here the expressions are written without regular expressions
(lxml calls back into Python for each element a ``re:test()`` is asked of),
and the discarded elements are not searched for at all: an element the author
search selects is skipped when it or an ancestor is one, and only an element
with one inside is copied (alone) to read its text without it. The same
elements, the same text (see the tests, which compare with trafilatura).
"""

from __future__ import annotations

import copy

import lxml.html
from lxml.etree import XPath
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xml import delete_element


class ValueTest:
    """Whether an attribute's value equals, starts with or contains one of the
    words (each argument a space-separated list)."""

    def __init__(self, *, equal: str = "", starts: str = "", contains: str = "") -> None:
        self.equal = tuple(equal.split())
        self.starts = tuple(starts.split())
        self.contains = tuple(contains.split())

    def xpath(self) -> str:
        """The test as an XPath predicate on the attribute node.

        >>> ValueTest(equal="a", starts="b", contains="c d").xpath()
        ". = 'a' or starts-with(., 'b') or contains(., 'c') or contains(., 'd')"
        """
        return " or ".join(
            [
                *(f". = '{w}'" for w in self.equal),
                *(f"starts-with(., '{w}')" for w in self.starts),
                *(f"contains(., '{w}')" for w in self.contains),
            ]
        )

    def __call__(self, value: str | None) -> bool:
        """
        >>> test = ValueTest(equal="a", starts="b", contains="c")
        >>> test("a"), test("ab"), test("bx"), test("xcx"), test(None)
        (True, False, True, True, False)
        """
        if value is None:
            return False
        return (
            value in self.equal
            or value.startswith(self.starts)
            or any(word in value for word in self.contains)
        )


# trafilatura.xpaths.AUTHOR_XPATHS, with each regular expression written as the
# string tests it stands for, asked of the attributes rather than of every
# element. Same order, same elements.
AUTHOR_XPATHS = tuple(
    XPath(xpath)
    for xpath in (
        "(//@rel[. = 'author'] | //@id[. = 'author'] | //@class[. = 'author']"
        " | //@itemprop[. = 'author name'] | //rel[. = 'me'] | //@data-testid[. = 'AuthorCard'"
        " or . = 'AuthorURL'] | //@class["
        + ValueTest(contains="author-name authorname AuthorName authorName").xpath()
        + "])/parent::*[self::a or self::address or self::div or self::link or self::p"
        " or self::span or self::strong] | //author",
        "(//@class["
        + ValueTest(
            equal="byline username byl BBL",
            contains="author channel-name zuozhe bianji xiaobian submitted-by posted-by"
            " journalist-name",
        ).xpath()
        + "] | //@itemprop[contains(., 'author')] | //@id["
        + ValueTest(contains="author zuozhe bianji xiaobian").xpath()
        + "])/parent::*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]",
        "(//@data-component[contains(., 'Byline')] | //@itemprop[contains(., 'author')]"
        " | //@id["
        + ValueTest(contains="Author author").xpath()
        + "] | //@class["
        + ValueTest(contains="Author author screenname writer Byline byline").xpath()
        + "])/parent::*",
    )
)

#: trafilatura.xpaths.AUTHOR_DISCARD_XPATHS: elements of these tags with an
#: attribute passing its test, and every element of :data:`DISCARDED_TAGS`.
DISCARDED_ATTRIBUTES = {
    "id": ValueTest(
        equal="comments", starts="comments", contains="commentlist comment-list ProductReviews"
    ),
    "class": ValueTest(
        equal="comments title date",
        starts="Comments comments",
        contains="commentlist comments-list sidebar is-hidden quote embedly-instagram"
        " article-share article-support print category meta-date meta-reviewer",
    ),
    "data-component": ValueTest(contains="Figure"),
}
DISCARDED_ATTRIBUTE_TAGS = frozenset({"a", "div", "section", "span"})
DISCARDED_TAGS = frozenset({"time", "figure"})
#: The same, as trafilatura asks for them (for the tests).
AUTHOR_DISCARD_XPATHS = (
    XPath(
        "("
        + " | ".join(f"//@{name}[{test.xpath()}]" for name, test in DISCARDED_ATTRIBUTES.items())
        + ")/parent::*["
        + " or ".join(f"self::{tag}" for tag in sorted(DISCARDED_ATTRIBUTE_TAGS))
        + "]"
    ),
    XPath(" | ".join(f"//{tag}" for tag in sorted(DISCARDED_TAGS))),
)
#: trafilatura's length limit on an author element's text.
AUTHOR_MAX_CHARS = 120


def find_author(tree: lxml.html.HtmlElement) -> str | None:
    """The author's name as trafilatura's ``extract_author`` finds it, or None."""
    for xpath in AUTHOR_XPATHS:
        for element in xpath(tree):
            if discarded(element) or any(discarded(a) for a in element.iterancestors()):
                continue
            content = trim(" ".join(_without_discarded(element).itertext()))
            if content and 2 < len(content) < AUTHOR_MAX_CHARS:
                return normalize_authors(None, content)
    return None


def discarded(element: lxml.html.HtmlElement) -> bool:
    """Whether one of :data:`AUTHOR_DISCARD_XPATHS` selects ``element``."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in DISCARDED_TAGS:
        return True
    return tag in DISCARDED_ATTRIBUTE_TAGS and any(
        test(element.get(name)) for name, test in DISCARDED_ATTRIBUTES.items()
    )


def _without_discarded(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """``element``, or a copy of it without the discarded elements inside it
    (deleted the way trafilatura deletes: each one's tail stays)."""
    if not any(discarded(e) for e in element.iterdescendants()):
        return element
    copied = copy.deepcopy(element)
    for twin in [c for e, c in zip(element.iter(), copied.iter(), strict=True) if discarded(e)]:
        delete_element(twin)
    return copied
