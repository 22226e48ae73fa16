"""A cheap guess of the text's language from its commonest short words.

Only a fallback for pages that declare no language: it knows a few European
languages and answers only when one clearly leads.
"""

from __future__ import annotations

import re
from collections import Counter

_COMMON_WORDS = {
    "en": "the and of to is in that it was for with as his but on not this are by be you",
    "de": "der die und den das nicht ist ich sie mit sich des auch ein eine dem zu von auf",
    "fr": "le la les et des est une que pas pour qui dans sur du au avec il elle ce",
    "es": "el la los las que de y en es por una con para del se su lo como pero",
    "it": "il di che la per non una sono del della con gli le si anche come ma",
    "nl": "de het een en van is dat niet op te zijn met voor ook maar die er",
    "pt": "o a os as que de e do da em um uma para com não por se mais",
}
STOPWORDS = {language: words.split() for language, words in _COMMON_WORDS.items()}
MIN_WORDS = 40
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stopwords dominate, or None.

    >>> guess_language("Das ist nicht der Film, den ich mit dir sehen will. " * 5)
    'de'
    >>> guess_language("too short") is None
    True
    """
    words = [w.casefold() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    # A clear lead, and stopwords making up a fair share of the text.
    return best if top >= 1.5 * second and top * 10 >= len(words) else None
