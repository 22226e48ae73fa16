"""Components switch themselves off with NotConfigured, as Scrapy's own do."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from aggregator.distributed.presence import WorkerPresence
from aggregator.faults import RedirectLoopMiddleware, RetryAfterMiddleware
from aggregator.progress import ProgressExtension
from pipelines.storage import DatabasePipeline


@pytest.mark.parametrize(
    ("component", "settings", "why"),
    [
        (DatabasePipeline, {"DRY_RUN": True}, "dry run"),
        (ProgressExtension, {"PROGRESS": "off"}, "no terminal"),
        (WorkerPresence, {"REDIS_URL": None}, "REDIS_URL is not set"),
        (RedirectLoopMiddleware, {"REDIRECT_ENABLED": False}, "REDIRECT_ENABLED is off"),
        (RetryAfterMiddleware, {"RETRY_ENABLED": False}, "RETRY_ENABLED is off"),
    ],
)
def test_switched_off_says_why(component: Any, settings: dict[str, Any], why: str) -> None:
    with pytest.raises(NotConfigured, match=why):
        component.from_crawler(get_crawler(settings_dict=settings))


@pytest.mark.parametrize("component", [RedirectLoopMiddleware, RetryAfterMiddleware])
def test_on_by_default(component: Any) -> None:
    assert isinstance(component.from_crawler(get_crawler()), component)
