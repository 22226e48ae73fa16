"""The values extraction layers offer for each review field, before normalisation.

Every layer (site selectors, structured data, meta tags, main text, prose) turns
a page into :data:`Candidates`: for each field, the raw values it found, each
tagged with the layer it came from. Normalisation (item loaders) then takes the
first candidate, in trust order, that it can read, and records its source and
raw text so that stored data can be re-normalised later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aggregator.fields import FIELDS

__all__ = ["FIELDS", "LAYERS", "Candidate", "Candidates", "RawValue", "merge"]

#: A raw value: text, a list of texts (authors, cast), or a small mapping
#: (a schema.org rating: ``{"ratingValue": "4", "bestRating": "5"}``).
RawValue = str | list[str] | Mapping[str, str]

#: Layer names, in order of trust.
LAYERS = (
    "selector", "jsonld", "microdata", "rdfa", "meta",
    "printed", "maintext", "htmldate", "prose", "facts", "url",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """One raw value for one field, and the layer that found it."""

    value: RawValue
    source: str


Candidates = dict[str, list[Candidate]]


def merge(*layers: Mapping[str, list[Candidate]]) -> Candidates:
    """Concatenate per-field candidate lists, earlier layers first.

    >>> a = {"headline": [Candidate("A", "selector")]}
    >>> b = {"headline": [Candidate("B", "meta")], "authors": [Candidate(["X"], "meta")]}
    >>> [c.value for c in merge(a, b)["headline"]]
    ['A', 'B']
    """
    merged: Candidates = {}
    for layer in layers:
        for field, values in layer.items():
            merged.setdefault(field, []).extend(values)
    return merged
