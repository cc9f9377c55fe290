"""Why a file yields no text: one reason code per failure, carried to `resume.failed`."""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "no_text_layer",
    "low_ocr_confidence",
    "encrypted",
    "corrupt",
    "too_large",
    "timeout",
    "empty",
    "unsupported_format",
    "parser_crashed",
]


class ExtractionError(Exception):
    """The file cannot be turned into text; `reason` is the code the tracker shows."""

    def __init__(self, reason: Reason, detail: str = "", pages: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.detail = detail
        self.pages = pages  # a PDF without a text layer: how many pages a scan would have

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[str, str, int | None]]:
        # Raised in a worker process: must survive pickling back to the parent intact.
        return (ExtractionError, (self.reason, self.detail, self.pages))


class NeedsOcr(Exception):
    """The file is a picture of text (a scan, a photo): its text must be recognised, under the
    OCR time limit for `pages` pages, not the text extractor's."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"{pages} page(s) to recognise")
        self.pages = pages

    def __reduce__(self) -> tuple[type[NeedsOcr], tuple[int]]:
        return (NeedsOcr, (self.pages,))
