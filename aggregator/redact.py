"""Keep database passwords out of logs, including Scrapy's own.

Scrapy logs every overridden setting when a crawl starts, so
``-s DATABASE_URL=postgresql://user:secret@host/db`` would put the password in
the log. A filter on Scrapy's loggers masks any ``scheme://user:password@``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_CREDENTIALS = re.compile(r"(\w[\w+.-]*://[^:/@\s'\"]+:)[^@\s'\"]+@")
#: Loggers whose messages may carry settings or URLs with credentials.
LOGGERS = ("scrapy.crawler", "scrapy.utils.log", "scrapy.core.engine", "aggregator", "pipelines")


def redact(text: str) -> str:
    """Mask the password of every URL in ``text``.

    >>> redact("{'DATABASE_URL': 'postgresql://bob:s3cret@db/reviews'}")
    "{'DATABASE_URL': 'postgresql://bob:***@db/reviews'}"
    """
    return _CREDENTIALS.sub(r"\1***@", text)


class RedactPasswords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = _redact_args(record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def _redact_args(args: Any) -> Any:
    if isinstance(args, dict):
        return {key: redact(str(value)) for key, value in args.items()}
    if isinstance(args, tuple):
        return tuple(redact(str(value)) for value in args)
    return args


def install() -> None:
    """Add the filter to the loggers that can carry credentials (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactPasswords) for f in logger.filters):
            logger.addFilter(RedactPasswords())
