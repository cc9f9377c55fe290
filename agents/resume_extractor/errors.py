"""Why a file yields no text: one reason code per failure, carried to `resume.failed`."""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "no_text_layer", "encrypted", "corrupt", "too_large", "timeout", "empty", "unsupported_format"
]


class ExtractionError(Exception):
    """The file cannot be turned into text; `reason` is the code the tracker shows."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[str, str]]:
        # Raised in a worker process: must survive pickling back to the parent intact.
        return (ExtractionError, (self.reason, self.detail))
