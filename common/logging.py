"""Structured logs: one JSON object per line, carrying the current `workflow_id`.

`log_context(workflow_id=..., message_id=...)` binds fields for the code that runs inside it
(contextvars, so concurrent handlers do not mix their fields).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

from common.timeutil import isoformat, utcnow

_fields: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("log_fields")
_NO_FIELDS: dict[str, Any] = {}


@contextlib.contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Bind `fields` to every log record emitted inside the block."""
    token = _fields.set(
        {**_fields.get(_NO_FIELDS), **{k: v for k, v in fields.items() if v is not None}}
    )
    try:
        yield
    finally:
        _fields.reset(token)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line with time, level, logger, message and bound fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": isoformat(utcnow()),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **_fields.get(_NO_FIELDS),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            entry.update(extra)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable lines for a terminal, with the bound fields appended."""

    def format(self, record: logging.LogRecord) -> str:
        fields = {**_fields.get(_NO_FIELDS), **(getattr(record, "fields", None) or {})}
        suffix = " ".join(f"{k}={v}" for k, v in fields.items())
        line = f"{record.levelname[0]} {record.name}: {record.getMessage()}"
        if suffix:
            line = f"{line} [{suffix}]"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def configure_logging(level: str = "INFO", *, json_lines: bool = True) -> None:
    """Route the root logger to stderr in JSON (or text) at `level`; quiet chatty libraries."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiormq", "aio_pika", "pymongo", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
