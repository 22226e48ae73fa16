"""Two small review sites, written to a folder, with every identity trap in them.

alpha: a review linked with tracking parameters, its AMP variant, a remake
pair ("Dune" 1984 and 2021), a title with the year in it, a wire review, and
a review that is edited between two crawls.
beta: the wire review again (exact copy in other page furniture), a near copy
of an alpha review (typo fixed, ending cut), other critics' reviews of the
same films under other spellings, and a TV series with a film's title.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

VOCABULARY = [
    "film",
    "story",
    "camera",
    "light",
    "shadow",
    "actor",
    "voice",
    "score",
    "scene",
    "night",
    "city",
    "river",
    "memory",
    "dream",
    "house",
    "road",
    "winter",
    "summer",
    "silence",
    "music",
    "colour",
    "frame",
    "edit",
    "pace",
    "tension",
    "humour",
    "grief",
    "family",
    "brother",
    "sister",
    "mother",
    "father",
    "stranger",
    "secret",
    "promise",
    "letter",
    "train",
    "desert",
    "ocean",
    "forest",
    "storm",
    "fire",
    "glass",
    "mirror",
    "window",
    "door",
    "stair",
    "garden",
    "field",
    "harvest",
    "machine",
    "signal",
    "engine",
    "island",
    "border",
    "empire",
    "rebel",
    "soldier",
    "pilot",
    "doctor",
    "teacher",
    "thief",
    "detective",
    "witness",
    "judge",
    "crowd",
    "market",
    "festival",
    "ritual",
    "prayer",
    "song",
    "dance",
    "laugh",
    "cry",
    "slow",
    "quick",
    "bright",
    "dark",
    "warm",
    "cold",
    "gentle",
    "brutal",
    "quiet",
    "loud",
    "strange",
    "familiar",
    "tender",
    "bitter",
    "sweet",
    "hollow",
    "rich",
    "thin",
    "heavy",
    "light",
    "sharp",
    "soft",
    "wild",
    "calm",
    "restless",
    "patient",
]


def prose(seed: int, words: int = 180) -> str:
    """Deterministic filler text: different seeds share almost no 5-word runs."""
    rng = random.Random(seed)
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        length = rng.randint(9, 16)
        sentence = " ".join(rng.choice(VOCABULARY) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


@dataclass
class Page:
    path: str
    headline: str
    title: str
    work_type: str = "Movie"
    year: int | None = None
    director: str = "Ann Director"
    author: str = "Sam Critic"
    rating: float = 4
    body: str = ""
    canonical: str | None = None
    furniture: str = "Alpha Reviews"
    links: list[str] = field(default_factory=list)

    def html(self) -> str:
        work: dict[str, object] = {
            "@type": self.work_type,
            "name": self.title,
            "director": {"@type": "Person", "name": self.director},
        }
        if self.year:
            work["dateCreated"] = str(self.year)
        data = {
            "@context": "https://schema.org",
            "@type": "Review",
            "name": self.headline,
            "author": {"@type": "Person", "name": self.author},
            "datePublished": "2022-05-01",
            "itemReviewed": work,
            "reviewRating": {"@type": "Rating", "ratingValue": self.rating, "bestRating": 5},
        }
        paragraphs = "".join(f"<p>{p}</p>" for p in self.body.split("\n\n"))
        canonical = f'<link rel="canonical" href="{self.canonical or self.path}">'
        links = "".join(f'<li><a href="{link}">{link}</a></li>' for link in self.links)
        return (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{self.headline} | {self.furniture}</title>{canonical}"
            f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
            f"<body><header><nav><a href='/'>{self.furniture} home</a></nav></header>"
            f"<main><article><h1>{self.headline}</h1><p class='byline'>By {self.author}</p>"
            f"{paragraphs}</article></main><aside><ul>{links}</ul></aside>"
            f"<footer>© 2022 {self.furniture}. All rights reserved.</footer></body></html>"
        )


WIRE = prose(1)
NEAR_SOURCE = prose(2)
NEAR_COPY = NEAR_SOURCE.replace("film", "flim", 1).rsplit("\n\n", 1)[0].replace("flim", "film")


def alpha_pages(edited: bool = False) -> list[Page]:
    return [
        Page("/alpha/reviews/dune-2021/", "Dune review: sand and spice", "Dune", year=2021,
             director="Denis Villeneuve", body=prose(10)),
        Page("/alpha/amp/reviews/dune-2021/", "Dune review: sand and spice", "Dune", year=2021,
             director="Denis Villeneuve", body=prose(10), canonical="/alpha/reviews/dune-2021/"),
        Page("/alpha/reviews/dune-1984/", "Dune (1984) revisited", "Dune", year=1984,
             director="David Lynch", body=prose(11), rating=3),
        Page("/alpha/reviews/run-sweetheart-run/", "Run Sweetheart Run review",
             "Run Sweetheart Run (2022)", director="Shana Feste", body=prose(12)),
        Page("/alpha/reviews/wire/", "Wire review: Nope", "Nope", year=2022,
             director="Jordan Peele", author="Wire Critic", body=WIRE),
        Page("/alpha/reviews/near-source/", "The Northman review", "The Northman", year=2022,
             director="Robert Eggers", body=NEAR_SOURCE),
        Page("/alpha/reviews/edited/", "Fresh review", "Fresh", year=2022,
             director="Mimi Cave", body=prose(13) + ("\n\nAn added closing thought." if edited
                                                      else ""),
             rating=2 if edited else 3),
    ]  # fmt: skip


def beta_pages() -> list[Page]:
    furniture = "Beta Daily"
    return [
        Page("/beta/reviews/nope-wire/", "Nope: a wire review", "Nope", year=2022,
             director="Jordan Peele", author="Wire Critic", body=WIRE, furniture=furniture),
        Page("/beta/reviews/northman/", "The Northman, reviewed", "The Northman", year=2022,
             director="Robert Eggers", body=NEAR_COPY, furniture=furniture),
        Page("/beta/reviews/rsr/", "RUN, SWEETHEART, RUN is a blast", "RUN, SWEETHEART, RUN",
             year=2022, director="Shana Feste", author="Kim Other", body=prose(20),
             furniture=furniture),
        Page("/beta/reviews/dune/", "Villeneuve's Dune", "Dune", director="Denis Villeneuve",
             author="Kim Other", body=prose(21), furniture=furniture),
        Page("/beta/reviews/dune-series/", "Dune: the series", "Dune", work_type="TVSeries",
             year=2021, director="Someone Else", author="Kim Other", body=prose(22),
             furniture=furniture),
    ]  # fmt: skip


def write_sites(root: Path, edited: bool = False) -> None:
    alpha, beta = alpha_pages(edited), beta_pages()
    listing = [p.path for p in alpha if "/amp/" not in p.path]
    alpha_links = [
        *listing,
        "/alpha/reviews/dune-2021/?utm_source=newsletter&fbclid=abc",
        "/alpha/amp/reviews/dune-2021/",
    ]
    for site, pages, links in (
        ("alpha", alpha, alpha_links),
        ("beta", beta, [p.path for p in beta]),
    ):
        index = Page(f"/{site}/", "Index", "Index", body="", links=links).html()
        _write(root / site / "index.html", index)
        for page in pages:
            _write(root / page.path.strip("/") / "index.html", page.html())


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def site_file(base_url: str) -> str:
    return "\n".join(
        f"""
[[sites]]
name = "{name}"
start_urls = ["{base_url}{name}/"]
review_urls = ['/{name}/(amp/)?reviews/[^/]+/$']
[sites.settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
"""
        for name in ("alpha", "beta")
    )
