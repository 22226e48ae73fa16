"""Nightly re-crawls against a local site that counts requests and answers 304s.

A second run over an unchanged site fetches only its listing; a page past
``recrawl_after`` is asked about with its stored ETag and costs a 304; a
changed page is picked up; a redesign that loses fields raises an alarm and
exit status 1; every run leaves a row with its counts and coverage.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aggregator.db.engine import make_engine
from aggregator.db.models import CrawlRun, Review
from aggregator.sites import load_sites
from tests.conftest import run_scrapy
from tests.mockserver.site import SiteServer, review_site


@pytest.fixture
def site() -> Iterator[SiteServer]:
    server = SiteServer()
    review_site(server)
    yield server
    server.close()


def crawl(site_file: Path, url: str, *args: str) -> Any:
    env = {"AGGREGATOR_SITES": str(site_file), "DATABASE_URL": url}
    return run_scrapy("crawlall", *args, env=env)


def last_run(url: str) -> CrawlRun:
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
    engine.dispose()
    assert run is not None
    return run


def seen_times(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(select(Review.url, Review.last_seen_at, Review.etag)).all()
    engine.dispose()
    return {row.url: (row.last_seen_at, row.etag) for row in rows}


def test_nightly_runs_fetch_only_what_changed(
    site: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    sites = site.site_file(tmp_path)
    first = crawl(sites, sqlite_url)
    assert first.returncode == 0, first.stderr[-3000:]
    run = last_run(sqlite_url)
    assert (run.status, run.new, run.covered) == ("ok", 6, 6)
    assert run.coverage is not None
    assert run.coverage["score"] == 100.0
    assert first.stdout.splitlines()[0].startswith("site  ")  # the summary table
    assert first.stdout.splitlines()[1].startswith("watch  ok  ")
    stored = seen_times(sqlite_url)
    assert all(etag for _, etag in stored.values()), "validators are stored with the reviews"

    # Next night, nothing changed: robots.txt and the listing only.
    site.reset()
    second = crawl(sites, sqlite_url)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(site.paths()) == ["/reviews/", "/robots.txt"]
    run = last_run(sqlite_url)
    assert (run.status, run.skipped, run.new, run.updated) == ("ok", 6, 0, 0)

    # Past recrawl_after: conditional requests; one page was edited meanwhile.
    review_site(site, seed=0)
    site.pages["/reviews/film-2/"] = site.pages["/reviews/film-2/"].replace(
        b'ratingValue": 4', b'ratingValue": 2'
    )
    site.reset()
    due_now = site.site_file(tmp_path, settings="RECRAWL_AFTER_DAYS = 0\n")  # per site
    third = crawl(due_now, sqlite_url)
    assert third.returncode == 0, third.stderr[-3000:]
    assert all(etag for path, etag, _ in site.requests if path.startswith("/reviews/film"))
    assert len(site.answered(304)) == 5
    assert sorted(site.answered(200)) == ["/reviews/", "/reviews/film-2/"]
    run = last_run(sqlite_url)
    assert (run.not_modified, run.updated, run.status) == (5, 1, "ok")
    after = seen_times(sqlite_url)
    assert all(after[u][0] > stored[u][0] for u in stored), "a 304 touches last_seen_at"

    # --full ignores what is stored: every page in full, no validators sent.
    site.reset()
    full = crawl(sites, sqlite_url, "--full")
    assert full.returncode == 0, full.stderr[-3000:]
    assert len(site.answered(200)) == 7
    assert not any(etag for _, etag, _ in site.requests)


def test_redesign_raises_an_alarm_and_notifies(
    site: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    sites = site.site_file(tmp_path)
    for _ in range(2):
        result = crawl(sites, sqlite_url, "--full")
        assert result.returncode == 0, result.stderr[-3000:]
    review_site(site, broken=True)
    note = tmp_path / "note.txt"
    broken = crawl(sites, sqlite_url, "--full", "-s", f"NOTIFY_COMMAND=cat > {note}")
    assert broken.returncode == 1, broken.stderr[-3000:]
    assert "ALARM watch: score on 0% of reviews (median of recent runs 100%)" in broken.stdout
    assert "ALARM watch: score" in note.read_text(encoding="utf-8")
    run = last_run(sqlite_url)
    assert run.status == "alarm"
    assert {alarm["field"] for alarm in run.alarms or []} >= {"score"}

    listing = run_scrapy("runs", "--json", "--site", "watch", env={"DATABASE_URL": sqlite_url})
    runs = json.loads(listing.stdout)
    assert [r["status"] for r in runs] == ["alarm", "ok", "ok"]
    assert set(runs[0]) >= {"pages", "new", "updated", "not_modified", "coverage", "errors"}


def test_dry_run_lists_and_stores_nothing(
    site: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    sites = site.site_file(tmp_path)
    result = crawl(sites, sqlite_url, "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "watch: would fetch 6 review pages (6 new, 0 due again), 0 seen recently" in (
        result.stdout
    )
    assert f"Would fetch (new) {site.base_url}/reviews/film-0/" in result.stdout
    assert sorted(set(site.paths())) == ["/reviews/", "/robots.txt"]
    assert seen_times(sqlite_url) == {}


def test_disabled_site_is_left_out_unless_named(
    site: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    sites = site.site_file(tmp_path)
    text = sites.read_text(encoding="utf-8")
    off = text.replace('name = "watch"', 'name = "off"\nenabled = false')
    sites.write_text(text + "\n" + off, encoding="utf-8")
    assert not load_sites(sites).get("off").enabled
    every = crawl(sites, sqlite_url, "--dry-run")
    assert every.returncode == 0, every.stderr[-3000:]
    assert "watch: would fetch" in every.stdout
    assert "off:" not in every.stdout
    named = crawl(sites, sqlite_url, "--dry-run", "--site", "off")
    assert "off: would fetch 6 review pages" in named.stdout
