"""UTC time helpers: every datetime hrflow produces carries a time zone."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, zone-aware."""
    return datetime.now(UTC)


def ensure_utc(value: datetime) -> datetime:
    """Return `value` in UTC; a naive value is taken to be UTC already (as Mongo stores it)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 with a `Z` zone, e.g. `2026-11-26T10:05:30.123Z`; None stays None."""
    if value is None:
        return None
    text = ensure_utc(value).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def epoch_ms(value: datetime | None = None) -> int:
    """Milliseconds since the epoch (of `value`, or now)."""
    return int(ensure_utc(value or utcnow()).timestamp() * 1000)


def from_epoch_ms(ms: int) -> datetime:
    """The UTC datetime of an epoch-milliseconds number."""
    return datetime.fromtimestamp(ms / 1000, UTC)
