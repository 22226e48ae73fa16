"""The messy web: binary, empty, mis-declared and huge pages under review URLs.

Nothing may crash the crawl or log an error; what is not a review is dropped
and counted, what is a review is stored with its text intact. The crawl runs in
the test process (the spider, the extraction and the pipelines are under test).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from aggregator.db.engine import make_engine
from aggregator.db.models import CrawlRun, Review
from demo.server import start_server
from tests import inprocess
from tests.identity.sites import Page, prose
from tests.inprocess import project_settings

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


def write(root: Path, path: str, body: bytes) -> None:
    target = root / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)


@pytest.fixture
def messy_site(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "www"
    declared_latin1 = (
        Page("/messy/reviews/latin1/", "Amélie review", "Amélie", year=2001, body=prose(5))
        .html()
        .replace("charset='utf-8'", "charset='iso-8859-1'")
    )
    huge = Page("/messy/reviews/huge/", "Huge review", "Huge", year=2020, body=prose(6))
    pages = {
        "/messy/reviews/binary/": PNG,
        "/messy/reviews/empty/": b"",
        "/messy/reviews/latin1/": declared_latin1.encode("utf-8"),
        "/messy/reviews/huge/": huge.html().replace("</body>", "<!--" + "x" * 5_000_000 + "-->"
                                                    "</body>").encode(),
        "/messy/reviews/nohead/": b"<p>" + prose(7).encode() + b"</p>",
    }  # fmt: skip
    for path, body in pages.items():
        write(root, path, body)
    links = "".join(f'<a href="{path}">x</a>' for path in pages)
    write(root, "/messy/", f"<html><body>{links}</body></html>".encode())
    server, base_url = start_server(root=root)
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[[sites]]\nname = "messy"\nstart_urls = ["{base_url}messy/"]\n'
        "review_urls = ['/messy/reviews/[^/]+/$']\n[sites.settings]\nDOWNLOAD_DELAY = 0\n",
        encoding="utf-8",
    )
    yield sites
    server.shutdown()
    server.server_close()


def test_messy_pages_are_dropped_or_stored_never_crash(
    messy_site: Path, sqlite_url: str, tmp_path: Path
) -> None:
    settings = project_settings(
        SITES_FILE=str(messy_site), DATABASE_URL=sqlite_url, SPOOL_DIR=str(tmp_path / "spool")
    )
    crawler, records = inprocess.crawl(settings, site="messy")
    assert crawler.stats is not None
    assert crawler.stats.get_value("finish_reason") == "finished"
    failures = [line for line in records.lines() if "ERROR" in line or "Traceback" in line]
    assert not failures, "\n".join(failures)
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        titles = dict(connection.execute(select(Review.canonical_url, Review.work_title)).all())
        stats = connection.execute(select(CrawlRun.stats)).scalar_one()
    engine.dispose()
    stored = {url.rsplit("/", 1)[1]: title for url, title in titles.items()}
    assert stored["latin1"] == "Amélie"  # UTF-8 bytes declared Latin-1, read right
    assert "huge" in stored
    assert "binary" not in stored
    assert "empty" not in stored
    assert stats["drop_item/not_html"] >= 2
