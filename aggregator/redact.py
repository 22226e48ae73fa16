"""Keep database passwords out of logs, including Scrapy's own.

Scrapy logs every overridden setting when a crawl starts, so
``-s DATABASE_URL=postgresql://user:secret@host/db`` would put the password in
the log. The mask is a *handler* filter: a filter on a logger sees only the
records created on that very logger, never its children's, while a handler
sees every record that is written, whatever the logger and level.
"""

from __future__ import annotations

import logging
import re
import traceback

# The scheme is optional: error messages often quote only the URL's authority
# ("host not found: user:password@host"); without one, the user must start a word.
_CREDENTIALS = re.compile(
    r"(\w[\w+.-]*://[^:/@\s'\"]+:)[^@\s'\"]+@"
    r"|((?:^|(?<=[\s'\"(<\[=,]))[^:/@\s'\"<>()\[\]]+:)[^:/@\s'\"]+@"
)


def redact(text: str) -> str:
    """Mask the password of every URL in ``text``.

    >>> redact("{'DATABASE_URL': 'postgresql://bob:s3cret@db/reviews'}")
    "{'DATABASE_URL': 'postgresql://bob:***@db/reviews'}"
    >>> redact("lookup failed: bob:s3cret@db.example")
    'lookup failed: bob:***@db.example'
    >>> redact("no credentials in https://example.com/a:b@c 12:30 a@b")
    'no credentials in https://example.com/a:b@c 12:30 a@b'
    """
    return _CREDENTIALS.sub(lambda match: f"{match.group(1) or match.group(2)}***@", text)


class RedactPasswords(logging.Filter):
    """Masks credentials in the finished message and traceback of a record.

    The message is formatted first (``%d`` still gets its number) and the
    masked text replaces it, so no handler can format the raw arguments again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "credentials_masked", False):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A broken format string: leave it to logging's own error report.
            return True
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)))
            record.exc_text = record.exc_text.rstrip("\n")
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.credentials_masked = True
        return True


def _has_filter(handler: logging.Handler) -> bool:
    return any(isinstance(f, RedactPasswords) for f in handler.filters)


def protect(handler: logging.Handler) -> logging.Handler:
    """Add the mask to ``handler`` (idempotent)."""
    if not _has_filter(handler):
        handler.addFilter(RedactPasswords())
    return handler


def install() -> None:
    """Mask credentials on every handler of the root logger, now and later.

    Scrapy replaces its root handler several times while a crawler starts
    (once per settings change), so adding the filter once is not enough: every
    handler added to the root logger from now on gets it too.
    """
    root = logging.getLogger()
    for handler in root.handlers:
        protect(handler)
    if getattr(root.addHandler, "masks_credentials", False):
        return
    add_handler = root.addHandler

    def add_protected(handler: logging.Handler) -> None:
        add_handler(protect(handler))

    add_protected.masks_credentials = True  # type: ignore[attr-defined]
    root.addHandler = add_protected  # type: ignore[method-assign,assignment]
