"""Cost per page of each stage of a crawl, and where ``build_review`` spends its time.

    python -m benchmarks.stages SITE_DIR SITES_FILE [--pages N] [--profile]

Runs, in this process, on review pages of a generated site (``benchmarks.sitegen``),
what a crawl does with each page after the download: the response object and
link extraction, extraction (per layer, from the extractor's own timings), the
item loaders, the rest of ``build_review``, the drop and duplicate pipelines,
and the store (batches into a scratch SQLite database), in CPU time, which
other processes on a shared machine do not inflate. With ``--profile`` it
also profiles ``build_review`` and lists the functions that cost most, so the
next optimisation has a target.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from aggregator.db.engine import make_engine, upgrade_to_head
from aggregator.db.store import ReviewStore
from aggregator.extraction import extract
from aggregator.items import ReviewItem
from aggregator.loaders import load_review
from aggregator.review import build_review, loader_context, site_defaults
from aggregator.similarity import text_digest
from aggregator.sites import SiteConfig, load_sites
from aggregator.spiders.links import LinkFinder
from pipelines.dedupe import DuplicateUrlPipeline
from pipelines.validate import ReviewPagePipeline

#: Functions named in the profile summary: known suspects, matched on "file:function".
SUSPECTS = {
    "trafilatura, whole call": "trafilatura/core.py:bare_extraction",
    "trafilatura fallback comparison": "trafilatura/external.py:compare_extraction",
    "trafilatura metadata pass": "trafilatura/metadata.py:extract_metadata",
    "structured data (extruct)": "aggregator/extraction/structured.py:structured_data",
    "ftfy": "ftfy/__init__.py:fix_text",
    "dateparser": "dateparser/date.py:get_date_data",
    "item loaders": "aggregator/loaders.py:load_review",
    "details-box kicker": "aggregator/extraction/infobox.py:kicker",
    "lxml parse": "aggregator/extraction/page.py:tree",
}


#: (label, ms per page, share of build_review)
Suspect = tuple[str, float, float]


@dataclass
class StageFigures:
    pages: int
    #: Milliseconds per review page, by stage ("extract/<layer>" for extraction layers).
    per_page_ms: dict[str, float] = field(default_factory=dict)
    #: :data:`SUSPECTS`, cumulative.
    suspects: list[Suspect] = field(default_factory=list)
    #: The costliest functions by their own time.
    top: list[Suspect] = field(default_factory=list)


def review_pages(
    root: Path, base_url: str, sites: Mapping[str, SiteConfig]
) -> Iterator[tuple[str, bytes, SiteConfig]]:
    """(url, body, site) for each generated review page, its URL on ``base_url``."""
    for path in sorted(root.rglob("*.html")):
        url = f"{base_url}/{path.relative_to(root).as_posix().removesuffix('index.html')}"
        for site in sites.values():
            if site.is_review_url(url):
                yield url, path.read_bytes(), site


def measure_stages(pages: list[tuple[str, bytes, SiteConfig]], folder: Path) -> dict[str, float]:
    """CPU seconds per stage over all ``pages``."""
    spent: dict[str, float] = defaultdict(float)
    crawler = get_crawler()
    validate, dedupe = ReviewPagePipeline(crawler), DuplicateUrlPipeline(crawler)
    # The spider's own link finder, one per site as in a crawl.
    links = {site.name: LinkFinder(site) for _, _, site in pages}
    items: list[ReviewItem] = []
    now = datetime.now(UTC)
    for url, body, site in pages:
        timings: dict[str, float] = {}
        start = time.process_time()
        extraction = extract(url, body, site, timings=timings, links=True)
        spent["extraction"] += time.process_time() - start
        # The crawl's process follows a review page's links from the hrefs its
        # extraction worker read.
        start = time.process_time()
        response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})
        links[site.name].links(response, extraction.hrefs)
        spent["response and links"] += time.process_time() - start
        for layer, seconds in timings.items():
            spent[f"extract/{layer}"] += seconds
        spent["extract/(wall)"] += sum(timings.values())
        candidates = {k: list(v) for k, v in extraction.candidates.items()}
        for name, values in site_defaults(site).items():
            candidates.setdefault(name, []).extend(values)
        start = time.process_time()
        item = load_review(candidates, loader_context(url, site, now))
        spent["loaders"] += time.process_time() - start
        start = time.process_time()
        item.url, item.site, item.page_type = url, site.name, extraction.page_kind.kind
        item.body_digest = text_digest(item.body_text)
        spent["text digest"] += time.process_time() - start
        start = time.process_time()
        with contextlib.suppress(DropItem):  # dropped pages are counted by the crawl
            items.append(dedupe.process_item(validate.process_item(item)))
        spent["validate and dedupe"] += time.process_time() - start
    engine = make_engine(f"sqlite:///{folder / 'stages.db'}")
    upgrade_to_head(engine)
    store = ReviewStore(engine)
    start = time.process_time()
    for offset in range(0, len(items), 100):
        store.write(items[offset : offset + 100], crawl_run_id=None)
    spent["storage"] += time.process_time() - start
    engine.dispose()
    # The extractor times its layers by the wall clock; on a shared machine that
    # counts other processes' turns, so the layers are scaled to its CPU time.
    scale = spent["extraction"] / (spent.pop("extract/(wall)") or 1.0)
    return {k: v * scale if k.startswith("extract/") else v for k, v in spent.items()}


def profile_build_review(pages: list[tuple[str, bytes, SiteConfig]]) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    for url, body, site in pages:
        build_review(url, body, site)
    profiler.disable()
    return pstats.Stats(profiler)


def summarise(stats: pstats.Stats, pages: int) -> tuple[list[Suspect], list[Suspect]]:
    """Suspects' cumulative cost and the top functions by own time, per page."""
    table = stats.stats  # type: ignore[attr-defined]
    total = max(
        (ct for (file, _, name), (_, _, _, ct, _) in table.items() if name == "build_review"),
        default=1.0,
    )
    suspects = []
    for label, key in SUSPECTS.items():
        wanted_file, wanted_name = key.split(":")
        cumulative = sum(
            ct
            for (file, _, name), (_, _, _, ct, _) in table.items()
            if name == wanted_name and file.endswith(wanted_file)
        )
        suspects.append((label, cumulative / pages * 1000, cumulative / total))
    own = sorted(table.items(), key=lambda entry: -entry[1][2])[:15]
    top = [
        (f"{_short(file)}:{line}({name})", tt / pages * 1000, tt / total)
        for (file, line, name), (_, _, tt, _, _) in own
    ]
    return suspects, top


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def run(root: Path, sites_file: Path, count: int, profile: bool = True) -> StageFigures:
    sites = load_sites(sites_file).sites
    base = next(iter(sites.values())).start_urls[0].split("/", 3)
    pages = list(review_pages(root, "/".join(base[:3]), sites))
    # Every n-th page, so that the sample mixes the styles and the copies.
    pages = pages[:: max(1, len(pages) // count)][:count]
    for url, body, site in pages[:5]:  # warm-up: imports and lazily built tables
        build_review(url, body, site)
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as folder:
        spent = measure_stages(pages, Path(folder))
    figures = StageFigures(len(pages))
    figures.per_page_ms = {name: s / len(pages) * 1000 for name, s in spent.items()}
    if profile:
        figures.suspects, figures.top = summarise(profile_build_review(pages), len(pages))
    return figures


def report(figures: StageFigures) -> str:
    lines = [f"Stages, CPU ms per review page ({figures.pages} pages, in-process):"]
    for name, ms in sorted(figures.per_page_ms.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<28} {ms:8.2f}")
    if figures.suspects:
        lines.append("build_review under cProfile, cumulative ms per page (share):")
        lines += [f"  {n:<34} {ms:7.2f} ({s:5.1%})" for n, ms, s in figures.suspects]
        lines.append("Top functions by own time, ms per page (share):")
        lines += [f"  {n:<70} {ms:6.2f} ({s:5.1%})" for n, ms, s in figures.top]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages", description=__doc__)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("sites_file", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args(argv)
    print(report(run(options.site_dir, options.sites_file, options.pages, options.profile)))


if __name__ == "__main__":
    main()
