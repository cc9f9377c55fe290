"""OCR of scanned PDFs and image resumes, with the real Tesseract binary: a scanned twin of a
text resume reads like its text, a blank scan fails clearly, and what OCR may cost is bounded
before any pixel is made."""

from __future__ import annotations

from datetime import date

import pytest

from agents.resume_extractor.errors import ExtractionError, NeedsOcr
from agents.resume_extractor.extract import Limits, extract, extract_by_ocr
from agents.resume_extractor.ocr import MAX_PAGE_PIXELS, OCR_DPI, OcrSettings, page_scale
from agents.resume_extractor.pool import ExtractorPool
from agents.resume_reader.parse import read_resume
from samples.bad import no_text_layer_pdf
from samples.golden import load_golden
from samples.metrics import f1, prf
from samples.scans import blank_scan, photo_twin, scanned_twin
from tests.gateway.samples import png_claiming

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 1)
# Text PDFs of the golden set (one with a sidebar), turned into 200 dpi scans.
TWINS = ["eng-r-piotr-zawadzki", "hc-r-tendai-moyo", "sw-r-marcus-oyelaran"]


@pytest.fixture(scope="module")
def golden_pdfs() -> dict[str, bytes]:
    return {r.id: r.data for r in load_golden().resumes if r.id in TWINS}


@pytest.mark.parametrize("resume_id", TWINS)
def test_a_scanned_twin_reads_like_its_text(golden_pdfs, resume_id):
    text_pdf = golden_pdfs[resume_id]
    scan = scanned_twin(text_pdf, dpi=200, rotate=1.0, quality=60, seed=len(resume_id))
    with pytest.raises(NeedsOcr):
        extract(scan, Limits())  # no text layer: OCR's turn, under its own limit
    read = extract_by_ocr(scan, Limits())
    assert read.ocr and read.format == "pdf" and read.page_count >= 1
    assert read.ocr_confidence is not None and read.ocr_confidence >= 70
    assert read.warnings and "OCR" in read.warnings[0]
    original = read_resume(extract(text_pdf, Limits()).text, TODAY)
    scanned = read_resume(read.text, TODAY)
    skills_f1 = f1(*prf({s.name for s in scanned.skills}, {s.name for s in original.skills}))
    assert skills_f1 >= 0.90, (resume_id, skills_f1)
    assert abs(scanned.total_years_experience - original.total_years_experience) <= 1


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_an_image_resume_is_read(golden_pdfs, image_format):
    text_pdf = golden_pdfs["hc-r-tendai-moyo"]
    photo = photo_twin(text_pdf, image_format=image_format)
    with pytest.raises(NeedsOcr):
        extract(photo, Limits())
    read = extract_by_ocr(photo, Limits())
    assert read.ocr and read.format == image_format.lower() and read.page_count is None
    first_page = extract(text_pdf, Limits()).text.split("\n\n")[0]
    words = {w.lower() for w in first_page.split() if w.isalpha() and len(w) > 4}
    found = {w.lower() for w in read.text.split()}
    assert len(words & found) >= 0.85 * len(words)


@pytest.mark.parametrize("scan", [blank_scan(), no_text_layer_pdf()])
def test_a_blank_or_drawn_page_fails_with_a_clear_reason(scan):
    with pytest.raises(ExtractionError) as failed:
        extract_by_ocr(scan, Limits())
    assert failed.value.reason == "no_text_layer"
    assert "OCR found no readable text" in failed.value.detail


def test_with_ocr_off_a_scan_keeps_its_old_reason(golden_pdfs):
    scan = scanned_twin(golden_pdfs["hc-r-tendai-moyo"])
    for data in (scan, photo_twin(golden_pdfs["hc-r-tendai-moyo"])):
        with pytest.raises(ExtractionError) as failed:
            extract(data, Limits(ocr=None))
        assert failed.value.reason == "no_text_layer"


def test_a_confidence_floor_above_what_was_read_fails_the_resume(golden_pdfs):
    scan = scanned_twin(golden_pdfs["hc-r-tendai-moyo"], noise=0.01, quality=25)
    with pytest.raises(ExtractionError) as failed:
        extract_by_ocr(scan, Limits(ocr=OcrSettings(min_confidence=99.5)))
    assert failed.value.reason == "low_ocr_confidence"
    assert "below 99.5" in failed.value.detail


def test_pages_are_rendered_within_the_pixel_cap():
    assert page_scale(595, 842) == pytest.approx(OCR_DPI / 72)  # A4 at 300 dpi: 8.7 MP
    big = page_scale(2000, 2000)
    assert 2000 * 2000 * big * big <= MAX_PAGE_PIXELS * 1.0001
    for width, height in [(1e6, 1e6), (14400, 1e7)]:
        with pytest.raises(ExtractionError) as failed:
            page_scale(width, height)
        assert failed.value.reason == "too_large"
    with pytest.raises(ExtractionError):
        page_scale(0, 842)


def test_an_image_declaring_too_many_pixels_is_refused_before_decoding():
    settings = OcrSettings(max_image_pixels=40_000_000)
    for width, height in [(9_000, 9_000), (60_000, 60_000)]:  # over ours; over Pillow's too
        with pytest.raises(ExtractionError) as failed:
            extract_by_ocr(png_claiming(width, height), Limits(ocr=settings))
        assert failed.value.reason == "too_large" and "pixels" in failed.value.detail


def test_a_scan_with_more_pages_than_ocr_allows_is_too_large(golden_pdfs):
    scan = scanned_twin(golden_pdfs["eng-r-piotr-zawadzki"], dpi=72)
    with pytest.raises(ExtractionError) as failed:
        extract_by_ocr(scan, Limits(ocr=OcrSettings(max_pages=0)))
    assert failed.value.reason == "too_large"


def test_the_ocr_time_limit_is_pages_times_the_budget_capped():
    limits = Limits(ocr=OcrSettings(page_timeout_s=20), ocr_max_s=50)
    assert limits.ocr_timeout_s(1) == 20
    assert limits.ocr_timeout_s(2) == 40
    assert limits.ocr_timeout_s(30) == 50


async def test_the_pool_reads_a_scan_in_two_steps_and_survives_an_ocr_timeout(golden_pdfs):
    scan = scanned_twin(golden_pdfs["hc-r-tendai-moyo"])
    hurried = ExtractorPool(Limits(ocr=OcrSettings(page_timeout_s=0.05), ocr_max_s=0.05))
    try:
        with pytest.raises(ExtractionError) as failed:
            await hurried.run(scan)
        assert failed.value.reason == "timeout" and "OCR of" in failed.value.detail
        text = await hurried.run(golden_pdfs["hc-r-tendai-moyo"])  # the pool lives on
        assert not text.ocr and text.text
    finally:
        hurried.close()
    pool = ExtractorPool(Limits())
    try:
        read = await pool.run(scan)
        assert read.ocr and read.ocr_confidence and read.warnings
    finally:
        pool.close()
