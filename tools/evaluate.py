"""Measure extraction against a corpus of saved pages with reference data.

``python -m tools.evaluate [CORPUS_DIR] [--misses] [--fields] [--json]``
runs the review builder and, for comparison, trafilatura's default call and its
precision mode on every page listed in the corpus's ``truth.json``. It prints
per field how many pages each got right, the share of wanted body sentences
found and of boilerplate kept out, and the time per page; ``--misses`` lists
our mistakes, ``--fields`` shows every page's result per field. The corpus
lives outside the repository: it is read at run time from CORPUS_DIR,
``$AGGREGATOR_CORPUS`` or ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS_ENV = "AGGREGATOR_CORPUS"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"

#: Fields scored; those trafilatura cannot produce are shown as "n/a" for it.
FIELDS = (
    "page_type", "headline", "authors", "published", "score", "work_title",
    "work_type", "runtime_minutes", "content_rating", "body", "language",
)  # fmt: skip
TRAFILATURA_FIELDS = frozenset({"headline", "authors", "published", "body", "language"})

Check = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]


def corpus_dir(argument: str | None = None) -> Path:
    """The corpus to read: the argument, else ``$AGGREGATOR_CORPUS``, else ``../shared/corpus``."""
    return Path(argument or os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)


# --- comparisons --------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "})


def loose(text: str | None) -> str:
    """Text compared loosely: Unicode-normalised, typographic quotes and dashes made plain.

    >>> loose("‘La  La Land’ — Review")
    "'la la land' - review"
    """
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def bare(text: str | None) -> str:
    """Letters and digits only, for titles.

    >>> bare("Why We’re Polarized!") == bare("why were polarized")
    True
    """
    return re.sub(r"[\W_]+", "", loose(text))


def check_headline(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return loose(ours.get("headline")) == loose(truth.get("headline"))


def check_authors(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return {loose(a) for a in ours.get("authors") or []} == {loose(a) for a in truth["authors"]}


def check_published(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return (ours.get("published_at") or "")[:10] == (truth.get("published") or "")


def check_score(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    expected, score = truth.get("score_0_100"), ours.get("score")
    if expected is None or score is None:
        return expected is None and score is None
    return isinstance(score.get("value"), (int, float)) and abs(score["value"] - expected) <= 0.5


def check_work_title(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return bare(_work(ours).get("title")) == bare(truth.get("work_title"))


def check_work_type(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return _work(ours).get("type") == truth.get("work_type")


def check_runtime(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return _work(ours).get("runtime_minutes") == truth.get("runtime_minutes")


def check_content_rating(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    expected, rating = truth.get("content_rating"), _work(ours).get("content_rating")
    if expected is None or rating is None:
        return expected is None and rating is None
    return loose(rating.get("certificate")) == loose(expected.get("certificate"))


def check_body(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    body = loose(ours.get("body_text"))
    found = all(loose(s) in body for s in truth.get("body_snippets", []))
    return found and not any(loose(s) in body for s in truth.get("not_body_snippets", []))


def check_language(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    language = (ours.get("language") or "").replace("_", "-").split("-")[0].lower()
    return language == (truth.get("language") or "")


def check_page_type(ours: Mapping[str, Any], truth: Mapping[str, Any]) -> bool:
    return ours.get("page_type") == truth.get("page_type")


CHECKS: Mapping[str, Check] = {
    "page_type": check_page_type,
    "headline": check_headline,
    "authors": check_authors,
    "published": check_published,
    "score": check_score,
    "work_title": check_work_title,
    "work_type": check_work_type,
    "runtime_minutes": check_runtime,
    "content_rating": check_content_rating,
    "body": check_body,
    "language": check_language,
}


def _work(ours: Mapping[str, Any]) -> Mapping[str, Any]:
    work = ours.get("work")
    return work if isinstance(work, Mapping) else {}


# --- running ------------------------------------------------------------------

Extractor = Callable[[str, bytes], dict[str, Any]]


@dataclass
class Outcome:
    """One extractor's results over the corpus."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    #: Per page, the fields it got right.
    pages: dict[str, set[str]] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    #: Body sentences: (wanted found, wanted), (boilerplate kept out, boilerplate).
    wanted: list[int] = field(default_factory=lambda: [0, 0])
    unwanted: list[int] = field(default_factory=lambda: [0, 0])
    errors: int = 0


