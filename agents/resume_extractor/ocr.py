"""Text out of pictures of text: scanned PDF pages and PNG/JPEG resumes, through Tesseract
(Debian's `tesseract-ocr`, called by `pytesseract`).

Runs inside the extractor's child process, like every parser. What it costs is bounded before
any pixel is made: the number of pages, and each page's pixel area (a page box a million points
wide is rendered at the resolution that fits the area cap, not at 300 dpi), and the caller
gives the whole OCR its own time limit (pages x a per-page budget, capped).
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageOps

from agents.resume_extractor.errors import ExtractionError

# Tesseract reads best at about 300 dpi; a page is never rendered larger than MAX_PAGE_PIXELS.
OCR_DPI = 300
MAX_PAGE_PIXELS = 12_000_000
# Below this a page is too coarse to read (a crafted page box scaled down to fit the cap).
MIN_DPI = 70
MIN_TEXT_CHARS = 20
# A word read with less confidence than this, or with fewer than two letters or digits, is a
# guess (a speck, a rule line), not text.
READABLE_CONFIDENCE = 40.0


@dataclass(frozen=True)
class OcrSettings:
    """How OCR runs: languages (Tesseract codes joined by '+'), the confidence floor (0-100)
    below which a resume fails rather than being guessed at, pages and pixels allowed."""

    languages: str = "eng"
    min_confidence: float = 55.0
    max_pages: int = 10
    max_image_pixels: int = 40_000_000
    page_timeout_s: float = 20.0


@dataclass
class OcrText:
    """What OCR read: the text, the mean word confidence (0-100) and the pages read."""

    text: str
    confidence: float
    pages: int


def ocr_images(images: list[Image.Image], settings: OcrSettings) -> OcrText:
    """Recognise each page image; fail with `no_text_layer` when nothing readable is there and
    with `low_ocr_confidence` when what is there is mostly guessed."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per page: the pool scales out
    texts: list[str] = []
    confidences: list[float] = []
    readable = 0
    for image in images:
        text, page_conf, page_readable = _recognise(image, settings)
        texts.append(text)
        confidences += page_conf
        readable += page_readable
    text = "\n\n".join(t for t in texts if t.strip())
    if readable < MIN_TEXT_CHARS or not confidences:
        # A blank page, or specks and lines that OCR only guesses at.
        raise ExtractionError("no_text_layer", "no text layer, and OCR found no readable text")
    mean = sum(confidences) / len(confidences)
    if mean < settings.min_confidence:
        raise ExtractionError(
            "low_ocr_confidence",
            f"OCR mean word confidence {mean:.0f} is below {settings.min_confidence:g}",
        )
    return OcrText(text, round(mean, 1), len(images))


def _recognise(image: Image.Image, settings: OcrSettings) -> tuple[str, list[float], int]:
    """(text in reading order, each word's confidence, characters read with some confidence)."""
    gray = ImageOps.grayscale(image)
    data = pytesseract.image_to_data(
        gray,
        lang=settings.languages,
        config="--psm 3",
        output_type=pytesseract.Output.DICT,
        timeout=settings.page_timeout_s,
    )
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    readable = 0
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not word.strip() or conf < 0:
            continue
        letters = sum(ch.isalnum() for ch in word)
        if conf >= READABLE_CONFIDENCE and letters >= 2:
            readable += letters  # specks read as '.', '|' or '7' are not text
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        confidences.append(conf)
    out: list[str] = []
    last_block = None
    for (block, _, _), words in lines.items():
        if last_block is not None and block != last_block:
            out.append("")
        out.append(" ".join(words))
        last_block = block
    return "\n".join(out), confidences, readable


def page_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per PDF point for a page: 300 dpi, or less to keep within `MAX_PAGE_PIXELS`;
    `too_large` when the page box is so large that the scale would leave it unreadable."""
    if not (0 < width_pt < math.inf and 0 < height_pt < math.inf):
        raise ExtractionError("corrupt", "a page has no usable size")
    scale = OCR_DPI / 72
    area = width_pt * height_pt * scale * scale
    if area > MAX_PAGE_PIXELS:
        scale = math.sqrt(MAX_PAGE_PIXELS / (width_pt * height_pt))
    if scale * 72 < MIN_DPI:
        raise ExtractionError(
            "too_large", f"a page of {width_pt:.0f} x {height_pt:.0f} pt is too large to read"
        )
    return scale


def open_image(data: bytes, settings: OcrSettings) -> Image.Image:
    """A PNG or JPEG resume, its size checked from the header before any pixel is decoded."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ExtractionError(
            "too_large",
            f"the image declares more pixels than allowed ({settings.max_image_pixels})",
        ) from None
    except OSError as exc:
        raise ExtractionError("corrupt", f"the image cannot be opened: {exc}") from None
    width, height = image.size
    if width * height > settings.max_image_pixels:
        raise ExtractionError(
            "too_large", f"{width} x {height} pixels (limit {settings.max_image_pixels})"
        )
    try:
        image.load()
    except (OSError, Image.DecompressionBombError) as exc:
        raise ExtractionError("corrupt", f"the image is damaged: {exc}") from None
    return ImageOps.exif_transpose(image) or image
