"""Content loading, text helpers and the ground-truth record shared by the three sites."""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEMO_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = DEMO_DIR / "content"

#: Letter grades on a 0-100 scale (A+ and A share the top).
GRADE_SCORES: dict[str, float] = {
    "A+": 100.0,
    "A": 100.0,
    "A-": 91.7,
    "B+": 83.3,
    "B": 75.0,
    "B-": 66.7,
    "C+": 58.3,
    "C": 50.0,
    "C-": 41.7,
    "D+": 33.3,
    "D": 25.0,
    "D-": 16.7,
    "F": 0.0,
}

Work = dict[str, Any]


def esc(text: str) -> str:
    """Escape text for element content and double-quoted attribute values.

    >>> print(esc('say "hi" & <wave>'))
    say &quot;hi&quot; &amp; &lt;wave&gt;
    >>> print(esc("O'Keeffe"))
    O'Keeffe
    """
    return html.escape(text, quote=False).replace('"', "&quot;")


def load_toml(name: str) -> dict[str, Any]:
    with (CONTENT_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


def load_works() -> dict[str, Work]:
    return {w["key"]: w for w in load_toml("works.toml")["works"]}


def paragraphs(text: str) -> list[str]:
    """Split a TOML body into paragraphs at blank lines."""
    return [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]


def join_names(names: list[str]) -> str:
    """
    >>> join_names(["A", "B", "C"])
    'A, B and C'
    >>> join_names(["A"])
    'A'
    """
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def slugify(text: str) -> str:
    """
    >>> slugify("Dara O'Keeffe")
    'dara-okeeffe'
    """
    kept = "".join(c if c.isalnum() else " " for c in text.lower().replace("'", ""))
    return "-".join(kept.split())


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def month_day_year(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def day_month_year(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


@dataclass
class Truth:
    """What one review page prints, in the shape of ``demo/expected.json``."""

    site: str
    path: str
    headline: str
    work: Work
    work_title: str
    authors: list[str]
    published: str
    work_year: int | None = None
    score_0_100: float | None = None
    runtime_minutes: int | None = None
    certificate: str | None = None
    reasons: list[str] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    body_snippets: list[str] = field(default_factory=list)
    not_body_snippets: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "path": self.path,
            "headline": self.headline,
            "work_title": self.work_title,
            "work_key": self.work["key"],
            "work_type": self.work["type"],
            "work_year": self.work_year,
            "authors": self.authors,
            "published": self.published,
            "score_0_100": self.score_0_100,
            "runtime_minutes": self.runtime_minutes,
            "certificate": self.certificate,
            "reasons": self.reasons,
            "cast": self.cast,
            "directors": self.directors,
            "platforms": self.platforms,
            "body_snippets": self.body_snippets,
            "not_body_snippets": self.not_body_snippets,
        }


@dataclass
class SiteOutput:
    """Everything one site generator produces."""

    files: dict[str, str] = field(default_factory=dict)
    reviews: list[Truth] = field(default_factory=list)
    non_review: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    start_path: str = "/"

    def add(self, path: str, text: str) -> None:
        """Store a page under its URL path (directory URLs become index.html)."""
        rel = path.lstrip("/")
        if rel.endswith("/") or not rel:
            rel += "index.html"
        self.files[rel] = text


def body_snippets(paras: list[str]) -> list[str]:
    """Two sentences a main-text extractor must keep: from the second and last paragraphs.

    Fragments split by a figure (no final full stop) are skipped.
    """
    whole = [p for p in paras if p.endswith((".", "!", "?"))]
    return [first_sentence(whole[1]), first_sentence(whole[-1])]


def document(*, title: str, head: str, body: str, lang: str = "en", body_class: str = "") -> str:
    """A complete HTML document; every page declares UTF-8."""
    cls = f' class="{body_class}"' if body_class else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head}</head>\n<body{cls}>\n{body}</body>\n</html>\n"
    )


def placeholder_svg(label: str) -> str:
    """A small stand-in image, so image links resolve."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" '
        'viewBox="0 0 1200 675"><rect width="1200" height="675" fill="#2b2b33"/>'
        '<text x="600" y="350" font-family="sans-serif" font-size="40" fill="#ddd" '
        f'text-anchor="middle">{esc(label)}</text></svg>\n'
    )
