"""Commands answer user mistakes with one clear line and exit status 2."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_scrapy
from tests.mockserver.ports import refused_port


def test_unreachable_database_is_one_line_without_the_password() -> None:
    port = refused_port()
    unreachable = f"postgresql://reviewer:s3cret@127.0.0.1:{port}/reviews"
    for args in (["export"], ["crawlall", "--site", "reelnotes"], ["renormalize"]):
        result = run_scrapy(*args, env={"DATABASE_URL": unreachable})
        assert result.returncode == 2, (args, result.stderr[-2000:])
        assert result.stderr.startswith(
            f"error: cannot use database postgresql://reviewer:***@127.0.0.1:{port}/reviews"
        )
        assert len(result.stderr.strip().splitlines()) == 1
        assert "s3cret" not in result.stderr + result.stdout
        assert "Traceback" not in result.stderr


def test_unknown_site_and_missing_argument() -> None:
    env = {"AGGREGATOR_SITES": str(ROOT / "sites.toml")}
    unknown = run_scrapy("crawl", "reviews", "-a", "site=nope", env=env)
    assert unknown.returncode == 2
    assert "no site named 'nope' (configured: reelnotes, screenmag, starcritic)" in unknown.stderr
    missing = run_scrapy("crawl", "reviews", env=env)
    assert missing.returncode == 2
    assert "missing spider argument: -a site=NAME" in missing.stderr


def test_bad_export_options() -> None:
    result = run_scrapy("export", "--since", "last tuesday-ish")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_password_given_with_s_stays_out_of_the_log(postgres_url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(password="s3cret").render_as_string(hide_password=False)
    env = {"AGGREGATOR_SITES": str(ROOT / "sites.toml")}
    result = run_scrapy(
        "crawl", "reviews", "-a", "site=reelnotes", "-s", f"DATABASE_URL={url}",
        "-s", "CLOSESPIDER_PAGECOUNT=1", "-s", f"SPOOL_DIR={tmp_path}", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Storing reviews in postgresql" in result.stderr
    assert "s3cret" not in result.stderr


def test_runs_on_an_empty_database(sqlite_url: str) -> None:
    env = {"DATABASE_URL": sqlite_url}
    table = run_scrapy("runs", "--site", "starcritic", env=env)
    assert table.returncode == 0, table.stderr[-2000:]
    assert table.stdout == "no crawl runs recorded for site 'starcritic'\n"
    as_json = run_scrapy("runs", "--json", env=env)
    assert as_json.stdout.strip() == "[]"
    bad = run_scrapy("runs", "--limit", "0", env=env)
    assert bad.returncode == 2
    assert bad.stderr == "error: --limit must be at least 1\n"
