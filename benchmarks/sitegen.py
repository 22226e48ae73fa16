"""A local review site of N pages for the crawl benchmarks.

    python -m benchmarks.sitegen OUT_DIR [--pages N]

Pages come in the three demo styles (a blog with credits in prose, a site with
JSON-LD and stars, a magazine with a details box and letter grades), rendered
by the demo generators from invented works and reviews. Bodies and comments
are English-like text from a word-pair chain trained on the demo reviews, so
main-text extractors see prose, not noise. Each page is padded to 50-150 KB
with what real pages carry around the review: comments, a large footer of
links, inline styles and scripts. One page in twenty repeats an earlier
review's text (syndicated copies). Listing pages of 20 links, with pagination,
lead to the reviews.

The output is deterministic for a given N. :func:`write_site_file` writes the
site file once the server's address is known.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo.generator import reelnotes, screenmag, starcritic
from demo.generator.common import GRADE_SCORES, Work, load_toml, load_works, paragraphs

STYLES = ("reelnotes", "starcritic", "screenmag")
PER_LISTING = 20
#: One page in this many repeats an earlier page's review text.
COPY_EVERY = 20

_ADJECTIVES = (
    "Silent",
    "Hollow",
    "Last",
    "Crimson",
    "Broken",
    "Golden",
    "Northern",
    "Quiet",
    "Burning",
    "Distant",
    "Electric",
    "Paper",
    "Iron",
    "Winter",
    "Velvet",
    "Hidden",
    "Lonely",
    "Savage",
    "Glass",
    "Midnight",
    "Wild",
    "Bitter",
    "Secret",
    "Endless",
    "Copper",
    "Pale",
)
_NOUNS = (
    "Harbor",
    "Lighthouse",
    "Orchard",
    "Kingdom",
    "Frontier",
    "Signal",
    "Garden",
    "Witness",
    "Empire",
    "River",
    "Machine",
    "Season",
    "Station",
    "Letter",
    "Border",
    "Island",
    "Protocol",
    "Valley",
    "Summer",
    "Stranger",
    "Engine",
    "Compass",
    "Archive",
    "Tide",
)
_FIRST = (
    "Ada",
    "Bruno",
    "Clara",
    "Dev",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Iris",
    "Jonas",
    "Kira",
    "Luca",
    "Maya",
    "Nils",
    "Olga",
    "Pavel",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Yara",
    "Zoe",
    "Amara",
    "Boris",
    "Celia",
    "Dario",
    "Esme",
    "Farid",
)
_LAST = (
    "Abbott",
    "Brennan",
    "Castillo",
    "Dunmore",
    "Ekwueme",
    "Fontaine",
    "Galloway",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinlan",
    "Rossi",
    "Sandoval",
    "Thorne",
    "Ueda",
    "Varga",
    "Whitlock",
)


@dataclass(frozen=True)
class GeneratedSite:
    """What :func:`generate` wrote."""

    root: Path
    reviews: int
    listings: int
    copies: int
    total_bytes: int

    @property
    def pages(self) -> int:
        """HTML pages a crawl fetches (reviews and listings)."""
        return self.reviews + self.listings


class Chain:
    """Word-pair chain over the demo review bodies: text that reads like prose."""

    def __init__(self, texts: list[str]) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            words = text.split()
            for first, second in itertools.pairwise(words):
                self.next[first].append(second)
                if first.endswith("."):
                    self.starts.append(second)

    def sentence(self, rng: random.Random, longest: int = 40) -> str:
        word = rng.choice(self.starts)
        words = [word]
        while not word.endswith((".", "!", "?")) and len(words) < longest:
            word = rng.choice(self.next.get(word) or self.starts)
            words.append(word)
        text = " ".join(words)
        return text if text.endswith((".", "!", "?")) else text.rstrip(",;:") + "."

    def paragraph(self, rng: random.Random, sentences: int) -> str:
        return " ".join(self.sentence(rng) for _ in range(sentences))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _work(base: Work, n: int, rng: random.Random) -> Work:
    """An invented work shaped like ``base``: its own title, year and credits."""
    year = 1970 + rng.randrange(55)
    pairs = len(_ADJECTIVES) * len(_NOUNS)
    title = f"The {_ADJECTIVES[n % len(_ADJECTIVES)]} {_NOUNS[n // len(_ADJECTIVES) % len(_NOUNS)]}"
    if n >= pairs:  # a sequel: every title stays distinct
        title += f" {n // pairs + 1}"
    return dict(
        base,
        key=f"bench-{n}",
        title=title,
        released=f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
        runtime=base.get("runtime") and 80 + rng.randrange(90),
        cast=[_person(rng) for _ in range(5)],
        directors=[_person(rng)],
        developer=f"{rng.choice(_NOUNS)} Studios",
    )


def _review(
    style: str, base: dict[str, Any], work: Work, n: int, rng: random.Random
) -> dict[str, Any]:
    """A review config for the style's page function, with new text and people."""
    old, new = str(base["title"]), str(work["title"])
    day = dt.date(2024, 12, 31) - dt.timedelta(days=n % 1500)
    review = dict(base, slug=f"{base['slug']}-{n}", title=new, work=work["key"])
    review["headline"] = str(base["headline"]).replace(old, new)
    if new not in review["headline"]:
        review["headline"] = f"{new}: {review['headline']}"
    review["authors"] = [_person(rng)]
    review["date"] = day.isoformat() + str(base["date"])[10:]
    for key in ("summary", "standfirst"):
        if key in review:
            review[key] = str(review[key]).replace(old, new)
    if style == "starcritic":
        review["stars"] = rng.randrange(11) / 2
    if style == "screenmag":
        review["grade"] = rng.choice(list(GRADE_SCORES))
    review["body_paras"] = [p.replace(old, new) for p in paragraphs(str(base["body"]))]
    return review


