"""Page furniture that main-text extraction leaves at the end of a body.

Old hand-written pages end their text with the site's footer (copyright,
"Last updated", the page's own URL); magazines end theirs with an appeal
(support us, subscribe, newsletter) that sits inside the article's markup.
Neither is the review. Only the end of the body is looked at, and an appeal
only counts when it opens a short paragraph, so a review that mentions
subscribers keeps its last paragraph.
"""

from __future__ import annotations

import re

_FOOTER = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|last (?:updated|modified|revised)\b"
    r"|url:\s*\S+$|(?:https?://|www\.)\S+$|\S+@\S+\.\w+$)",
    re.I,
)
_APPEAL = re.compile(
    r"^#?(?:support\s+(?:us|our)\b|support[a-z]*(?:us|mag|journalism)\b|unterstütze\b"
    r"|subscribe\s+(?:to\s+our|now|today)\b|sign\s+up\s+for\s+our\b|our\s+newsletter\b"
    r"|donate\b|spende\b|jetzt\s+spenden|abonniere\s+(?:unseren|jetzt)|soutenez-nous)",
    re.I,
)
#: An appeal is a few words; a longer paragraph is text.
APPEAL_WORDS = 15
#: How far from the end an appeal block may begin (in paragraphs).
APPEAL_WITHIN = 8


def trim_tail(body: str | None) -> str | None:
    """``body`` without a closing appeal block and trailing footer lines.

    >>> trim_tail("Good film.\\n\\n© The Paper\\n\\nLast updated: May 2001")
    'Good film.'
    >>> trim_tail("Good film.\\n\\nSupport us!\\n\\nGive 5 euros a month to keep us going.")
    'Good film.'
    >>> trim_tail("It is good.\\n\\nSubscribe to a streaming service and watch it tonight.")
    'It is good.\\n\\nSubscribe to a streaming service and watch it tonight.'
    """
    if not body:
        return body
    paragraphs = body.split("\n\n")
    start = max(1, len(paragraphs) - APPEAL_WITHIN)
    for index in range(start, len(paragraphs)):
        if _is_appeal(paragraphs[index]):
            paragraphs = paragraphs[:index]
            break
    while len(paragraphs) > 1 and _FOOTER.search(paragraphs[-1].strip()):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _is_appeal(paragraph: str) -> bool:
    return len(paragraph.split()) <= APPEAL_WORDS and bool(_APPEAL.search(paragraph.strip()))
