"""Days as the console's filters write them (`YYYY-MM-DD`) and as the tracker's `from`/`to`
take them (UTC midnight; `to` exclusive, so the last day is included)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import HTTPException, status


def parse_day(value: str | None, name: str) -> date | None:
    """A filter's day, None when empty; 422 naming the field when it is not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)",
        ) from None


def tracker_span(first: date | None, last: date | None) -> dict[str, Any]:
    """The tracker's `from`/`to` for the days `first`..`last`, both included."""

    def midnight(day: date) -> str:
        return datetime.combine(day, time(), UTC).isoformat()

    return {
        "from": midnight(first) if first else None,
        "to": midnight(last + timedelta(days=1)) if last else None,
    }
