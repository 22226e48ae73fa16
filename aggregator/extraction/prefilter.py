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
    if not text.isascii() and any(char in text for char in _ASCII_LOOKALIKES):
        return True
    folded = text.encode("utf-8", "surrogatepass").lower()
    return any(word in folded for word in words)
