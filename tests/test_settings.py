"""Every project setting is checked once, before a command starts, against its rule."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from aggregator import settings as defaults
from aggregator.command_base import ProjectCommand, settings_usable
from aggregator.commands import UserError
from aggregator.setting_rules import Rule, SettingError, check_settings, problems
from aggregator.sites import SITE_SETTINGS, SiteConfigError, load_sites
from tests.conftest import run_scrapy


def project(**overrides: object) -> Settings:
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def test_the_shipped_defaults_pass_their_own_rules() -> None:
    assert problems(get_project_settings(), defaults.rules) == []


def test_every_rule_names_a_setting_with_a_default() -> None:
    settings = get_project_settings()  # ours and Scrapy's own
    assert [name for name in defaults.rules if name not in settings] == []


def test_every_per_site_setting_has_a_rule() -> None:
    assert sorted(SITE_SETTINGS - defaults.rules.keys()) == []


def test_a_site_files_bad_setting_value_is_reported_with_the_others(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[[sites]]\nname = "blog"\nstart_urls = ["https://blog.example/"]\n'
        'review_urls = ["/r/"]\n[sites.settings]\nDOWNLOAD_DELAY = "fast"\n'
        "RECRAWL_AFTER_DAYS = -1\nCLOSESPIDER_PAGECOUNT = 10\nROBOTSTXT_OBEY = false\n",
        encoding="utf-8",
    )
    with pytest.raises(SiteConfigError) as caught:
        load_sites(path)
    assert str(caught.value).splitlines() == [
        f"{path}: site 'blog': key 'settings.DOWNLOAD_DELAY': 'fast': expected a number, 0 or more",
        f"{path}: site 'blog': key 'settings.RECRAWL_AFTER_DAYS': -1: expected a number, 0 or more",
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DB_BATCH_SIZE", "abc", "a whole number, 1 or more"),
        ("DB_BATCH_SIZE", "0", "a whole number, 1 or more"),
        ("DB_BATCH_SIZE", 2.5, "a whole number, 1 or more"),
        ("DB_FLUSH_SECONDS", "0", "a number above 0"),
        ("RECRAWL_AFTER_DAYS", "-1", "a number, 0 or more"),
        ("DRY_RUN", "maybe", "true or false"),
        ("PROGRESS", "sometimes", "one of auto, on, off"),
        ("EXPORT_DIR", "", "a non-empty text"),
        ("EXPORT_FEED_ITEMS", "0", "a whole number, 1 or more"),
    ],
)
def test_each_kind_of_bad_value_is_one_line(name: str, value: object, expected: str) -> None:
    with pytest.raises(SettingError) as caught:
        check_settings(project(**{name: value}), defaults.rules)
    assert str(caught.value) == f"setting {name}={value!r}: expected {expected}"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_BATCH_SIZE", "20"),
        ("DB_BATCH_SIZE", 3.0),
        ("DB_FLUSH_SECONDS", "0.5"),
        ("RECRAWL_AFTER_DAYS", "0"),
        ("DRY_RUN", "True"),
        ("DRY_RUN", "0"),
        ("PROGRESS", "off"),
        ("DATABASE_URL", None),
    ],
)
def test_good_values_pass(name: str, value: object) -> None:
    check_settings(project(**{name: value}), defaults.rules)


def test_several_bad_settings_are_all_reported_at_once() -> None:
    settings = project(DB_BATCH_SIZE="x", COVERAGE_ALARM_RUNS="0")
    assert [line.split("=")[0] for line in problems(settings, defaults.rules)] == [
        "setting DB_BATCH_SIZE",
        "setting COVERAGE_ALARM_RUNS",
    ]


def test_rules_read_values_as_scrapys_getters_do() -> None:
    rule = Rule.whole(1)
    assert rule.accepts(Settings({"N": " 7 "}), "N")  # int(" 7 ") is 7, as getint reads it
    assert not rule.accepts(Settings({"N": "7.0"}), "N")


def test_a_command_stops_before_it_starts_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    class Probe(ProjectCommand):
        ran = False

        def short_desc(self) -> str:
            return "probe"

        def run(self, _args: list[str], _opts: argparse.Namespace) -> None:
            self.ran = True

    command = Probe()
    command.settings = get_project_settings()
    parser = argparse.ArgumentParser()
    command.add_options(parser)
    opts = parser.parse_args(["-s", "DB_BATCH_SIZE=0"])
    with pytest.raises(SystemExit) as stopped:
        command.process_options([], opts)
    assert stopped.value.code == 2
    assert not command.ran
    assert capsys.readouterr().err == (
        "error: setting DB_BATCH_SIZE='0': expected a whole number, 1 or more\n"
    )


def test_settings_usable_turns_a_bad_setting_into_a_user_error() -> None:
    with pytest.raises(UserError, match=r"^setting DB_RETRY_BACKOFF='-2': expected a number"):
        settings_usable(project(DB_RETRY_BACKOFF="-2"))


def test_command_line_bad_setting_is_one_line_and_status_2() -> None:
    result = run_scrapy("crawlall", "-s", "DB_BATCH_SIZE=abc")
    assert result.returncode == 2
    assert (
        result.stderr == "error: setting DB_BATCH_SIZE='abc': expected a whole number, 1 or more\n"
    )
    assert result.stdout == ""
