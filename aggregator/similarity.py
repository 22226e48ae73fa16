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

import numpy as np

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
#: datasketch's default seed of the permutations.
SEED = 1
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
    return _signature(tokens) if len(tokens) >= MIN_WORDS else None


def fingerprint(text: str | None) -> tuple[str | None, np.ndarray | None]:
    """The text's :func:`text_key` and :func:`signature`, from one tokenisation.

    >>> key, sig = fingerprint("word " * 60)
    >>> key == text_key("word " * 60), sig.dtype, sig.shape
    (True, dtype('uint32'), (128,))
    >>> fingerprint("Too short.")
    (None, None)
    """
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None, None
    return _digest(tokens), _signature(tokens)


def _signature(tokens: list[str]) -> np.ndarray:
    """datasketch's ``MinHash.update_batch`` over the shingles, with the shingles
    hashed in one list comprehension rather than a Python function call each.

    The result is the same, value for value (``tests/test_similarity.py``
    compares them), as it must be: stored bands come from these signatures.
    Per shingle: the first 4 bytes of its SHA-1 (little-endian, datasketch's
    ``sha1_hash32``), the MurmurHash3 finaliser, then ``a * h + b`` modulo 2**32
    for each permutation; the signature is the minimum over the shingles.
    """
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    sha1 = hashlib.sha1
    hashes = np.frombuffer(b"".join([sha1(s.encode()).digest()[:4] for s in shingles]), "<u4")
    a, b = _permutations()
    mixed = _fmix32(hashes.astype(np.uint32))[:, np.newaxis]
    minimum: np.ndarray = (mixed * a + b).min(axis=0)
    return minimum


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (uint32 arithmetic wraps, as it should)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = values ^ (values >> np.uint32(16))
    return mixed


@cache
def _permutations() -> np.ndarray:
    """datasketch's (seeded, fixed) permutations, ``[a, b]`` as uint32, drawn once.

    Drawn here as datasketch draws them for its "affine32" scheme (seed 1: an
    odd multiplier below 2**32, then an offset), rather than by building a
    ``MinHash``: importing datasketch imports scipy, about a second of CPU that
    every crawl and extraction worker paid at its first review. The tests
    compare the two.
    """
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return np.array([a, b])


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
