"""Server faults end in one warning line and a counter, never a traceback.

Scrapy logs a download that failed for good (timeout, reset connection, a
page over ``DOWNLOAD_MAXSIZE``) with its whole traceback, says nothing at
warning level about a page that answered 404 or 500 after its retries, and
drops a redirect loop in silence. These middlewares give each such page one
line, ``Page failed: <url>: <reason>``, and count it under
``download_failed/<reason>`` (the counters reach the run record with the
other stats). A ``429``/``503`` with ``Retry-After`` waits as long as asked,
up to ``RETRY_AFTER_MAX`` seconds, before Scrapy's retry sends it again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.utils.python import global_object_name
from twisted.internet.defer import CancelledError

logger = logging.getLogger(__name__)

#: Statuses whose ``Retry-After`` is honoured (RFC 9110 §10.2.3).
RETRY_AFTER_STATUSES = frozenset({429, 503})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


#: Download exceptions by counter name; the first match wins.
REASONS: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
    # The size limit is the only thing that cancels a download in this project.
    ("too_large", (DownloadCancelledError, CancelledError)),
    ("timeout", (DownloadTimeoutError, TimeoutError)),
    ("truncated", (ResponseDataLossError,)),
    ("connection_refused", (DownloadConnectionRefusedError, ConnectionRefusedError)),
    ("dns", (CannotResolveHostError,)),
    ("connection_lost", (DownloadFailedError, ConnectionError)),
)


def fault_reason(exception: BaseException) -> str:
    """A short counter name for a download exception.

    >>> fault_reason(DownloadTimeoutError()), fault_reason(ValueError())
    ('timeout', 'ValueError')
    >>> fault_reason(DownloadCancelledError("over the size limit"))
    'too_large'
    """
    for reason, kinds in REASONS:
        if isinstance(exception, kinds):
            return reason
    return global_object_name(exception.__class__).rsplit(".", 1)[-1]


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header: a number or an HTTP date.

    >>> retry_after_seconds("7"), retry_after_seconds("soon")
    (7.0, None)
    >>> now = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now)
    30.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class _Counted:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def failed(self, request: Request, reason: str, detail: str, *, warn: bool = True) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"download_failed/{reason}")
        if warn:
            logger.warning(
                "Page failed: %(url)s: %(detail)s", {"url": request.url, "detail": detail}
            )


class FailedDownloadMiddleware(_Counted):
    """Sits just inside Scrapy's retry (550), so it sees only what retry gave up on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailedDownloadMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        handled = request.meta.get("handle_httpstatus_list", ())
        if response.status >= 400 and response.status not in handled and not _robots(request):
            tries = request.meta.get("retry_times", 0) + 1
            self.failed(request, f"http_{response.status}", _status(response, tries))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            return  # a decision (robots.txt, offsite), not a fault
        reason = fault_reason(exception)
        tries = request.meta.get("retry_times", 0) + 1
        message = str(exception).strip() or exception.__class__.__name__
        detail = f"{reason}: {message} ({_attempts(tries)})"
        # Scrapy's download handler has already written the size-limit warning.
        self.failed(request, reason, detail, warn=reason != "too_large")
        # Raised as IgnoreRequest, the failure reaches no one who prints a traceback.
        raise IgnoreRequest(detail) from exception


class RedirectLoopMiddleware(_Counted):
    """Sits just outside Scrapy's redirects (600), so it sees each redirect first."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_redirects = crawler.settings.getint("REDIRECT_MAX_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured("REDIRECT_ENABLED is off: no redirect is followed")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location:
            return response
        target = response.urljoin(location.decode("latin-1"))
        seen = [*request.meta.get("redirect_urls", []), request.url]
        if target in seen:
            reason, detail = "redirect_loop", f"redirect loop back to {target}"
        elif len(seen) > self.max_redirects:
            reason, detail = "too_many_redirects", f"more than {self.max_redirects} redirects"
        else:
            return response
        self.failed(request, reason, detail)
        raise IgnoreRequest(detail)


class RetryAfterMiddleware:
    """Waits as long as a ``429``/``503`` asks before Scrapy's retry (550) resends it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is off: nothing is resent, so nothing waits")
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in RETRY_AFTER_STATUSES:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None)
        if wait is None or wait <= 0:
            return response
        if wait > self.max_wait:
            # Waiting longer would stall the crawl; retry gives up sooner and says so.
            request.meta["dont_retry"] = True
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("retry_after/waited_seconds", round(wait))
        await asyncio.sleep(wait)
        return response


def _robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


def _status(response: Response, tries: int) -> str:
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "HTTP error"
    return f"HTTP {response.status} {phrase} ({_attempts(tries)})"


def _attempts(tries: int) -> str:
    return "1 attempt" if tries == 1 else f"{tries} attempts"
