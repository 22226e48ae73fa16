"""Bare Scrapy: follows the same links as our spider and does nothing else.

    python -m benchmarks.bare SITES_FILE

The ceiling for a crawl of the benchmark site on this machine: downloads,
response objects and link extraction, no extraction and no storage.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response

from benchmarks import crawlers


class BareSpider(crawlers.SiteSpider):
    name = "bare"

    def parse(self, response: Response, **_kwargs: Any) -> Iterator[Request]:
        yield from self.follow(response)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    return crawlers.run(BareSpider, args[0])


if __name__ == "__main__":
    sys.exit(main())
