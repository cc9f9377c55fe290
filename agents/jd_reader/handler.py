"""Consumes `workflow.started`; emits `jd.parsed` or `jd.failed`. Profiles are cached by (JD
text sha256, reader version) in `jd_profiles`. A JD uploaded as a file is fetched from the
gateway and extracted with the resume-extractor's library, in a child process. Consumes
`jd.deleted`: forgets the profiles cached for that JD."""

from __future__ import annotations

import asyncio
import time

from agents.jd_reader.parse import read_jd, reader_version
from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.handler import limits_from
from agents.resume_extractor.pool import ExtractorPool
from agents.store import KeyedCache, derived_id, sha256_text
from common.broker import Context
from common.errors import NotFound
from common.messages import JDDeleted, JDFailed, JDParsed, WorkflowStarted
from common.profiles import JDProfile
from common.timeutil import utcnow

COLLECTION = "jd_profiles"


async def startup(ctx: Context) -> None:
    """The cache; the extraction pool opens on the first JD file."""
    ctx.state["cache"] = KeyedCache(ctx.mongo, COLLECTION)


async def shutdown(ctx: Context) -> None:
    """Stop the extraction pool if one was opened."""
    pool = ctx.state.get("pool")
    if pool is not None:
        pool.close()


async def handle(msg: WorkflowStarted, ctx: Context) -> None:
    """Read the workflow's JD once and announce its profile (or why it has none)."""
    started, t0 = utcnow(), time.perf_counter()
    try:
        text = await _jd_text(msg, ctx)
    except ExtractionError as exc:
        await _fail(msg, ctx, exc.reason, exc.detail)
        return
    except NotFound as exc:
        await _fail(msg, ctx, "file_missing", str(exc))
        return
    if not text.strip():
        await _fail(msg, ctx, "empty", "the JD has no text")
        return
    version = reader_version()
    key = f"{sha256_text(text)}:{version}"
    cache: KeyedCache = ctx.state["cache"]
    hit = None if msg.force_reprocess else await cache.get(key)
    if hit is not None:
        profile = JDProfile.model_validate(hit["profile"])
    else:
        profile = await asyncio.to_thread(read_jd, text)
        if not profile.title and msg.jd_title:
            profile = profile.model_copy(update={"title": msg.jd_title})
        await cache.put(key, {"profile": profile.model_dump(mode="json"), "jd_id": msg.jd_id})
    await ctx.publish(
        JDParsed(
            message_id=derived_id(msg.message_id, "jd.parsed"),
            workflow_id=msg.workflow_id,
            jd_id=msg.jd_id,
            profile=profile,
            started_at=started,
            started_by=msg.started_by,
            duration_ms=(time.perf_counter() - t0) * 1000,
            agent_version=version,
            cached=hit is not None,
        )
    )


async def _jd_text(msg: WorkflowStarted, ctx: Context) -> str:
    if msg.jd_text:
        return msg.jd_text
    if msg.jd_file is None:
        return ""
    data = await ctx.files.read(msg.jd_file.file_id)
    pool = ctx.state.get("pool")
    if pool is None:
        pool = ctx.state["pool"] = ExtractorPool(
            limits_from(ctx.settings), 1, ctx.settings.extractor_max_memory_bytes
        )
    return (await pool.run(data)).text


async def _fail(msg: WorkflowStarted, ctx: Context, reason: str, detail: str) -> None:
    await ctx.publish(
        JDFailed(
            message_id=derived_id(msg.message_id, "jd.failed"),
            workflow_id=msg.workflow_id,
            jd_id=msg.jd_id,
            reason=reason,
            detail=detail,
        )
    )


async def forget(msg: JDDeleted, ctx: Context) -> None:
    """The JD was deleted: drop the profiles cached for it."""
    cache: KeyedCache = ctx.state["cache"]
    await cache.forget({"jd_id": msg.jd_id})
