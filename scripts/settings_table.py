"""Print (or write into README.md) the configuration table generated from `Settings`.

python scripts/settings_table.py          # print the table
python scripts/settings_table.py --write  # replace the table between the README markers
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic_core import PydanticUndefined

from common.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"


def table() -> str:
    """The markdown table: variable, default, meaning."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        factory = field.default_factory
        default = factory() if factory is not None else field.default  # type: ignore[call-arg]
        shown = (
            ""
            if default is PydanticUndefined
            else json.dumps(default)
            if isinstance(default, list)
            else str(default)
        )
        if "secret" in name or "token" in name:
            shown = "(dev placeholder)"
        desc = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{name.upper()}` | `{shown}` | {desc} |")
    return "\n".join(rows)


def readme_with_table(text: str) -> str:
    """README text with the table between the markers replaced."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(readme_with_table(README.read_text()))
    else:
        print(table())
