"""A cheap test before a case-insensitive pattern runs over a whole page.

Python's ``re`` tries a case-insensitive pattern that opens with ``\\b`` at
every position of the text: over a page's 50-100 KB of text or source that
costs milliseconds. Most pages hold none of the words such a pattern needs,
and plain substring tests on the text's lower-cased UTF-8 bytes say so in a
fraction of the time. The test may say yes wrongly (the pattern then decides),
never no wrongly.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Characters that ``re.IGNORECASE`` takes for an ASCII letter but that no ASCII
#: byte stands for once encoded: dotted and dotless I, long S, the Kelvin sign.
_ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")


def may_contain(text: str, words: Iterable[bytes]) -> bool:
    """Whether ``text`` may hold one of ``words`` (lower-case ASCII) in any case.

    >>> may_contain("<p>ISBN 978-3</p>", [b"isbn"]), may_contain("No numbers", [b"isbn"])
    (True, False)
    >>> may_contain("Pages: 320", [b"seiten", b"pages"])
    True
    >>> may_contain("\u017feiten", [b"seiten"])  # long S: re.IGNORECASE matches it as "s"
    True
    """
    return holds(folded(text), words)


def folded(text: str) -> bytes | None:
    """``text`` as :func:`holds` reads it, for several tests on one text: its
    lower-cased UTF-8 bytes, or None when it holds a character that
    ``re.IGNORECASE`` takes for an ASCII letter (then any word may be there)."""
    if not text.isascii() and any(char in text for char in _ASCII_LOOKALIKES):
        return None
    return text.encode("utf-8", "surrogatepass").lower()


def holds(text: bytes | None, words: Iterable[bytes]) -> bool:
    """Whether a :func:`folded` text may hold one of ``words``.

    >>> holds(folded("Directed by A. Name"), [b"directed"]), holds(None, [b"directed"])
    (True, True)
    """
    return text is None or any(word in text for word in words)


def lowered(text: str) -> str | None:
    """``text`` lower-cased, for a pattern of lower-case words compiled without
    ``re.IGNORECASE``: it then finds what the pattern with the flag finds in
    ``text``, at the same places, several times faster (the engine compares
    characters instead of folding each one). None when lower-casing would not
    match the flag: a text with a character it takes for an ASCII letter.

    >>> lowered("Brilliant and GRIPPING"), lowered("Ka\u0130ser")
    ('brilliant and gripping', None)
    """
    if not text.isascii() and any(char in text for char in _ASCII_LOOKALIKES):
        return None
    return text.lower()