def ours(url: str, body: bytes) -> dict[str, Any]:
    from aggregator.review import build_review, review_to_dict

    return dict(review_to_dict(build_review(url, body)))


def trafilatura_call(url: str, body: bytes, **options: Any) -> dict[str, Any]:
    """trafilatura's own reading, in our JSON shape (review-only fields stay empty)."""
    import trafilatura

    document = trafilatura.bare_extraction(body, url=url, with_metadata=True, **options)
    if document is None:
        return {}
    author = getattr(document, "author", None) or ""
    return {
        "headline": getattr(document, "title", None),
        "authors": [a.strip() for a in author.split(";") if a.strip()],
        "published_at": getattr(document, "date", None),
        "body_text": getattr(document, "text", None),
        "language": getattr(document, "language", None),
    }


def trafilatura_default(url: str, body: bytes) -> dict[str, Any]:
    return trafilatura_call(url, body)


def trafilatura_precision(url: str, body: bytes) -> dict[str, Any]:
    return trafilatura_call(url, body, favor_precision=True)


#: The extractors compared, ours first; the others only on the fields they produce.
EXTRACTORS: Mapping[str, tuple[Extractor, Sequence[str]]] = {
    "ours": (ours, FIELDS),
    "trafilatura": (trafilatura_default, sorted(TRAFILATURA_FIELDS)),
    "precision": (trafilatura_precision, sorted(TRAFILATURA_FIELDS)),
}


def evaluate(
    entries: Sequence[Mapping[str, Any]],
    pages: Path,
    extractor: Extractor,
    fields: Sequence[str] = FIELDS,
) -> Outcome:
    outcome = Outcome()
    for truth in entries:
        result = _timed_run(extractor, truth, pages, outcome)
        right = {name for name in fields if CHECKS[name](result, truth)}
        outcome.pages[truth["file"]] = right
        for name in fields:
            if name in right:
                outcome.right[name] += 1
            else:
                outcome.mistakes.append(f"{truth['file']}: {name}: got {_shown(name, result)}")
        _count_sentences(outcome, result, truth)
    return outcome


def _timed_run(
    extractor: Extractor, truth: Mapping[str, Any], pages: Path, outcome: Outcome
) -> dict[str, Any]:
    body = (pages / truth["file"]).read_bytes()
    start = time.perf_counter()
    try:
        return extractor(truth["url"], body)
    except Exception as exc:  # a crash is a result to report, not a reason to stop
        outcome.errors += 1
        outcome.mistakes.append(f"{truth['file']}: error {type(exc).__name__}: {exc}")
        return {}
    finally:
        outcome.seconds.append(time.perf_counter() - start)


def _count_sentences(outcome: Outcome, result: Mapping[str, Any], truth: Mapping[str, Any]) -> None:
    """Body sentences one by one: the wanted ones found, the boilerplate kept out."""
    body = loose(result.get("body_text"))
    wanted = [loose(s) in body for s in truth.get("body_snippets", [])]
    unwanted = [loose(s) not in body for s in truth.get("not_body_snippets", [])]
    outcome.wanted[0] += sum(wanted)
    outcome.wanted[1] += len(wanted)
    outcome.unwanted[0] += sum(unwanted)
    outcome.unwanted[1] += len(unwanted)


_GOT: Mapping[str, Callable[[Mapping[str, Any]], Any]] = {
    "published": lambda result: result.get("published_at"),
    "body": lambda result: (result.get("body_text") or "")[:100],
    "work_title": lambda result: _work(result).get("title"),
    "work_type": lambda result: _work(result).get("type"),
    "runtime_minutes": lambda result: _work(result).get("runtime_minutes"),
    "content_rating": lambda result: _work(result).get("content_rating"),
}


