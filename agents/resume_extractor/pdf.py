"""PDF text through PDFium (pypdfium2, Apache-2.0/BSD): fast, and tolerant of damaged files.

Single-column pages are read in content order. Pages laid out in two columns (a sidebar with
contact and skills beside the work history, say) are read column by column, so a sentence never
interleaves with the text beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.ocr import page_scale

MIN_TEXT_CHARS = 20


@dataclass(frozen=True)
class Segment:
    """A run of text on one line, with its box in PDF points (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str


def extract_pdf(data: bytes, max_pages: int) -> tuple[str, int]:
    """(text, page count) of a PDF, or an `ExtractionError` with the reason it has none."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError("encrypted", "the PDF is password-protected") from None
        raise ExtractionError("corrupt", f"PDF cannot be opened: {exc}") from None
    try:
        pages = len(document)
        if pages == 0:
            raise ExtractionError("corrupt", "the PDF has no pages")
        if pages > max_pages:
            raise ExtractionError("too_large", f"{pages} pages (limit {max_pages})")
        texts = [_page_text(document[i]) for i in range(pages)]
    finally:
        document.close()
    text = "\n\n".join(t.strip("\n") for t in texts)
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        raise ExtractionError(
            "no_text_layer", "the PDF has no text layer (scanned image?)", pages=pages
        )
    return text, pages


def render_pages(data: bytes, max_pages: int) -> list[Image.Image]:
    """Each page as a grayscale image for OCR, at 300 dpi or the lower resolution that keeps
    it within the pixel cap (`ocr.page_scale`); `too_large` beyond `max_pages` pages."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError("corrupt", f"PDF cannot be opened: {exc}") from None
    try:
        pages = len(document)
        if pages > max_pages:
            raise ExtractionError("too_large", f"{pages} scanned pages (OCR limit {max_pages})")
        images = []
        for i in range(pages):
            page = document[i]
            try:
                scale = page_scale(page.get_width(), page.get_height())
                images.append(page.render(scale=scale, grayscale=True).to_pil())
            finally:
                page.close()
        return images
    finally:
        document.close()


def _page_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        segments = [
            Segment(*rect, textpage.get_text_bounded(*rect))
            for rect in (textpage.get_rect(i) for i in range(textpage.count_rects()))
        ]
        gutter = find_gutter(segments, page.get_width())
        if gutter is None:
            return _clean(textpage.get_text_range())
        return _clean(read_columns(segments, gutter))
    finally:
        textpage.close()
        page.close()


MAX_GUTTER_CANDIDATES = 400


def gutter_candidates(width: float) -> list[float]:
    """The x positions tried for a gutter: every 4 pt across the middle 70% of the page, and
    never more than `MAX_GUTTER_CANDIDATES` (a crafted page box a million points wide costs
    what a normal page does, not the extraction timeout)."""
    if not 0 < width < float("inf"):
        return []
    span = width * 0.7
    step = max(4.0, span / MAX_GUTTER_CANDIDATES)
    count = int(span // step) + 1
    return [width * 0.15 + i * step for i in range(min(count, MAX_GUTTER_CANDIDATES + 1))]


def find_gutter(segments: list[Segment], width: float) -> float | None:
    """The x of a column gutter, or None for a single-column page.

    A gutter is an x (in the middle 70% of the page) that few segments cross, with real text on
    both sides, where the right-hand text starts at one aligned left edge. That last test keeps
    right-aligned dates on a one-column page from being taken for a second column.
    """
    if len(segments) < 8:
        return None
    best: tuple[int, float] | None = None
    for x in gutter_candidates(width):
        crossing = sum(1 for s in segments if s.left < x < s.right)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None:
        return None
    crossing, gutter = best
    left = [s for s in segments if s.right <= gutter]
    right = [s for s in segments if s.left >= gutter]
    if crossing > len(segments) * 0.2 or len(left) < 3 or len(right) < 3:
        return None
    edge = min(s.left for s in right)
    aligned = sum(1 for s in right if s.left - edge < 6.0)
    right_chars = sum(len(s.text) for s in right)
    total_chars = sum(len(s.text) for s in segments) or 1
    if aligned < len(right) * 0.6 or right_chars < total_chars * 0.25:
        return None
    return gutter


def read_columns(segments: list[Segment], gutter: float) -> str:
    """Text of a two-column page: full-width lines split it into bands; each band is read
    left column first, then right column."""
    ordered = sorted(segments, key=lambda s: (-s.top, s.left))
    lines: list[str] = []
    band_left: list[Segment] = []
    band_right: list[Segment] = []

    def flush() -> None:
        lines.extend(_lines(band_left))
        lines.extend(_lines(band_right))
        band_left.clear()
        band_right.clear()

    for segment in ordered:
        if segment.left < gutter < segment.right:
            flush()
            lines.append(segment.text)
        elif segment.right <= gutter:
            band_left.append(segment)
        else:
            band_right.append(segment)
    flush()
    return "\n".join(lines)


def _lines(segments: list[Segment]) -> list[str]:
    rows: list[list[Segment]] = []
    for segment in sorted(segments, key=lambda s: (-s.top, s.left)):
        if rows and abs(rows[-1][0].top - segment.top) < 3.0:
            rows[-1].append(segment)
        else:
            rows.append([segment])
    return [" ".join(s.text for s in sorted(row, key=lambda s: s.left)) for row in rows]


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x00", "")
