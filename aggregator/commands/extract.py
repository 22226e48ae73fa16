"""``scrapy extract PATH_OR_URL``: show what extraction and normalisation make of one page.

With ``--explain`` it prints every field's candidates per layer instead, the
winner first, to show why a field has its value (or none).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, report, site_file
from aggregator.explain import explain, format_explanation
from aggregator.review import build_review, review_to_dict


class Command(ProjectCommand):
    requires_crawler_process = False

    def syntax(self) -> str:
        return "PATH_OR_URL [--url URL] [--site NAME] [--explain]"

    def short_desc(self) -> str:
        return "Extract one saved page or URL and print the review as JSON"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's real URL, for a saved file")
        parser.add_argument("--site", help="use this site's configuration (selectors, language)")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print each field's candidates per layer, the winner first, instead of JSON",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            report(self, UserError("give one file path or URL"))
            return
        try:
            site = site_file(self.settings).get(opts.site) if opts.site else None
            url, body, content_type = _read(args[0], opts.url, self.settings)
        except (UserError, ValueError) as exc:
            report(self, exc)
            return
        if opts.explain:
            print(format_explanation(*explain(url, body, site, content_type=content_type)))
            return
        item = build_review(url, body, site, content_type=content_type)
        json.dump(review_to_dict(item), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")


def _read(target: str, url: str | None, settings: object) -> tuple[str, bytes, str | None]:
    if target.startswith(("http://", "https://")):
        agent = getattr(settings, "get", lambda *_: None)("USER_AGENT") or "review-aggregator"
        # Only http(s) reaches here (checked above), so no file: or custom schemes.
        request = urllib.request.Request(target, headers={"User-Agent": agent})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.geturl(), response.read(), response.headers.get("Content-Type")
        except OSError as exc:
            raise UserError(f"cannot fetch {target}: {exc}") from None
    path = Path(target)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    return url or path.resolve().as_uri(), body, None
