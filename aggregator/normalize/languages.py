"""Content languages as ISO 639-1 codes ("en", "de")."""

from __future__ import annotations

import re

# ISO 639-1, the codes pages declare in lang="" and og:locale.
_CODE_LIST = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu
lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu
rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr
ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
_CODES = frozenset(_CODE_LIST.split())
# Three-letter codes and names, in English and in the language itself.
_NAMES = {
    "en": ("eng", "english"),
    "de": ("deu", "ger", "german", "deutsch"),
    "fr": ("fra", "fre", "french", "français", "francais"),
    "es": ("spa", "spanish", "español", "espanol", "castellano"),
    "it": ("ita", "italian", "italiano"),
    "pt": ("por", "portuguese", "português", "portugues"),
    "nl": ("nld", "dut", "dutch", "nederlands"),
    "sv": ("swe", "swedish", "svenska"),
    "da": ("dan", "danish", "dansk"),
    "no": ("nor", "norwegian", "norsk"),
    "fi": ("fin", "finnish", "suomi"),
    "pl": ("pol", "polish", "polski"),
    "cs": ("ces", "cze", "czech", "čeština"),
    "ru": ("rus", "russian", "русский"),
    "uk": ("ukr", "ukrainian", "українська"),
    "tr": ("tur", "turkish", "türkçe"),
    "el": ("ell", "gre", "greek", "ελληνικά"),
    "ja": ("jpn", "japanese", "日本語"),
    "ko": ("kor", "korean", "한국어"),
    "zh": ("zho", "chi", "chinese", "中文"),
    "ar": ("ara", "arabic", "العربية"),
    "hi": ("hin", "hindi"),
    "he": ("heb", "hebrew"),
    "hu": ("hun", "hungarian", "magyar"),
    "ro": ("ron", "rum", "romanian", "română"),
}
_LOOKUP = {name: code for code, names in _NAMES.items() for name in names}
_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*")


def parse_language(value: str | None) -> str | None:
    """Reduce a language tag or name to its two-letter code.

    >>> parse_language("en_GB"), parse_language("English"), parse_language("de-AT")
    ('en', 'en', 'de')
    >>> parse_language("Klingon") is None
    True
    """
    if not isinstance(value, str):
        return None
    # "en-US,en;q=0.9": the first entry is the main language.
    text = value.strip().lower().split(",")[0].split(";")[0].strip()
    tag = _TAG.fullmatch(text)
    if tag and tag.group(1) in _CODES:
        return tag.group(1)
    return _LOOKUP.get(text) or _LOOKUP.get(tag.group(1) if tag else "")
