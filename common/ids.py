"""Identifiers: workflow ids the frontend can parse, and unique message ids."""

from __future__ import annotations

import re
import secrets
import uuid

from common.timeutil import epoch_ms, from_epoch_ms

WORKFLOW_ID_RE = re.compile(r"^WF-(\d{13})-([0-9a-z]{10})$")


def new_workflow_id() -> str:
    """`WF-<epoch ms>-<10 random base-36 chars>`: sortable by start, collision-free in practice.

    The frontend reads the leading number as the start time. 36**10 ≈ 3.7e15 random values per
    millisecond make a collision between two gateway replicas negligible; the tracker's unique
    index on `workflow_id` is the final guard.
    """
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    suffix = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"WF-{epoch_ms()}-{suffix}"


def is_workflow_id(value: str) -> bool:
    """True when `value` has the `WF-<epoch ms>-<random>` form."""
    return bool(WORKFLOW_ID_RE.match(value))


def workflow_started_ms(workflow_id: str) -> int | None:
    """The epoch milliseconds embedded in a workflow id (None when it is not one)."""
    match = WORKFLOW_ID_RE.match(workflow_id)
    return int(match.group(1)) if match else None


def workflow_started_at(workflow_id: str):
    """The start time embedded in a workflow id, as a UTC datetime (None when not one)."""
    ms = workflow_started_ms(workflow_id)
    return from_epoch_ms(ms) if ms is not None else None


def new_message_id() -> str:
    """A unique message id (uuid4, hex)."""
    return uuid.uuid4().hex
