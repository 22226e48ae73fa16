"""Regenerate the demo sites and their ground truth.

Usage (from the repository root)::

    python -m demo.build [--seed PATH]

Writes ``demo/sites/`` (deleted and rebuilt) and ``demo/expected.json`` from
``demo/content/*.toml``. The Reel Notes post for Run Sweetheart Run is built
from the seed review text (``../shared/seed/run-sweetheart-run.txt`` next to
the repository, or ``--seed``). The output is deterministic: running the build
twice gives identical files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from demo.generator import reelnotes, screenmag, starcritic
from demo.generator.common import DEMO_DIR, SiteOutput, document, esc, load_toml, load_works

SITES_DIR = DEMO_DIR / "sites"
EXPECTED = DEMO_DIR / "expected.json"
SITE_TITLES = {
    "reelnotes": ("Reel Notes", "a WordPress-style film blog; credits in prose only"),
    "starcritic": ("Star Critic", "star ratings and schema.org JSON-LD"),
    "screenmag": ("Screen Magazine", "letter grades, details boxes, day-first dates"),
}


def root_files() -> dict[str, str]:
    items = "".join(
        f'<li><a href="/{key}/">{esc(name)}</a> – {esc(blurb)}</li>\n'
        for key, (name, blurb) in SITE_TITLES.items()
    )
    body = f"<h1>Demo review sites</h1>\n<ul>\n{items}</ul>\n"
    return {
        "index.html": document(title="Demo review sites", head="", body=body),
        "robots.txt": "User-agent: *\nDisallow:\n",
    }


def default_seed() -> Path:
    rel = str(load_toml("reelnotes.toml")["seed"]["path"])
    return (DEMO_DIR.parent / rel).resolve()


def build(seed: Path) -> list[SiteOutput]:
    works = load_works()
    return [reelnotes.build(works, seed), starcritic.build(works), screenmag.build(works)]


def write(outputs: list[SiteOutput]) -> int:
    if SITES_DIR.exists():
        shutil.rmtree(SITES_DIR)
    files = root_files()
    for out in outputs:
        files.update(out.files)
    for rel, text in sorted(files.items()):
        target = SITES_DIR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    truth = {
        "start_paths": {o.start_path.strip("/").split("/")[0]: o.start_path for o in outputs},
        "reviews": [t.as_json() for o in outputs for t in o.reviews],
        "non_review": [p for o in outputs for p in o.non_review],
        "listings": [p for o in outputs for p in o.listings],
    }
    EXPECTED.write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n"
    )
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate demo/sites and demo/expected.json.")
    parser.add_argument("--seed", type=Path, help="the Run Sweetheart Run seed review text")
    args = parser.parse_args(argv)
    seed = args.seed or default_seed()
    if not seed.is_file():
        print(f"error: seed review not found at {seed}; pass --seed PATH", file=sys.stderr)
        return 2
    count = write(build(seed))
    print(f"wrote {count} files to {SITES_DIR} and {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
