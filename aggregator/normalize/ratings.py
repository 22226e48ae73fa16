"""Content ratings (age certificates): system, certificate and reasons.

Systems: MPA ("G", "PG", "PG-13", "R", "NC-17"), TV Parental Guidelines
("TV-MA", "TV-14 LV"), BBFC ("U", "PG", "12A", "12", "15", "18", "R18"),
ESRB ("EC", "E", "E10+", "T", "M", "AO", "RP"), PEGI (3-18) and FSK (0-18).
"Not Rated", "Unrated" and "NR" give certificate "NR" (system "MPA" unless the
text names another). The system is the one the text names (prefix or anywhere); else it
follows from the certificate; "PG" is MPA unless the text mentions the BBFC.

Inside longer text a certificate counts only after a keyword ("rated",
"rating", "certificate", a system name) or at the very start; "PG-13",
"NC-17" and "TV-…" are unambiguous and count anywhere. Certificates are
upper-case as printed, so "R" inside ordinary words or sentences is never read.

Reasons rule (MPA and BBFC wording, "Rated R for A, B, C and D"):

1. The reason clause is split on commas and semicolons.
2. Without a comma, every " and " separates reasons:
   "language and some drug use" -> ["language", "some drug use"].
3. With commas, the pieces before the last are whole reasons, "and" inside them
   stays: "intense sequences of violence and action, some suggestive material
   and brief strong language" -> 3 reasons.
4. The last piece: after an Oxford comma ("…, and X") it is one reason, minus
   the "and"; otherwise it is split at its last " and "
   ("…, sexual references and brief nudity" -> 2 reasons).

ESRB descriptors are split on commas, and on "and" only where both sides are
ESRB descriptors ("Blood and Gore" is one descriptor, "Suggestive Themes and
Violence" two); TV descriptor letters map to words (L -> "language").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aggregator.normalize.cleaning import clean_text

_CERT_SETS = {
    "MPA": frozenset({"G", "PG", "PG-13", "R", "NC-17", "NR"}),
    "BBFC": frozenset({"U", "PG", "12A", "12", "15", "18", "R18", "NR"}),
    "ESRB": frozenset({"EC", "E", "E10+", "T", "M", "AO", "RP"}),
    "PEGI": frozenset({"3", "7", "12", "16", "18"}),
    "FSK": frozenset({"0", "6", "12", "16", "18"}),
}
# Tried in order when the text names no system.
_DEFAULT_SYSTEMS = ("MPA", "BBFC", "ESRB")
_SYSTEM_NAMES = {"mpaa": "MPA", "mpa": "MPA", "bbfc": "BBFC", "esrb": "ESRB"}
_SYSTEM_NAMES |= {"pegi": "PEGI", "fsk": "FSK"}
_TV_DESCRIPTORS = {
    "D": "suggestive dialogue",
    "L": "language",
    "S": "sexual content",
    "V": "violence",
    "FV": "fantasy violence",
}

_CERT = (
    r"(?P<cert>TV-(?:Y7|Y|G|PG|14|MA)(?![\w+])|(?:NC-17|PG-13|E10\+|R18|12A|AO|EC|RP|NR|PG|"
    r"1[2568]|[0367]|[GRUETM]|(?i:not\s+yet\s+rated|not\s+rated|unrated))"
    # Not a score or a duration ("rated 15 out of 20", "12 minutes", "7.5").
    r"(?![\w+])(?!-\w|[.,]\d)(?!\s*(?:/|%|(?i:out\b|of\b|stars?\b|points?\b|min))))"
)
_SYSTEM = r"(?P<system>(?i:mpaa|mpa|bbfc|esrb|pegi|fsk))\b"
_KEYWORD = (
    r"(?P<keyword>\b(?i:rated|rating|certificate|certification|classification|classified|cert)"
    r"\b\.?)"
)
_RATED = re.compile(
    rf"(?:(?P<start>^)|{_KEYWORD}|(?=(?i:mpaa|mpa|bbfc|esrb|pegi|fsk)\b))\s*[:\-–]?\s*"
    rf"(?:{_SYSTEM}\s*(?i:rating|rated|certificate)?\s*[:\-–]?\s*)?"
    rf"(?P<rated>(?i:rated)\s*:?\s*)?{_CERT}"
)
_UNAMBIGUOUS = re.compile(r"\b(?P<cert>TV-(?:Y7|Y|G|PG|14|MA)|NC-17|PG-13)(?![\w+])(?!-\w)")
# Words BBFC content advice starts with ("15 strong language, violence").
_ADVICE = (
    r"(?=(?i:strong|mild|moderate|very|some|brief|infrequent|frequent|sexual|sex|violence"
    r"|language|threat|horror|drug|nudity|injury|discrimination|bad)\b)"
)
# After a bare certificate at the start, what may follow ("R. Kelly" is no rating).
_AFTER_START = re.compile(rf"\s*(?:$|[(:\-–—,]|(?i:for|contains?)\b|{_ADVICE})")
_TV_LETTERS = re.compile(r"[\s-]?(FV|[DLSV]{1,4})\b")
_ESRB_LABEL = re.compile(
    r"\s*(?:(?i:for)\s+)?(?:Early Childhood|Everyone(?:\s+10\+)?|Teen|Mature(?:\s+17\+)?"
    r"|Adults Only(?:\s+18\+)?|Rating Pending)\b"
)
_INTRO = re.compile(
    r"\s*(?:\(\s*(?:(?i:for)\s+)?(?P<paren>[^()]*)\)?|"
    rf"(?:(?i:for|contains?)\b|[:\-–—]|{_ADVICE})\s*(?:(?i:for)\s+)?(?P<clause>.*))"
)
_CLAUSE_END = re.compile(r"\.(?:\s|$)|[|•()!?]")
_COMMA = re.compile(r"\s*[,;]\s*")
_AND = re.compile(r"\s+and\s+", re.I)
_OXFORD_AND = re.compile(r"and\s+", re.I)


@dataclass(frozen=True, slots=True)
class ContentRating:
    """A certificate, the system that issued it and the reasons it gives."""

    system: str | None
    certificate: str
    reasons: tuple[str, ...]
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "certificate": self.certificate,
            "reasons": list(self.reasons),
            "raw": self.raw,
        }


def parse_content_rating(text: str | None) -> ContentRating | None:
    """Read a content rating from a field value or a sentence; ``None`` if none.

    >>> r = parse_content_rating("It is 103 minutes long and rated R for language and drug use.")
    >>> (r.system, r.certificate, r.reasons)
    ('MPA', 'R', ('language', 'drug use'))
    >>> parse_content_rating("Rated R for strong violence and language throughout, "
    ...                      "and some sexual content").reasons
    ('strong violence and language throughout', 'some sexual content')
    >>> parse_content_rating("Rated M for Mature: Blood and Gore, Intense Violence").reasons
    ('Blood and Gore', 'Intense Violence')
    >>> r = parse_content_rating("TV-14 LV")
    >>> (r.system, r.certificate, r.reasons)
    ('TV', 'TV-14', ('language', 'violence'))
    >>> parse_content_rating("BBFC 15: strong violence").system
    'BBFC'
    >>> parse_content_rating("Rachel R. Kelly reviews") is None
    True
    """
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    found = _find_certificate(cleaned)
    if found is None:
        return None
    match, certificate = found
    system = _system(cleaned, match, certificate)
    if system is None and certificate != "NR":
        return None
    reasons = _reasons(cleaned[match.end() :], system)
    return ContentRating(system, certificate, reasons, cleaned)


def _find_certificate(text: str) -> tuple[re.Match[str], str] | None:
    for match in _RATED.finditer(text):
        if _is_bare_start(match) and not _AFTER_START.match(text, match.end()):
            continue
        return match, _normalise_certificate(match.group("cert"))
    evident = _UNAMBIGUOUS.search(text)
    return (evident, evident.group("cert")) if evident else None


def _is_bare_start(match: re.Match[str]) -> bool:
    """A certificate that opens the text with no keyword and is not self-evident."""
    keyed = match.group("system") or match.group("rated")
    evident = _UNAMBIGUOUS.fullmatch(match.group("cert"))
    return match.group("start") is not None and not keyed and not evident


def _normalise_certificate(cert: str) -> str:
    return "NR" if cert.lower().startswith(("not", "unrated")) else cert


def _system(text: str, match: re.Match[str], certificate: str) -> str | None:
    if certificate.startswith("TV-"):
        return "TV"
    named = match.groupdict().get("system")
    if named:
        system = _SYSTEM_NAMES[named.lower()]
        return system if certificate in _CERT_SETS[system] else None
    for name, system in _SYSTEM_NAMES.items():
        if re.search(rf"\b{name}\b", text, re.I) and certificate in _CERT_SETS[system]:
            return system
    return next((s for s in _DEFAULT_SYSTEMS if certificate in _CERT_SETS[s]), None)


def _reasons(rest: str, system: str | None) -> tuple[str, ...]:
    letters: list[str] = []
    if system == "TV" and (found := _TV_LETTERS.match(rest)):
        letters = _tv_descriptors(found.group(1))
        rest = rest[found.end() :]
    if system == "ESRB" and (label := _ESRB_LABEL.match(rest)):
        rest = rest[label.end() :]
    intro = _INTRO.match(rest)
    if not intro:
        return tuple(letters)
    clause = intro.group("paren") if intro.group("paren") is not None else intro.group("clause")
    clause = _CLAUSE_END.split(clause, maxsplit=1)[0]
    pieces = esrb_descriptors(clause) if system == "ESRB" else split_reasons(clause)
    # "PG (BBFC)": a system name in brackets is not a reason.
    reasons = [p for p in map(_tidy, pieces) if p and p.lower() not in _SYSTEM_NAMES]
    return tuple(_dedupe(letters + reasons))


#: The ESRB's content descriptors (lower case), for splitting "… Themes and Violence".
ESRB_DESCRIPTORS = frozenset(
    {
        "alcohol reference", "animated blood", "blood", "blood and gore", "cartoon violence",
        "comic mischief", "crude humor", "drug reference", "fantasy violence",
        "intense violence", "language", "lyrics", "mature humor", "nudity", "partial nudity",
        "real gambling", "sexual content", "sexual themes", "sexual violence",
        "simulated gambling", "strong language", "strong lyrics", "strong sexual content",
        "suggestive themes", "tobacco reference", "use of alcohol", "use of drugs",
        "use of tobacco", "violence", "violent references", "mild blood", "mild violence",
        "mild language", "mild fantasy violence", "mild cartoon violence", "mild lyrics",
        "mild suggestive themes", "alcohol and tobacco reference", "drug and alcohol reference",
        "use of alcohol and tobacco", "use of drugs and alcohol", "in-game purchases",
        "users interact",
    }
)  # fmt: skip


def esrb_descriptors(clause: str) -> list[str]:
    """Split an ESRB descriptor list.

    >>> esrb_descriptors("Blood and Gore, Language, Suggestive Themes and Violence")
    ['Blood and Gore', 'Language', 'Suggestive Themes', 'Violence']
    """
    found: list[str] = []
    for piece in (p.strip() for p in _COMMA.split(clause)):
        piece = _OXFORD_AND.sub("", piece, count=1) if _OXFORD_AND.match(piece) else piece
        parts = [part.strip() for part in _AND.split(piece)]
        known = all(part.lower() in ESRB_DESCRIPTORS for part in parts)
        found.extend(
            parts if len(parts) > 1 and known and piece.lower() not in ESRB_DESCRIPTORS else [piece]
        )
    return found


def _tv_descriptors(letters: str) -> list[str]:
    if letters == "FV":
        return [_TV_DESCRIPTORS["FV"]]
    return [_TV_DESCRIPTORS[letter] for letter in letters]


def split_reasons(clause: str) -> list[str]:
    """Split an MPA-style reason clause (see the module docstring for the rule).

    >>> split_reasons("horror violence, bloody images, sexual references and brief nudity")
    ['horror violence', 'bloody images', 'sexual references', 'brief nudity']
    >>> split_reasons("sequences of strong violence, and some language")
    ['sequences of strong violence', 'some language']
    """
    pieces = [p for p in _COMMA.split(clause.strip()) if p.strip()]
    if len(pieces) <= 1:
        return _AND.split(clause.strip())
    last = pieces[-1]
    if oxford := _OXFORD_AND.match(last):
        return [*pieces[:-1], last[oxford.end() :]]
    return pieces[:-1] + _split_last_and(last)


def _split_last_and(piece: str) -> list[str]:
    matches = list(_AND.finditer(piece))
    if not matches:
        return [piece]
    cut = matches[-1]
    return [piece[: cut.start()], piece[cut.end() :]]


def _tidy(reason: str) -> str:
    return reason.strip().rstrip(".,;:").strip()


def _dedupe(reasons: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for reason in reasons:
        if reason.lower() not in seen:
            seen.add(reason.lower())
            unique.append(reason)
    return unique
