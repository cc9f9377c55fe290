"""Consumes `workflow.started`; emits `jd.parsed` or `jd.failed`. Profiles are cached by (JD
text sha256, reader version) in `jd_profiles`. A JD uploaded as a file is fetched from the
gateway and extracted with the resume-extractor's library, in a child process; the JD text is
read in a child process too, under `READER_TIMEOUT_S` (past it: `jd.failed`, reason `timeout`,
remembered). The designation typed with the JD is part of the cache key: it can give the
title. Consumes `jd.deleted`: forgets the profiles cached for that JD."""

from __future__ import annotations

import time

from agents.jd_reader.parse import read_jd, reader_version
from agents.pool import ParseCrashed, ParserPool, ParseTimeout
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
    """The cache and the reading pool; the extraction pool opens on the first JD file."""
    ctx.state["cache"] = KeyedCache(ctx.mongo, COLLECTION)
    s = ctx.settings
    ctx.state["reader"] = ParserPool(
        "jd-reader", s.reader_pool_workers, s.reader_timeout_s, s.reader_max_memory_bytes
    )


async def shutdown(ctx: Context) -> None:
    """Stop the pools."""
    for name in ("pool", "reader"):
        pool = ctx.state.get(name)
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
    key = f"{sha256_text(text)}:{sha256_text(msg.jd_title)[:12]}:{version}"
    cache: KeyedCache = ctx.state["cache"]
    hit = None if msg.force_reprocess else await cache.get(key)
    if hit is not None and hit.get("status") == "failed":
        await _fail(msg, ctx, hit["reason"], hit.get("detail", ""))
        return
    if hit is not None:
        profile = JDProfile.model_validate(hit["profile"])
    else:
        reader: ParserPool = ctx.state["reader"]
        try:
            profile = await reader.run(read_jd, text, msg.jd_title)
        except (ParseTimeout, ParseCrashed) as exc:
            reason = "timeout" if isinstance(exc, ParseTimeout) else "parser_crashed"
            if reason == "timeout":
                doc = {"status": "failed", "reason": reason, "detail": str(exc), "jd_id": msg.jd_id}
                await cache.put(key, doc)
            await _fail(msg, ctx, reason, str(exc))
            return
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
