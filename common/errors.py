"""The error tree every service shares.

    HrflowError
    ├── TransientError          retry later with backoff (broker/database hiccup, JD not parsed yet)
    │   └── Retry               ask explicitly for a retry, optionally after `delay_s`
    ├── PermanentError          never retry: the message goes to its dead-letter queue
    │   ├── DecodeError         the message cannot be decoded into a known schema
    │   └── Conflict            a unique constraint refused the write
    └── NotFound                a record the caller asked for does not exist (HTTP 404)

Library errors are mapped at the boundary (`common.db.map_mongo_errors`, the broker runtime),
so handlers and routes only see these classes.
"""

from __future__ import annotations


class HrflowError(Exception):
    """Base of every hrflow error."""

    reason: str = "error"

    def __init__(self, message: str = "", *, reason: str | None = None) -> None:
        super().__init__(message or self.__class__.__name__)
        if reason is not None:
            self.reason = reason


class TransientError(HrflowError):
    """A fault that may pass: the message is retried after a delay."""

    reason = "transient"


class Retry(TransientError):
    """Raised by a handler to be called again later (`delay_s` overrides the backoff tier)."""

    reason = "retry"

    def __init__(self, message: str = "", *, delay_s: float | None = None) -> None:
        super().__init__(message)
        self.delay_s = delay_s


class PermanentError(HrflowError):
    """A fault that will not pass: the message is dead-lettered with this error."""

    reason = "permanent"


class DecodeError(PermanentError):
    """A message body or type that no schema accepts."""

    reason = "undecodable"


class Conflict(PermanentError):
    """A unique index refused the write (e.g. a duplicate id)."""

    reason = "conflict"


class NotFound(HrflowError):
    """The requested record does not exist (or is not the caller's)."""

    reason = "not_found"
