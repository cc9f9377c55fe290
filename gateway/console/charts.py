"""Inline SVG charts drawn from numbers: bars, grouped bars, horizontal bars and a timeline.

Every chart is an `<svg role="img">` with a `<title>` (its accessible name) and a `<title>` per
mark (the exact figure on hover); colours come from the console's stylesheet classes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

WIDTH = 720
BAR_AREA = 160
LEFT = 48
BOTTOM = 36


def _scale(value: float) -> tuple[float, float]:
    """(axis top, tick step): a 1-2-5 step giving at most about five ticks up to `value`."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    return math.ceil(value / step - 1e-9) * step, step


def _svg(height: int, label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class=chart role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(label)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _axis(top: float, step: float, unit: str) -> list[str]:
    parts = []
    for i in range(round(top / step) + 1):
        value = step * i
        y = BAR_AREA + 10 - BAR_AREA * value / top
        parts.append(f'<line class=grid x1="{LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class=tick x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_short(value))}{escape(unit)}</text>"
        )
    return parts


def _short(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


@dataclass(frozen=True)
class Series:
    """One named row of values, drawn in the stylesheet's `series-<index>` colour."""

    name: str
    values: Sequence[float | None]


def bars(label: str, categories: Sequence[str], series: Sequence[Series], unit: str = "") -> Markup:
    """Vertical bars per category, one bar per series side by side, with a legend."""
    top, step = _scale(max((v or 0 for s in series for v in s.values), default=0))
    slot = (WIDTH - LEFT) / max(1, len(categories))
    bar = max(2.0, min(40.0, slot * 0.8 / max(1, len(series))))
    body = _axis(top, step, unit)
    for c, category in enumerate(categories):
        x0 = LEFT + c * slot + (slot - bar * len(series)) / 2
        for s, one in enumerate(series):
            value = one.values[c] or 0
            h = BAR_AREA * value / top
            y = BAR_AREA + 10 - h
            body.append(
                f'<rect class="series-{s}" x="{x0 + s * bar:.1f}" y="{y:.1f}" '
                f'width="{bar - 1:.1f}" height="{h:.1f}"><title>{escape(category)} · '
                f"{escape(one.name)}: {escape(_short(value))}{escape(unit)}</title></rect>"
            )
        if len(categories) <= 16 or c % max(1, len(categories) // 12) == 0:
            body.append(
                f'<text class=tick x="{LEFT + c * slot + slot / 2:.1f}" y="{BAR_AREA + 26}" '
                f'text-anchor="middle">{escape(category[:12])}</text>'
            )
    body += _legend(series, BAR_AREA + BOTTOM + 4)
    return _svg(BAR_AREA + BOTTOM + 20, label, body)


def _legend(series: Sequence[Series], y: float) -> list[str]:
    parts, x = [], LEFT
    for s, one in enumerate(series):
        parts.append(f'<rect class="series-{s}" x="{x}" y="{y - 9}" width="10" height="10"/>')
        parts.append(f'<text class=tick x="{x + 14}" y="{y}">{escape(one.name)}</text>')
        x += 24 + 7 * len(one.name)
    return parts


def hbars(label: str, items: Sequence[tuple[str, float]], unit: str = "") -> Markup:
    """Horizontal bars, one row per item (largest first is the caller's order)."""
    if not items:
        return Markup("")
    row, name_width = 22, 220
    top, _ = _scale(max(v for _, v in items))
    span = WIDTH - name_width - 60
    body = []
    for i, (name, value) in enumerate(items):
        y = 6 + i * row
        w = span * value / top
        body.append(
            f'<text class=tick x="{name_width - 8}" y="{y + 13}" text-anchor="end">'
            f"{escape(name[:34])}</text>"
        )
        body.append(
            f'<rect class="series-2" x="{name_width}" y="{y}" width="{w:.1f}" height="{row - 6}">'
            f"<title>{escape(name)}: {escape(_short(value))}{escape(unit)}</title></rect>"
        )
        body.append(
            f'<text class=tick x="{name_width + w + 6:.1f}" y="{y + 13}">'
            f"{escape(_short(value))}{escape(unit)}</text>"
        )
    return _svg(12 + row * len(items), label, body)


@dataclass(frozen=True)
class Span:
    """One row of a timeline: from `start` to `end` (None: still going at `now`)."""

    name: str
    status: str
    start: datetime | None
    end: datetime | None
    note: str = ""


def timeline(label: str, spans: Sequence[Span], origin: datetime, now: datetime) -> Markup:
    """A Gantt chart: one bar per span, on a shared time axis from `origin`."""
    row, name_width = 30, 150
    running = any(s.end is None for s in spans)
    last = now if running else max([origin, *(s.end for s in spans if s.end)])
    total = max(0.001, (last - origin).total_seconds())
    span_px = WIDTH - name_width - 20
    body = []
    for i in range(5):
        x = name_width + span_px * i / 4
        body.append(f'<line class=grid x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{row * len(spans)}"/>')
        body.append(
            f'<text class=tick x="{x:.1f}" y="{row * len(spans) + 16}" text-anchor="middle">'
            f"+{escape(_short(total * i / 4))} s</text>"
        )
    for i, s in enumerate(spans):
        y = i * row + 6
        body.append(
            f'<text class=tick x="{name_width - 8}" y="{y + 13}" text-anchor="end">'
            f"{escape(s.name)}</text>"
        )
        if s.start is None:
            continue
        x0 = name_width + span_px * max(0.0, (s.start - origin).total_seconds()) / total
        x1 = name_width + span_px * max(0.0, ((s.end or now) - origin).total_seconds()) / total
        seconds = ((s.end or now) - s.start).total_seconds()
        body.append(
            f'<rect class="state-{escape(s.status)}" x="{x0:.1f}" y="{y}" '
            f'width="{max(2.0, x1 - x0):.1f}" height="{row - 12}"><title>{escape(s.name)}: '
            f"{escape(s.status)}, {seconds:.1f} s{escape(s.note)}</title></rect>"
        )
    return _svg(row * len(spans) + 24, label, body)
