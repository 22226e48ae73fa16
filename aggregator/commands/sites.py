"""``scrapy sites``: list the configured sites."""

from __future__ import annotations

import argparse

from aggregator.command_base import ProjectCommand
from aggregator.commands import UserError, report, site_file


class Command(ProjectCommand):
    requires_crawler_process = False

    def short_desc(self) -> str:
        return "List the sites configured in the site file"

    def run(self, _args: list[str], _opts: argparse.Namespace) -> None:
        try:
            sites = site_file(self.settings)
        except UserError as exc:
            report(self, exc)
            return
        print(f"{len(sites.sites)} sites in {sites.path}")
        for site in sites.sites.values():
            tags = " [demo]" if site.demo else ""
            starts = ", ".join(site.start_urls + site.sitemap_urls)
            print(f"{site.name}{tags}: {site.publication or site.name} ({site.language}) {starts}")
