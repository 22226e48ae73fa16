"""The site file: loading, and one clear message per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.sites import SiteConfigError, load_sites
from tests.conftest import ROOT, run_scrapy

GOOD = """
[[sites]]
name = "blog"
start_urls = ["https://blog.example/reviews/"]
review_urls = ['/\\d{4}/[^/]+/$']
follow_urls = ['/page/\\d+/$']
date_order = "DMY"
[sites.selectors]
score = ".score::text"
work_title = "//h2/text()"
[sites.settings]
DOWNLOAD_DELAY = 2
"""


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_shipped_site_file_loads() -> None:
    sites = load_sites(ROOT / "sites.toml")
    assert {"reelnotes", "starcritic", "screenmag"} <= set(sites.sites)
    assert all(site.demo for site in sites.sites.values())


def test_good_site(tmp_path: Path) -> None:
    site = load_sites(write(tmp_path, GOOD)).get("blog")
    assert site.allowed_domains == ("blog.example",)
    assert site.is_review_url("https://blog.example/2022/dune/")
    assert not site.is_review_url("https://blog.example/page/2/")
    assert site.is_follow_url("https://blog.example/page/2/")
    assert site.selectors["score"] == ".score::text"
    assert site.settings == {"DOWNLOAD_DELAY": 2}
    assert site.language == "en"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('name = "blog"', 'name = "blog"\ncolour = "red"'), "site 'blog': unknown key 'colour'"),
        (("review_urls = ['/\\d{4}/[^/]+/$']", "review_urls = ['(unclosed']"),
         "site 'blog': key 'review_urls': bad regular expression '(unclosed'"),
        (('name = "blog"\n', ""), "site #1: key 'name': required"),
        (('date_order = "DMY"', 'date_order = "DDMMYY"'), "site 'blog': key 'date_order'"),
        (('score = ".score::text"', 'rating = ".score::text"'),
         "site 'blog': key 'selectors.rating': unknown field"),
        (('score = ".score::text"', 'score = "//div[@class="'),
         "site 'blog': key 'selectors.score'"),
        (("DOWNLOAD_DELAY = 2", "ITEM_PIPELINES = 2"),
         "site 'blog': key 'settings.ITEM_PIPELINES'"),
        (('start_urls = ["https://blog.example/reviews/"]', 'start_urls = ["blog.example"]'),
         "site 'blog': key 'start_urls': not an http(s) URL"),
        (('start_urls = ["https://blog.example/reviews/"]', "start_urls = 3"),
         "site 'blog': key 'start_urls': wrong type int"),
    ],
)  # fmt: skip
def test_mistakes_name_file_site_and_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(SiteConfigError) as info:
        load_sites(path)
    assert str(info.value).startswith(str(path))
    assert expected in str(info.value)


def test_duplicate_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + GOOD.replace("[sites.selectors]", "").split("score =")[0])
    with pytest.raises(SiteConfigError, match="site 'blog': key 'name': duplicate site name"):
        load_sites(path)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="not valid TOML"):
        load_sites(write(tmp_path, "[[sites]\nname="))
    with pytest.raises(SiteConfigError, match="site file not found"):
        load_sites(tmp_path / "nope.toml")


def test_unknown_site_lists_the_configured_ones(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match=r"no site named 'x' \(configured: blog\)"):
        load_sites(write(tmp_path, GOOD)).get("x")


def test_broken_site_file_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('name = "blog"', 'name = "blog"\ncolour = 1'))
    for args in (["sites"], ["crawl", "reviews", "-a", "site=blog"], ["crawlall"]):
        result = run_scrapy(*args, env={"AGGREGATOR_SITES": str(path)})
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip() == f"error: {path}: site 'blog': unknown key 'colour'"


def test_sites_command_lists_sites(tmp_path: Path) -> None:
    result = run_scrapy("sites", env={"AGGREGATOR_SITES": str(write(tmp_path, GOOD))})
    assert result.returncode == 0, result.stderr
    assert "blog: blog (en) https://blog.example/reviews/" in result.stdout