def _shown(name: str, result: Mapping[str, Any]) -> str:
    value = _GOT[name](result) if name in _GOT else result.get(name)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.95)
    4.0
    """
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def report(total: int, outcomes: Mapping[str, Outcome]) -> dict[str, Any]:
    """The JSON summary: per field and extractor, pages right (None: not produced)."""

    def timing(outcome: Outcome) -> dict[str, float]:
        seconds = outcome.seconds or [0.0]
        return {
            "median_ms": statistics.median(seconds) * 1000,
            "p95_ms": percentile(seconds, 0.95) * 1000,
        }

    return {
        "pages": total,
        "fields": {
            name: {
                who: outcome.right[name] if name in EXTRACTORS[who][1] else None
                for who, outcome in outcomes.items()
            }
            for name in FIELDS
        },
        "body_sentences": {
            who: {"wanted": outcome.wanted, "boilerplate_out": outcome.unwanted}
            for who, outcome in outcomes.items()
        },
        "errors": {who: outcome.errors for who, outcome in outcomes.items()},
        "timing": {who: timing(outcome) for who, outcome in outcomes.items()},
    }


def _cell(right: int | None, total: int) -> str:
    """
    >>> _cell(19, 25), _cell(None, 25)
    ('19/25  76%', 'n/a')
    """
    return "n/a" if right is None else f"{right}/{total} {100 * right / max(total, 1):3.0f}%"


def print_table(summary: Mapping[str, Any]) -> None:
    total, names = summary["pages"], list(summary["timing"])
    print(f"{'field':<16}" + "".join(f"{who:>14}" for who in names))
    for name, counts in summary["fields"].items():
        print(f"{name:<16}" + "".join(f"{_cell(counts[who], total):>14}" for who in names))
    for label, key in (("body wanted", "wanted"), ("boilerplate out", "boilerplate_out")):
        cells = [summary["body_sentences"][who][key] for who in names]
        print(f"{label:<16}" + "".join(f"{_cell(*cell):>14}" for cell in cells))
    for who, figures in summary["timing"].items():
        print(
            f"time per page, {who}: median {figures['median_ms']:.1f} ms,"
            f" p95 {figures['p95_ms']:.1f} ms"
        )


def print_grid(outcome: Outcome) -> None:
    """Every page's result per field: + right, - wrong."""
    width = max((len(name) for name in outcome.pages), default=4)
    print(f"{'page':<{width}} " + " ".join(f"{name[:4]:>4}" for name in FIELDS))
    for page, right in outcome.pages.items():
        marks = " ".join(f"{'+' if name in right else '-':>4}" for name in FIELDS)
        print(f"{page:<{width}} {marks}")


def run(entries: Sequence[Mapping[str, Any]], pages: Path) -> dict[str, Outcome]:
    """Every extractor over the corpus, after an untimed warm-up pass (first calls
    build lazy tables and load modules)."""
    for extractor, fields in EXTRACTORS.values():
        evaluate(entries, pages, extractor, fields)
    return {
        who: evaluate(entries, pages, extractor, fields)
        for who, (extractor, fields) in EXTRACTORS.items()
    }


def load_truth(root: Path) -> list[dict[str, Any]] | None:
    """The corpus's reference data, or None (with a message) when there is none."""
    truth_file = root / "truth.json"
    if not truth_file.is_file():
        print(
            f"error: no corpus at {root} (no truth.json); give CORPUS_DIR or ${CORPUS_ENV}",
            file=sys.stderr,
        )
        return None
    entries: list[dict[str, Any]] = json.loads(truth_file.read_text(encoding="utf-8"))
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate", description=__doc__)
    parser.add_argument("corpus", nargs="?", help=f"corpus directory (default ${CORPUS_ENV})")
    parser.add_argument("--misses", "--verbose", action="store_true", help="list our mistakes")
    parser.add_argument("--fields", action="store_true", help="every page's result per field")
    parser.add_argument("--json", action="store_true", help="print a JSON summary instead")
    args = parser.parse_args(argv)
    root = corpus_dir(args.corpus)
    entries = load_truth(root)
    if entries is None:
        return 2
    outcomes = run(entries, root / "pages")
    summary = report(len(entries), outcomes)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_table(summary)
    out = sys.stderr if args.json else sys.stdout
    if args.fields:
        with contextlib.redirect_stdout(out):
            print()
            print_grid(outcomes["ours"])
    if args.misses:
        print("\nmistakes (ours):", *outcomes["ours"].mistakes, sep="\n  ", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
