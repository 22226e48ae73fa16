"""``REDIS_URL`` (setting or environment) turns a crawl into a worker of a shared crawl.

An add-on, so that ``-s REDIS_URL=...`` works as well as the environment: it
swaps in the scrapy-redis scheduler and duplicate filter (keyed per site, see
:mod:`.scheduler`) and the presence extension. Without ``REDIS_URL`` nothing
changes.
"""

from __future__ import annotations

import os

from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

PRIORITY = SETTINGS_PRIORITIES["addon"]
PROJECT = SETTINGS_PRIORITIES["project"]


def redis_url(settings: BaseSettings | None) -> str | None:
    """The shared crawl's Redis: the ``REDIS_URL`` setting, else the environment."""
    return (settings.get("REDIS_URL") if settings else None) or os.environ.get("REDIS_URL")


class Distributed:
    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            raise NotConfigured  # no reason given: Scrapy then says nothing
        # From the environment, the URL outranks the project's empty default.
        settings.set("REDIS_URL", url, max(settings.getpriority("REDIS_URL") or 0, PROJECT))
        settings.set("SCHEDULER", "aggregator.distributed.scheduler.SharedScheduler", PRIORITY)
        settings.set("DUPEFILTER_CLASS", "aggregator.distributed.scheduler.SharedSeenSet", PRIORITY)
        # The queue outlives each worker: the last worker out ends the crawl.
        settings.set("SCHEDULER_PERSIST", True, PRIORITY)
        settings["EXTENSIONS"]["aggregator.distributed.presence.WorkerPresence"] = 0
