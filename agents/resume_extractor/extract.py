"""One file → text: sniff the format from the bytes, apply the limits, call its reader.

Pure and synchronous; `pool.py` runs it in a separate process under a time limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.formats import Format, sniff
from agents.resume_extractor.legacy import extract_doc
from agents.resume_extractor.pdf import extract_pdf
from agents.resume_extractor.plain import extract_txt, require_text
from agents.resume_extractor.word import extract_docx

EXTRACTOR_VERSION = "extractor-1.0"


@dataclass(frozen=True)
class Limits:
    """What the extractor accepts before it gives up on a file."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_pages: int = 30
    max_unzipped_bytes: int = 50 * 1024 * 1024
    timeout_s: float = 30.0


@dataclass(frozen=True)
class Extraction:
    """The text of one file, its format and (for PDFs) page count."""

    text: str
    format: Format
    page_count: int | None = None


def extract(data: bytes, limits: Limits) -> Extraction:
    """Turn a resume file into text, or raise `ExtractionError` with a reason code."""
    if not data or not data.strip():
        raise ExtractionError("empty", "the file is empty")
    if len(data) > limits.max_file_bytes:
        raise ExtractionError("too_large", f"{len(data)} bytes (limit {limits.max_file_bytes})")
    kind = sniff(data)
    if kind is None:
        raise ExtractionError("unsupported_format", "not a PDF, DOCX, DOC or text file")
    pages: int | None = None
    if kind == "pdf":
        text, pages = extract_pdf(data, limits.max_pages)
    elif kind == "docx":
        text = extract_docx(data, limits.max_unzipped_bytes)
    elif kind == "doc":
        text = extract_doc(data, limits.timeout_s)
    else:
        text = extract_txt(data)
    return Extraction(require_text(text), kind, pages)
