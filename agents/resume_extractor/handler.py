"""Consumes `resume.submitted`; emits `resume.extracted` or `resume.failed` (stage
resume-extractor). Output is cached by (file sha256, extractor version) in `extracted_texts`.
Consumes `resume.deleted`: forgets the texts extracted from that file (every version)."""

from __future__ import annotations

import time

from agents.failures import resume_failed
from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.extract import EXTRACTOR_VERSION, Limits
from agents.resume_extractor.ocr import OcrSettings
from agents.resume_extractor.pool import ExtractorPool
from agents.store import KeyedCache, derived_id, sha256_text
from common.broker import Context
from common.errors import NotFound
from common.messages import ResumeDeleted, ResumeExtracted, ResumeSubmitted
from common.settings import Settings
from common.timeutil import utcnow

COLLECTION = "extracted_texts"


def limits_from(settings: Settings) -> Limits:
    """The extractor limits the settings configure."""
    ocr = (
        OcrSettings(
            languages=settings.extractor_ocr_languages,
            min_confidence=settings.extractor_ocr_min_confidence,
            max_pages=settings.extractor_ocr_max_pages,
            max_image_pixels=settings.extractor_image_max_pixels,
            page_timeout_s=settings.extractor_ocr_page_timeout_s,
        )
        if settings.extractor_ocr
        else None
    )
    return Limits(
        max_file_bytes=settings.extractor_max_file_bytes,
        max_pages=settings.extractor_max_pages,
        max_unzipped_bytes=settings.extractor_max_unzipped_bytes,
        timeout_s=settings.extractor_timeout_s,
        ocr=ocr,
        ocr_max_s=settings.extractor_ocr_max_s,
    )


async def startup(ctx: Context) -> None:
    """Open the extraction process pool and the cache."""
    s = ctx.settings
    ctx.state["pool"] = ExtractorPool(
        limits_from(s), s.extractor_pool_workers, s.extractor_max_memory_bytes
    )
    ctx.state["cache"] = KeyedCache(ctx.mongo, COLLECTION)


async def shutdown(ctx: Context) -> None:
    """Stop the pool's processes."""
    pool = ctx.state.get("pool")
    if pool is not None:
        pool.close()


async def handle(msg: ResumeSubmitted, ctx: Context) -> None:
    """Extract (or reuse) the text of one resume file and announce the outcome."""
    started, t0 = utcnow(), time.perf_counter()
    cache: KeyedCache = ctx.state["cache"]
    key = f"{msg.file.sha256}:{EXTRACTOR_VERSION}"
    doc = None if msg.force_reprocess else await cache.get(key)
    cached = doc is not None
    if doc is None:
        doc = await _extract(msg, ctx)
        if doc["reason"] not in ("file_missing", "parser_crashed"):
            # A timeout is remembered too: the same bytes would cost the full limit again on
            # every redelivery (force_reprocess tries again).
            await cache.put(key, doc)
    duration_ms = (time.perf_counter() - t0) * 1000
    if doc["status"] == "ok":
        await ctx.publish(
            ResumeExtracted(
                message_id=derived_id(msg.message_id, "extracted"),
                workflow_id=msg.workflow_id,
                resume_id=msg.resume_id,
                text=doc["text"],
                text_sha256=doc["text_sha256"],
                page_count=doc.get("page_count"),
                ocr=bool(doc.get("ocr")),
                ocr_confidence=doc.get("ocr_confidence"),
                warnings=list(doc.get("warnings") or []),
                force_reprocess=msg.force_reprocess,
                started_at=started,
                duration_ms=duration_ms,
                agent_version=EXTRACTOR_VERSION,
                cached=cached,
            )
        )
    else:
        await ctx.publish(
            resume_failed(
                msg, "resume-extractor", doc["reason"], doc.get("detail", ""), started, duration_ms
            )
        )


async def _extract(msg: ResumeSubmitted, ctx: Context) -> dict:
    try:
        data = await ctx.files.read(msg.file.file_id)
    except NotFound as exc:
        return {"status": "failed", "reason": "file_missing", "detail": str(exc)}
    pool: ExtractorPool = ctx.state["pool"]
    try:
        result = await pool.run(data)
    except ExtractionError as exc:
        return {
            "status": "failed",
            "reason": exc.reason,
            "detail": exc.detail,
            "sha256": msg.file.sha256,
        }
    return {
        "status": "ok",
        "reason": None,
        "text": result.text,
        "format": result.format,
        "page_count": result.page_count,
        "ocr": result.ocr,
        "ocr_confidence": result.ocr_confidence,
        "warnings": list(result.warnings),
        "text_sha256": sha256_text(result.text),
        "sha256": msg.file.sha256,
        "extractor_version": EXTRACTOR_VERSION,
    }


async def forget(msg: ResumeDeleted, ctx: Context) -> None:
    """The resume was deleted: drop the texts extracted from its file (a later upload of the
    same bytes by anyone is simply extracted again)."""
    cache: KeyedCache = ctx.state["cache"]
    await cache.forget_prefix(f"{msg.file_sha256}:")
