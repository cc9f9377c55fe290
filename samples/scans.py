"""Scanned and photographed twins of text documents, made the way a scanner or a phone makes
them: each page rasterised, turned a little, speckled with noise, JPEG-compressed, and (for a
scan) wrapped in a PDF with no text layer. Deterministic for a given seed."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def _pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))
        ]
    finally:
        document.close()


def _age(page: Image.Image, rotate: float, noise: float, quality: int, seed: int) -> Image.Image:
    """Turn, speckle and JPEG-compress one page image."""
    rng = random.Random(seed)
    turned = page.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = turned.load()
    width, height = turned.size
    for _ in range(int(width * height * noise)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 170, 255))
    softened = turned.filter(ImageFilter.GaussianBlur(0.4))
    out = io.BytesIO()
    softened.save(out, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


def scanned_twin(
    pdf: bytes,
    *,
    dpi: int = 200,
    rotate: float = 1.0,
    noise: float = 0.002,
    quality: int = 60,
    seed: int = 0,
) -> bytes:
    """A PDF of JPEG page images (no text layer) of the text PDF `pdf`."""
    pages = [_age(p, rotate, noise, quality, seed + i) for i, p in enumerate(_pages(pdf, dpi))]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def photo_twin(pdf: bytes, *, image_format: str = "JPEG", dpi: int = 200, seed: int = 0) -> bytes:
    """The first page of `pdf` as a PNG or JPEG file, the way a phone sends it."""
    page = _age(_pages(pdf, dpi)[0], rotate=-0.8, noise=0.002, quality=70, seed=seed)
    out = io.BytesIO()
    page.save(out, format=image_format, **({"quality": 80} if image_format == "JPEG" else {}))
    return out.getvalue()


def blank_scan(*, dpi: int = 200, seed: int = 0) -> bytes:
    """A scanned page with nothing on it but scanner noise."""
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 250)
    aged = _age(page, rotate=0.5, noise=0.001, quality=60, seed=seed)
    out = io.BytesIO()
    aged.save(out, format="PDF", resolution=dpi)
    return out.getvalue()
