"""The console's templates, their filters, and HTML error pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from common.timeutil import ensure_utc

HERE = Path(__file__).parent
DASH = "\u2013"  # what a page shows for a value not known yet
templates = Jinja2Templates(directory=HERE / "templates")


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 string or datetime → an aware UTC datetime (None for nothing usable)."""
    if isinstance(value, datetime):
        return ensure_utc(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return ensure_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def when(value: Any) -> Markup:
    """A `<time>` in UTC; the console's script shows it in the browser's zone, UTC on hover."""
    moment = parse_time(value)
    if moment is None:
        return Markup(f"<span class=muted>{DASH}</span>")
    iso = moment.isoformat().replace("+00:00", "Z")
    shown = moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return Markup(f'<time datetime="{escape(iso)}" title="{escape(shown)}">{escape(shown)}</time>')


def duration(ms: Any) -> str:
    """Milliseconds as people read them: 850 ms, 4.2 s, 3 min 05 s, 2 h 10 min."""
    if not isinstance(ms, int | float):
        return DASH
    if ms < 1000:
        return f"{ms:.0f} ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, sec = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {sec:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def elapsed_ms(start: Any, end: Any) -> float | None:
    """Milliseconds between two times (None unless both are known)."""
    a, b = parse_time(start), parse_time(end)
    if a is None or b is None:
        return None
    return max(0.0, (b - a).total_seconds() * 1000)


templates.env.filters["when"] = when
templates.env.filters["duration"] = duration
templates.env.globals["elapsed_ms"] = elapsed_ms


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a console template (every page gets `request` and `session`)."""
    values = {"session": None, "notice": None, **context}
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def error_page(
    request: Request, status_code: int, detail: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An error as a console page: the status, what is wrong, and a way back."""
    response = page(
        request, "error.html", {"status_code": status_code, "detail": detail}, status_code
    )
    for key, value in (headers or {}).items():
        if key.lower() != "www-authenticate":
            response.headers[key] = value
    return response
