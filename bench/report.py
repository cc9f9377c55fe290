"""Writing benchmark tables to `bench/results/` (markdown, with the date and machine)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from common.timeutil import isoformat, utcnow

RESULTS = Path(__file__).resolve().parent / "results"


def write_table(
    name: str,
    title: str,
    header: list[str],
    rows: list[list[object]],
    notes: list[str] | None = None,
) -> Path:
    """Write one markdown table (and print it); returns the file path."""
    RESULTS.mkdir(exist_ok=True)
    lines = [
        f"# {title}",
        "",
        f"_{isoformat(utcnow())} · {platform.node()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}_",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    lines += ["", *[f"- {n}" for n in notes or []]]
    path = RESULTS / name
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return path
