"""The base of every project command: the settings are checked before it runs.

It lives outside ``aggregator.commands`` because Scrapy takes every command
class defined in that package for a command of its own.
"""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.settings import BaseSettings

from aggregator import settings as project_settings
from aggregator.commands import UserError, check_before_start
from aggregator.setting_rules import SettingError, check_settings


class ProjectCommand(ScrapyCommand):
    """A command of this project: its settings are checked before it does anything."""

    requires_project = True

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # applies -s NAME=VALUE, so check after it
        check_before_start(lambda: settings_usable(self.settings))


def settings_usable(settings: BaseSettings | None) -> None:
    """Every project setting holds what its rule in ``aggregator.settings`` expects."""
    if settings is None:
        return
    try:
        check_settings(settings, project_settings.rules)
    except SettingError as exc:
        raise UserError(str(exc)) from None
