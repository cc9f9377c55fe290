"""One file → text: sniff the format from the bytes, apply the limits, call its reader.

Pure and synchronous; `pool.py` runs it in a separate process under a time limit. A scan or an
image is not read here: `extract` raises `NeedsOcr` and the pool runs `extract_by_ocr` under the
OCR time limit (pages x a per-page budget, capped).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.resume_extractor.errors import ExtractionError, NeedsOcr
from agents.resume_extractor.formats import IMAGE_FORMATS, Format, sniff
from agents.resume_extractor.legacy import extract_doc
from agents.resume_extractor.ocr import OcrSettings, ocr_images, open_image
from agents.resume_extractor.pdf import extract_pdf, render_pages
from agents.resume_extractor.plain import extract_txt, require_text
from agents.resume_extractor.word import extract_docx

EXTRACTOR_VERSION = "extractor-1.1"


@dataclass(frozen=True)
class Limits:
    """What the extractor accepts before it gives up on a file; `ocr` None turns OCR off."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_pages: int = 30
    max_unzipped_bytes: int = 50 * 1024 * 1024
    timeout_s: float = 30.0
    ocr: OcrSettings | None = field(default_factory=OcrSettings)
    ocr_max_s: float = 120.0

    def ocr_timeout_s(self, pages: int) -> float:
        """The OCR time limit of a file of `pages` pages."""
        budget = self.ocr.page_timeout_s if self.ocr else 0.0
        return min(max(1, pages) * budget, self.ocr_max_s)


@dataclass(frozen=True)
class Extraction:
    """The text of one file, its format, (for PDFs) page count, and whether OCR read it."""

    text: str
    format: Format
    page_count: int | None = None
    ocr: bool = False
    ocr_confidence: float | None = None
    warnings: tuple[str, ...] = ()


def extract(data: bytes, limits: Limits) -> Extraction:
    """Turn a resume file into text, or raise `ExtractionError` with a reason code (or
    `NeedsOcr` for a picture of text when OCR is on)."""
    kind = _checked_kind(data, limits)
    pages: int | None = None
    if kind in IMAGE_FORMATS:
        if limits.ocr is None:
            raise ExtractionError("no_text_layer", "an image resume needs OCR, which is off")
        raise NeedsOcr(1)
    if kind == "pdf":
        try:
            text, pages = extract_pdf(data, limits.max_pages)
        except ExtractionError as exc:
            if exc.reason != "no_text_layer" or limits.ocr is None or exc.pages is None:
                raise
            raise NeedsOcr(exc.pages) from None
    elif kind == "docx":
        text = extract_docx(data, limits.max_unzipped_bytes)
    elif kind == "doc":
        text = extract_doc(data, limits.timeout_s)
    else:
        text = extract_txt(data)
    return Extraction(require_text(text), kind, pages)


def extract_any(data: bytes, limits: Limits) -> Extraction:
    """`extract`, and OCR when it says so, in this process and without a time limit: for
    evaluation and tools that read trusted files (the agents use `ExtractorPool`)."""
    try:
        return extract(data, limits)
    except NeedsOcr:
        return extract_by_ocr(data, limits)


def extract_by_ocr(data: bytes, limits: Limits) -> Extraction:
    """The text of a scanned PDF or an image resume, recognised by OCR."""
    settings = limits.ocr
    if settings is None:
        raise ExtractionError("no_text_layer", "the file has no text layer and OCR is off")
    kind = _checked_kind(data, limits)
    if kind in IMAGE_FORMATS:
        images, pages = [open_image(data, settings)], None
    elif kind == "pdf":
        images = render_pages(data, settings.max_pages)
        pages = len(images)
    else:
        raise ExtractionError("unsupported_format", f"OCR reads scans and images, not {kind}")
    found = ocr_images(images, settings)
    warning = (
        f"read by OCR from {'an image' if pages is None else f'{pages} scanned page(s)'}: mean "
        f"word confidence {found.confidence:.0f} of 100; check names, dates and figures"
    )
    return Extraction(
        require_text(found.text),
        kind,
        pages,
        ocr=True,
        ocr_confidence=found.confidence,
        warnings=(warning,),
    )


def _checked_kind(data: bytes, limits: Limits) -> Format:
    if not data or not data.strip():
        raise ExtractionError("empty", "the file is empty")
    if len(data) > limits.max_file_bytes:
        raise ExtractionError("too_large", f"{len(data)} bytes (limit {limits.max_file_bytes})")
    kind = sniff(data)
    if kind is None:
        raise ExtractionError("unsupported_format", "not a PDF, DOCX, DOC, text or image file")
    return kind
