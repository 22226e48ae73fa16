"""Same review text on another page: exact text keys and MinHash near-copy detection.

Syndicated copies (a wire review on several outlets, a print and a web
version) differ in boilerplate, a corrected typo or a trimmed ending. They are
found by the Jaccard similarity of their word 5-shingles, estimated with
datasketch's MinHash (128 permutations) and looked up through LSH bands that
the database indexes, so any crawl process can find a copy written by another.

The threshold was chosen on measured pairs (``tests/test_similarity.py`` and the
README): different critics' reviews of the same film share under 0.05 of their
shingles, while copies with changed boilerplate, a fixed typo or a cut last
paragraph share 0.6 or more. :data:`NEAR_COPY_JACCARD` sits between them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash

#: Estimated Jaccard similarity from which two texts are one review.
NEAR_COPY_JACCARD = 0.5
#: Texts shorter than this are not identified by their text: short blurbs
#: ("Listen to the review above.") repeat across different reviews.
MIN_WORDS = 50
SHINGLE = 5
PERMUTATIONS = 128
#: datasketch's hashing scheme, named so that signatures stored today stay
#: comparable with those computed after a datasketch upgrade.
SCHEME = "affine32"
#: 32 bands of 4 rows: pairs from about 0.45 Jaccard on share a band (candidates).
BANDS = 32
ROWS = PERMUTATIONS // BANDS

# Letters and digits; "_" is a word character to \w, not to a reader. Finding
# the words is a third faster than blanking everything else and splitting.
_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """Case-folded words, punctuation dropped.

    >>> words("Don't panic — it's FINE.")
    ['don', 't', 'panic', 'it', 's', 'fine']
    >>> words("snake_case  and\tspaces")
    ['snake', 'case', 'and', 'spaces']
    """
    return _WORD.findall((text or "").casefold())


def text_digest(text: str | None) -> str | None:
    """A digest of a review text that ignores case, spacing and punctuation.

    >>> text_digest("Hello,  World!") == text_digest("hello world")
    True
    >>> text_digest("") is None
    True
    """
    tokens = words(text)
    return _digest(tokens) if tokens else None


def _digest(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode()).hexdigest()[:32]


def text_key(text: str | None) -> str | None:
    """Exact-copy key of a review text (its :func:`text_digest`), or None when the text is
    too short to identify a review.

    >>> text_key("word " * 60) == text_key("WORD, " * 60) == text_digest("word " * 60)
    True
    >>> text_key("Listen to the review above.") is None
    True
    """
    tokens = words(text)
    return _digest(tokens) if len(tokens) >= MIN_WORDS else None


def signature(text: str | None) -> np.ndarray | None:
    """MinHash signature (128 uint32) of the text's word 5-shingles."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    minhash = MinHash(num_perm=PERMUTATIONS, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch([s.encode() for s in shingles])
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@cache
def _permutations() -> Any:
    """The (seeded, fixed) hash permutations, drawn once rather than per text."""
    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME).permutations


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 63-bit hash per LSH band, for an indexed database column."""
    return [
        int.from_bytes(
            hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest(),
            "big",
        )
        >> 1
        for b in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def best_match(
    sig: np.ndarray, candidates: Sequence[tuple[int, bytes]]
) -> tuple[int, float] | None:
    """The candidate (id, stored signature) most similar to ``sig``, if it is a near copy."""
    scored = [(similarity(sig, from_bytes(data)), ident) for ident, data in candidates]
    if not scored:
        return None
    score, ident = max(scored)
    return (ident, score) if score >= NEAR_COPY_JACCARD else None
