"""What each of the project's own settings must hold, and the check that says so.

The rules are declared once, beside the defaults, in ``aggregator.settings``
(its ``rules`` table; the name is in lower case, so Scrapy does not take it for
a setting). :func:`check_settings` derives the start-up check from them: a bad
``-s DB_BATCH_SIZE=abc`` ends a command with one line naming the setting, the
value and what is expected, before Scrapy starts crawling. Components then read
their settings plainly (``settings.getint("DB_BATCH_SIZE")``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings, Settings


class SettingError(ValueError):
    """A setting holds a value the project cannot use; the message says which and why."""


@dataclass(frozen=True)
class Rule:
    """The kind of value one setting takes, and its lowest value for numbers."""

    kind: str  # "whole", "number", "flag", "text" or "choice"
    low: float | None = None
    #: ``low`` itself is not allowed (a flush interval of 0 seconds would spin).
    above: bool = False
    choices: tuple[str, ...] = ()
    #: An unset value (None, empty) is fine: the setting has a fallback of its own.
    optional: bool = False

    @classmethod
    def whole(cls, at_least: int) -> Rule:
        return cls("whole", at_least)

    @classmethod
    def number(cls, at_least: float = 0, *, above: bool = False) -> Rule:
        return cls("number", at_least, above=above)

    @classmethod
    def flag(cls) -> Rule:
        return cls("flag")

    @classmethod
    def text(cls, *, optional: bool = False) -> Rule:
        return cls("text", optional=optional)

    @classmethod
    def one_of(cls, *choices: str) -> Rule:
        return cls("choice", choices=choices)

    def expected(self) -> str:
        """What the rule asks for, in words.

        >>> Rule.whole(1).expected()
        'a whole number, 1 or more'
        >>> Rule.number(0, above=True).expected()
        'a number above 0'
        >>> Rule.one_of("on", "off").expected()
        'one of on, off'
        """
        if self.kind == "choice":
            return f"one of {', '.join(self.choices)}"
        if self.kind == "flag":
            return "true or false"
        if self.kind == "text":
            return "a non-empty text"
        noun = "a whole number" if self.kind == "whole" else "a number"
        if self.low is None:
            return noun
        low = f"{self.low:g}"
        return f"{noun} above {low}" if self.above else f"{noun}, {low} or more"

    def accepts(self, settings: BaseSettings, name: str) -> bool:
        """True when Scrapy's own getter reads the value and it is in range."""
        value = settings.get(name)
        if self.optional and value in (None, ""):
            return True
        if self.kind == "text":
            return isinstance(value, str) and bool(value.strip())
        if self.kind == "choice":
            return str(value) in self.choices
        read: Callable[[str], Any] = {
            "whole": settings.getint,
            "number": settings.getfloat,
            "flag": settings.getbool,
        }[self.kind]
        try:
            number = read(name)
        except (TypeError, ValueError):
            return False
        if self.kind == "whole" and not _whole(value):
            return False  # int("2.5") fails but int(2.5) is 2: a float is not a count
        return self.low is None or number > self.low or (number == self.low and not self.above)


def _whole(value: Any) -> bool:
    return not isinstance(value, float) or value.is_integer()


def problems(settings: BaseSettings, rules: Mapping[str, Rule]) -> list[str]:
    """One line per setting whose value its rule refuses, in the table's order.

    >>> from scrapy.settings import Settings
    >>> problems(Settings({"DB_BATCH_SIZE": "abc"}), {"DB_BATCH_SIZE": Rule.whole(1)})
    ["setting DB_BATCH_SIZE='abc': expected a whole number, 1 or more"]
    >>> problems(Settings({"DB_BATCH_SIZE": "20"}), {"DB_BATCH_SIZE": Rule.whole(1)})
    []
    """
    return [
        f"setting {name}={settings.get(name)!r}: expected {rule.expected()}"
        for name, rule in rules.items()
        if not rule.accepts(settings, name)
    ]


def value_problems(values: Mapping[str, Any], rules: Mapping[str, Rule]) -> dict[str, str]:
    """What is wrong with each of ``values`` its rule refuses, by name (a site
    file's ``[sites.settings]``; the caller says where they come from).

    >>> rules = {"DOWNLOAD_DELAY": Rule.number(0), "DEPTH_LIMIT": Rule.whole(0)}
    >>> value_problems({"DOWNLOAD_DELAY": "fast", "DEPTH_LIMIT": 2}, rules)
    {'DOWNLOAD_DELAY': "'fast': expected a number, 0 or more"}
    """
    settings = Settings(dict(values))
    return {
        name: f"{value!r}: expected {rules[name].expected()}"
        for name, value in values.items()
        if name in rules and not rules[name].accepts(settings, name)
    }


def check_settings(settings: BaseSettings, rules: Mapping[str, Rule]) -> None:
    """Raise :class:`SettingError` listing every setting ``rules`` refuses."""
    found = problems(settings, rules)
    if found:
        raise SettingError("\n".join(found))
