"""The near-copy threshold, measured on the demo reviews.

Different critics' reviews of the same film must stay far below the
threshold; edited copies of one review (typo fixed, ending cut, boilerplate
added) must stay above it. The README quotes these measurements.
"""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from aggregator.review import build_review
from aggregator.similarity import (
    NEAR_COPY_JACCARD,
    PERMUTATIONS,
    SCHEME,
    SEED,
    SHINGLE,
    _permutations,
    fingerprint,
    signature,
    similarity,
    text_key,
    words,
)
from tests.conftest import ROOT

SITES = ROOT / "demo" / "sites"


@cache
def demo_bodies() -> dict[str, tuple[str, str]]:
    """path -> (work key, review text) for every demo review."""
    truth = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
    bodies = {}
    for review in truth["reviews"]:
        path = SITES / review["path"].strip("/")
        file = path / "index.html" if path.is_dir() else path
        item = build_review(f"http://127.0.0.1:8765{review['path']}", Path(file).read_bytes())
        assert item.body_text
        bodies[review["path"]] = (review["work_key"], item.body_text)
    return bodies


def sig(text: str) -> np.ndarray:
    found = signature(text)
    assert found is not None
    return found


def test_different_reviews_of_the_same_film_are_far_apart() -> None:
    bodies = demo_bodies()
    same_film = [
        similarity(sig(a[1]), sig(b[1]))
        for a, b in itertools.combinations(bodies.values(), 2)
        if a[0] == b[0]
    ]
    assert len(same_film) >= 20
    assert max(same_film) < 0.1 < NEAR_COPY_JACCARD


EDITS = {
    "typo fixed": lambda t: t.replace("the ", "teh ", 1),
    "last paragraph cut": lambda t: t.rsplit("\n\n", 1)[0],
    "boilerplate added": lambda t: (
        "Originally published by the wire service.\n\n"
        + t
        + "\n\nFollow us for more reviews. Sign up for our newsletter today."
    ),
    "all three": lambda t: "Syndicated.\n\n" + t.replace("the ", "teh ", 1).rsplit("\n\n", 1)[0],
}


@pytest.mark.parametrize("edit", EDITS)
def test_edited_copies_stay_above_the_threshold(edit: str) -> None:
    scores = []
    for _, text in demo_bodies().values():
        if text.count("\n\n") >= 3:  # cutting a paragraph leaves most of the review
            scores.append(similarity(sig(text), sig(EDITS[edit](text))))
    assert min(scores) >= NEAR_COPY_JACCARD, min(scores)


def test_exact_copies_share_a_text_key() -> None:
    text = next(iter(demo_bodies().values()))[1]
    assert text_key(text) == text_key(text.upper().replace(".", " ."))


def datasketch_signature(text: str) -> np.ndarray:
    """The signature as datasketch computes it, shingle by shingle (stored bands came from it)."""
    tokens = words(text)
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    for i in range(len(tokens) - SHINGLE + 1):
        minhash.update(" ".join(tokens[i : i + SHINGLE]).encode())
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def test_signatures_are_datasketchs() -> None:
    rng = random.Random(5)
    vocabulary = ["film", "Ärger", "naïve", "très", "映画", "it's", "don't", "a", "the", "—"]
    generated = [" ".join(rng.choices(vocabulary, k=rng.randint(50, 400))) for _ in range(20)]
    texts = [text for _, text in demo_bodies().values()] + generated
    for text in texts:
        assert np.array_equal(sig(text), datasketch_signature(text))


def test_a_fingerprint_is_the_key_and_the_signature() -> None:
    text = next(iter(demo_bodies().values()))[1]
    key, found = fingerprint(text)
    assert key == text_key(text)
    assert found is not None
    assert np.array_equal(found, sig(text))
    assert fingerprint("Listen to the review above.") == (None, None)


def test_permutations_are_datasketchs() -> None:
    drawn = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, seed=SEED).permutations
    assert np.array_equal(_permutations(), np.asarray(drawn, dtype=np.uint32))


def test_the_crawl_does_not_import_datasketch() -> None:
    # datasketch imports scipy: a second of CPU for every crawl and worker.
    code = (
        "import sys; from aggregator.similarity import fingerprint;"
        "fingerprint(' '.join(f'word{i}' for i in range(80)));"
        "print('datasketch' in sys.modules, 'scipy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
