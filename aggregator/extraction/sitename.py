"""The site's own name, and headlines with it (and its sections) taken off.

Titles and social headlines carry the outlet's name ("Dune review | The
Paper", "The Paper: Dune review", "Dune review - The Paper - All the news")
and sometimes its section ("Film / Dune review / paper.com"). The name is
known from the page (``og:site_name``, the publisher), the site file and the
domain; a section from the URL's path and the page's declared sections. Only
whole separator-delimited parts at either end are removed, and never all of
them: a headline that *is* a site's name stays as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

#: Separators between the parts of a title. Pipes, slashes, guillemets and
#: bullets never occur inside a headline; a colon or a spaced dash may, so
#: parts they join are removed only when they name the site or a section.
_SEPARATOR = re.compile(r"(\s+(?:[|/»·•~]|::|[-–—])\s+|:\s+)")
_NAV_SEPARATOR = re.compile(r"\s+(?:[|/»·•~]|::)\s+")
#: Words that make "The Paper Review: Dune" a site label rather than a headline.
_LABEL_WORDS = re.compile(
    r"(?:film|movie|tv|game|book|album|music|theatre|theater)?"
    r"(?:reviews?|rezension(?:en)?|kritik(?:en)?|critiques?|recensione|resena|recenzja|news)$"
)
#: Host labels that name no one (``www.``, country and generic endings).
_HOST_NOISE = frozenset({"www", "m", "amp", "blog", "blogs", "com", "org", "net", "co", "uk"})
MIN_LABEL = 3
#: Letters a name needs before containing (or being contained in) another counts.
MIN_CONTAINED = 5


@functools.lru_cache(maxsize=4096)  # the same few names and headlines, many times a page
def key(text: str) -> str:
    """Letters and digits only, case-folded: what two spellings of a name share.

    >>> key("Nordstadt  Kurier") == key("nordstadt-kurier")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def host_names(url: str) -> tuple[str, ...]:
    """The names a URL's host gives the site: the host and its meaningful labels.

    >>> host_names("https://www.film-mag.de/x/")
    ('filmmagde', 'filmmag')
    """
    host = (urlparse(url).hostname or "").removeprefix("www.")
    labels = [key(label) for label in host.split(".")[:-1] if label not in _HOST_NOISE]
    names = [key(host), *(label for label in labels if len(label) >= MIN_LABEL)]
    return tuple(dict.fromkeys(name for name in names if name))


def path_sections(url: str) -> tuple[str, ...]:
    """Path segments that name a section (words, not identifiers), as keys; the
    last segment is the page's own.

    >>> path_sections("https://x.com/kultur/mit-allen-wassern-ld.1161246")
    ('kultur',)
    >>> path_sections("https://x.com/film/dune-review/")
    ('film',)
    """
    segments = unquote(urlparse(url).path).rstrip("/").split("/")[:-1]
    return tuple(key(s) for s in segments if s and s.replace("-", "").isalpha())


def split_parts(title: str) -> list[str]:
    """Parts and the separators between them, alternating (parts at even indexes).

    >>> split_parts("Dune review | The Paper")
    ['Dune review', ' | ', 'The Paper']
    """
    return _SEPARATOR.split(title)


def strip_site(title: str, sites: Iterable[str], sections: Iterable[str] = ()) -> str:
    """``title`` without the site's name, its tagline and section labels at either end.

    >>> strip_site("Dune review - The Paper - All the news", ["The Paper"])
    'Dune review'
    >>> strip_site("The Paper Review: Dune", ["The Paper"])
    'Dune'
    >>> strip_site("Prism Review: Dune", ["prismmagazine"])
    'Dune'
    >>> strip_site("Film / Dune review / paper.com", ["paper.com"], ["film"])
    'Dune review'
    >>> strip_site("Rezension: Internetrecht | Telemedicus", ["Telemedicus"])
    'Rezension: Internetrecht'
    """
    names = {key(name) for name in sites if key(name)}
    labels = names | {key(s) for s in sections if key(s)}
    parts = split_parts(title)
    parts = _strip_end(parts, names, labels)
    parts = list(reversed(_strip_end(list(reversed(parts)), names, labels)))
    return "".join(parts).strip() or title


def _strip_end(parts: list[str], names: set[str], labels: set[str]) -> list[str]:
    """Drop the last part while it names the site or a section; a site's name
    takes everything after it along (its tagline)."""
    for index in range(len(parts) - 1, 1, -2):
        if _is_site(parts[index], names):
            parts = parts[: index - 1]
            break
    while len(parts) > 2 and (_is_label(parts[-1], labels) or _is_number(parts[-1], parts[-2])):
        parts = parts[:-2]
    return parts


def _is_site(part: str, names: set[str]) -> bool:
    """The part names the site: the same letters as one of its names, maybe with
    a label ("The Paper Review"), or one holding the other ("Nordstadt Kurier"
    and kurier.example) when the shorter is long enough to mean something."""
    bare = _LABEL_WORDS.sub("", key(part)) or key(part)
    return bool(bare) and any(
        bare == name
        or (min(len(bare), len(name)) >= MIN_CONTAINED and (bare in name or name in bare))
        for name in names
    )


def _is_label(part: str, labels: set[str]) -> bool:
    bare = key(part)
    return bool(bare) and bare in labels


def _is_number(part: str, separator: str) -> bool:
    # "Album | 8.2", "Listing | 2": a number after a pipe is a score or a counter.
    return bool(_NAV_SEPARATOR.fullmatch(separator)) and not any(ch.isalpha() for ch in part)


def nav_parts(title: str) -> list[str]:
    """The parts of ``title`` between navigation separators (pipes, slashes, guillemets).

    >>> nav_parts("Blog Archive » Old Pals")
    ['Blog Archive', 'Old Pals']
    """
    return [part.strip() for part in _NAV_SEPARATOR.split(title) if part.strip()]
