"""Decoding: bytes off the wire → the one message class its `type` names, or `DecodeError`."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from common.errors import DecodeError
from common.messages.base import SCHEMA_VERSION, Message
from common.messages.events import ALL_MESSAGES

MESSAGE_TYPES: dict[str, type[Message]] = {cls.TYPE: cls for cls in ALL_MESSAGES}
MAX_BODY_BYTES = 16 * 1024 * 1024


def decode(body: bytes, routing_key: str | None = None) -> Message:
    """Parse and validate a message body; every failure is a `DecodeError` saying why."""
    if len(body) > MAX_BODY_BYTES:
        raise DecodeError(f"message body of {len(body)} bytes exceeds {MAX_BODY_BYTES}")
    data = _json_object(body)
    kind = data.get("type") or routing_key
    cls = MESSAGE_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DecodeError(f"unknown message type {kind!r}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
        raise DecodeError(
            f"unsupported schema_version {version!r} (this code reads 1..{SCHEMA_VERSION})"
        )
    try:
        return cls.model_validate({**data, "type": kind})
    except ValidationError as exc:
        raise DecodeError(f"invalid {kind}: {_summarise(exc)}") from exc


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecodeError(f"body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise DecodeError(f"body is JSON {type(data).__name__}, expected an object")
    return data


def _summarise(exc: ValidationError) -> str:
    parts = [f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors()[:5]]
    return "; ".join(parts)