def _padding(rng: random.Random, chain: Chain, room: int) -> tuple[list[dict[str, str]], str]:
    """Comments (about a fifth of ``room``) and a block of footer links, styles and scripts."""
    comments: list[dict[str, str]] = []
    budget = room // 5
    while budget > 400:
        text = chain.paragraph(rng, rng.randrange(2, 7))
        comments.append({"name": _person(rng), "date": "2024-01-02", "text": text})
        budget -= len(text) + 400
    links = "".join(
        f'<li><a href="/tags/{rng.choice(_NOUNS).lower()}-{k}/">{rng.choice(_ADJECTIVES)} '
        f"{rng.choice(_NOUNS)}</a></li>"
        for k in range(max(20, room // 600))
    )
    footer = f'<div class="mega-footer"><ul class="tag-cloud">{links}</ul></div>\n'
    style = "".join(f".c{k}{{margin:{k % 9}px;color:#{k % 4096:03x}}}" for k in range(room // 150))
    filler = room - len(footer) - len(style) - sum(len(c["text"]) + 400 for c in comments)
    slots = [{"id": k, "slot": f"ad-{k}", "sizes": [[300, 250]]} for k in range(filler // 50)]
    state = json.dumps(slots)
    scripts = f"<style>{style}</style>\n<script>window.__STATE__ = {state};</script>\n"
    return comments, footer + scripts


def _comments_html(comments: list[dict[str, str]]) -> str:
    items = "".join(
        f'<li class="comment"><b class="fn">{c["name"]}</b> <span class="says">says:</span>'
        f'<div class="comment-content"><p>{c["text"]}</p></div></li>\n'
        for c in comments
    )
    return f'<section class="comments"><h2>Comments</h2><ol>{items}</ol></section>\n'


def _render(
    style: str,
    review: dict[str, Any],
    work: Work,
    related: list[dict[str, Any]],
    comments: list[dict[str, str]],
) -> str:
    review = dict(review, body="\n\n".join(review["body_paras"]))
    if style == "reelnotes":
        post = reelnotes.review_post(review, work)
        post["comments"] = comments
        return reelnotes.post_page(post, related, related)
    extra = _comments_html(comments)
    if style == "starcritic":
        html = starcritic.review_page(review, work, related)
        return html.replace("</main>", extra + "</main>", 1)
    side = "".join(f'<a href="{screenmag.page_path(r)}">{r["headline"]}</a>' for r in related)
    html = screenmag.review_page(review, work, related, f'<div class="most-read">{side}</div>')
    return html.replace('<div class="sidebar">', extra + '<div class="sidebar">', 1)


def _path(style: str, review: dict[str, Any]) -> str:
    if style == "reelnotes":
        return reelnotes.post_path(review)
    if style == "starcritic":
        return starcritic.page_path(review)
    return screenmag.page_path(review)


def _plan(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any], Work]]:
    works = load_works()
    bases = {style: load_toml(f"{style}.toml")["reviews"] for style in STYLES}
    rng = random.Random(seed)
    for n in range(count):
        style = STYLES[n % 3]
        base = bases[style][(n // 3) % len(bases[style])]
        work = _work(works[base["work"]], n, rng)
        yield style, _review(style, base, work, n, rng), work


def generate(out: Path, count: int, seed: int = 12) -> GeneratedSite:
    """Write ``count`` review pages and their listings under ``out``."""
    chain = Chain([str(r["body"]) for s in STYLES for r in load_toml(f"{s}.toml")["reviews"]])
    rng = random.Random(seed)
    plan = list(_plan(count, seed))
    copies = 0
    for n, (_, review, _) in enumerate(plan):
        if n % COPY_EVERY == COPY_EVERY - 1 and n >= 7:
            review["body_paras"] = list(plan[n - 7][1]["body_paras"])
            copies += 1
        else:
            review["body_paras"] += [
                chain.paragraph(rng, rng.randrange(3, 7)) for _ in range(rng.randrange(3, 12))
            ]
    total = 0
    for n, (style, review, work) in enumerate(plan):
        # Same-style neighbours: the page functions print their scores and dates.
        same_style = [plan[k][1] for k in (n + 3, n + 6, n + 9) if k < count]
        target = rng.randrange(50_000, 150_000)
        page = _render(style, review, work, same_style, [])
        comments, tail = _padding(rng, chain, max(0, target - len(page.encode())))
        page = _render(style, review, work, same_style, comments)
        page = page.replace("</body>", tail + "</body>", 1)
        total += _write(out, _path(style, review), page)
    listings = 0
    for style in STYLES:
        paths = [_path(s, r) for s, r, _ in plan if s == style]
        listings += _listings(out, style, paths)
    _write(out, "/robots.txt", "User-agent: *\nDisallow:\n")
    return GeneratedSite(out, count, listings, copies, total)


def _listings(out: Path, style: str, paths: list[str]) -> int:
    pages = max(1, (len(paths) + PER_LISTING - 1) // PER_LISTING)
    for n in range(1, pages + 1):
        chunk = paths[(n - 1) * PER_LISTING : n * PER_LISTING]
        links = "".join(f'<li><a href="{p}">{p.strip("/").rsplit("/")[-1]}</a></li>' for p in chunk)
        near = range(max(1, n - 3), min(pages, n + 3) + 1)
        nav = " ".join(f'<a href="{listing_path(style, k)}">{k}</a>' for k in near)
        body = f"<h1>Reviews, page {n}</h1><ul>{links}</ul><nav>{nav}</nav>"
        html = f"<!DOCTYPE html><html><head><title>Page {n}</title></head><body>{body}</body>"
        _write(out, listing_path(style, n), html)
    return pages


def listing_path(style: str, n: int) -> str:
    """
    >>> listing_path("screenmag", 3)
    '/screenmag/list/3/'
    """
    return f"/{style}/list/{n}/"


def _write(out: Path, path: str, text: str) -> int:
    rel = path.lstrip("/")
    if rel.endswith("/"):
        rel += "index.html"
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    target.write_bytes(data)
    return len(data)


#: Per style: URL patterns and site-file keys, as a site's owner would write them.
SITE_KEYS: dict[str, dict[str, Any]] = {
    "reelnotes": {
        "review_urls": [r"/reelnotes/\d{4}/\d{2}/\d{2}/[^/]+/$"],
        "work_type": "movie",
    },
    "starcritic": {"review_urls": [r"/starcritic/reviews/[^/?]+/$"]},
    "screenmag": {
        "review_urls": [r"/screenmag/reviews/[^/]+\.html$"],
        "date_order": "DMY",
        "selectors": {"score": ".grade::text"},
    },
}


def write_site_file(path: Path, base_url: str) -> list[str]:
    """The benchmark site file (``sites.toml`` format); returns the site names."""
    lines = []
    for style in STYLES:
        keys = SITE_KEYS[style]
        lines += [
            "[[sites]]",
            f'name = "bench-{style}"',
            f'start_urls = ["{base_url}{listing_path(style, 1)}"]',
            "review_urls = [" + ", ".join(f"'{p}'" for p in keys["review_urls"]) + "]",
            f"follow_urls = ['/{style}/list/\\d+/$']",
        ]
        lines += [f'{k} = "{keys[k]}"' for k in ("work_type", "date_order") if k in keys]
        if "selectors" in keys:
            lines += ["[sites.selectors]"] + [f'{k} = "{v}"' for k, v in keys["selectors"].items()]
        lines += ["[sites.settings]", "DOWNLOAD_DELAY = 0", "AUTOTHROTTLE_ENABLED = false", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return [f"bench-{style}" for style in STYLES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sitegen", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args(argv)
    site = generate(args.out, args.pages)
    print(
        f"{site.reviews} reviews ({site.copies} copies) and {site.listings} listings, "
        f"{site.total_bytes / site.reviews / 1000:.0f} KB a review page, in {site.root}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
