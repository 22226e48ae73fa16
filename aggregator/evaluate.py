"""Measure extraction against a corpus of saved pages with reference data.

``python -m aggregator.evaluate [CORPUS_DIR] [--verbose] [--json]`` runs the
review builder and, for comparison, trafilatura alone on every page listed in
the corpus's ``truth.json``, and prints per field how many pages each got right,
plus the time per page. The corpus lives outside the repository: it is read
at run time from CORPUS_DIR, ``$AGGREGATOR_CORPUS`` or ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
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


@dataclass
class Outcome:
    """One extractor's results over the corpus."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mistakes: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    errors: int = 0


def ours(url: str, body: bytes) -> dict[str, Any]:
    from aggregator.review import build_review, review_to_dict

    return dict(review_to_dict(build_review(url, body)))


def trafilatura_alone(url: str, body: bytes) -> dict[str, Any]:
    """trafilatura's own reading, in our JSON shape (review-only fields stay empty)."""
    import trafilatura

    document = trafilatura.bare_extraction(body, url=url, with_metadata=True)
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


def evaluate(
    entries: Sequence[Mapping[str, Any]],
    pages: Path,
    extractor: Callable[[str, bytes], dict[str, Any]],
    fields: Sequence[str] = FIELDS,
) -> Outcome:
    outcome = Outcome()
    for truth in entries:
        body = (pages / truth["file"]).read_bytes()
        start = time.perf_counter()
        try:
            result = extractor(truth["url"], body)
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            outcome.errors += 1
            outcome.mistakes.append(f"{truth['file']}: error {type(exc).__name__}: {exc}")
            result = {}
        outcome.seconds.append(time.perf_counter() - start)
        for name in fields:
            if CHECKS[name](result, truth):
                outcome.right[name] += 1
            else:
                outcome.mistakes.append(f"{truth['file']}: {name}: got {_shown(name, result)}")
    return outcome


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


def report(total: int, mine: Outcome, theirs: Outcome) -> dict[str, Any]:
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
                "ours": mine.right[name],
                "trafilatura": theirs.right[name] if name in TRAFILATURA_FIELDS else None,
            }
            for name in FIELDS
        },
        "errors": {"ours": mine.errors, "trafilatura": theirs.errors},
        "timing": {"ours": timing(mine), "trafilatura": timing(theirs)},
    }


def print_table(summary: Mapping[str, Any]) -> None:
    total = summary["pages"]
    print(f"{'field':<16} {'ours':>8} {'trafilatura':>12}")
    for name, counts in summary["fields"].items():
        theirs = "n/a" if counts["trafilatura"] is None else f"{counts['trafilatura']}/{total}"
        print(f"{name:<16} {counts['ours']:>5}/{total:<2} {theirs:>12}")
    for who, figures in summary["timing"].items():
        print(
            f"time per page, {who}: median {figures['median_ms']:.1f} ms,"
            f" p95 {figures['p95_ms']:.1f} ms"
        )


def run(entries: Sequence[Mapping[str, Any]], pages: Path) -> tuple[dict[str, Any], list[str]]:
    """Both extractors over the corpus: the summary, and our mistakes."""
    traf_fields = sorted(TRAFILATURA_FIELDS)
    # Warm-up pass, not timed: first calls build lazy tables and load modules.
    evaluate(entries, pages, ours)
    evaluate(entries, pages, trafilatura_alone, traf_fields)
    mine = evaluate(entries, pages, ours)
    theirs = evaluate(entries, pages, trafilatura_alone, traf_fields)
    return report(len(entries), mine, theirs), mine.mistakes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aggregator.evaluate", description=__doc__)
    parser.add_argument("corpus", nargs="?", help=f"corpus directory (default ${CORPUS_ENV})")
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    parser.add_argument("--json", action="store_true", help="print a JSON summary instead")
    args = parser.parse_args(argv)
    root = corpus_dir(args.corpus)
    truth_file = root / "truth.json"
    if not truth_file.is_file():
        print(
            f"error: no corpus at {root} (no truth.json); give CORPUS_DIR or ${CORPUS_ENV}",
            file=sys.stderr,
        )
        return 2
    summary, mistakes = run(json.loads(truth_file.read_text(encoding="utf-8")), root / "pages")
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_table(summary)
    if args.verbose:
        out = sys.stderr if args.json else sys.stdout
        print("\nmistakes (ours):", *mistakes, sep="\n  ", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
