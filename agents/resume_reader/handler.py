"""Consumes `resume.extracted`; emits `resume.parsed`. Profiles are cached by (text sha256,
reader version) in `resume_profile_cache`; the latest per resume is kept in `resume_profiles`
(read by the gateway's `/resumes/{id}/profile`). Parsing runs in a child process under
`READER_TIMEOUT_S`: a text that takes longer fails that resume with `timeout` (remembered, so a
redelivery costs nothing) and the worker keeps serving. Consumes `resume.deleted`: forgets that
resume's profile and the cached profiles of its text."""

from __future__ import annotations

import time

from agents.failures import resume_failed
from agents.pool import ParseCrashed, ParserPool, ParseTimeout
from agents.resume_reader.parse import read_resume, reader_version
from agents.store import KeyedCache, derived_id
from common.broker import Context
from common.db import index, map_mongo_errors
from common.messages import ResumeDeleted, ResumeExtracted, ResumeParsed
from common.profiles import ResumeProfile
from common.timeutil import utcnow

CACHE = "resume_profile_cache"
PROFILES = "resume_profiles"


async def startup(ctx: Context) -> None:
    """Indexes and the cache."""
    await ctx.mongo.ensure_indexes({PROFILES: [index("resume_id", unique=True)]})
    ctx.state["cache"] = KeyedCache(ctx.mongo, CACHE)
    s = ctx.settings
    ctx.state["pool"] = ParserPool(
        "resume-reader", s.reader_pool_workers, s.reader_timeout_s, s.reader_max_memory_bytes
    )


async def shutdown(ctx: Context) -> None:
    """Stop the parsing processes."""
    ctx.state["pool"].close()


async def handle(msg: ResumeExtracted, ctx: Context) -> None:
    """Structure one resume's text and announce its profile."""
    started, t0 = utcnow(), time.perf_counter()
    version = reader_version()
    cache: KeyedCache = ctx.state["cache"]
    key = f"{msg.text_sha256}:{version}"
    hit = None if msg.force_reprocess else await cache.get(key)
    if hit is not None and hit.get("status") == "failed":
        await _fail(msg, ctx, hit["reason"], hit.get("detail", ""), started, t0)
        return
    if hit is not None:
        profile = ResumeProfile.model_validate(hit["profile"])
    else:
        pool: ParserPool = ctx.state["pool"]
        try:
            profile = await pool.run(read_resume, msg.text)
        except (ParseTimeout, ParseCrashed) as exc:
            reason = "timeout" if isinstance(exc, ParseTimeout) else "parser_crashed"
            if reason == "timeout":
                await cache.put(key, {"status": "failed", "reason": reason, "detail": str(exc)})
            await _fail(msg, ctx, reason, str(exc), started, t0)
            return
        await cache.put(key, {"profile": profile.model_dump(mode="json")})
    profile = profile.model_copy(update={"extractor_version": msg.agent_version})
    with map_mongo_errors():
        await ctx.mongo.collection(PROFILES).update_one(
            {"resume_id": msg.resume_id},
            {
                "$set": {
                    "workflow_id": msg.workflow_id,
                    "text_sha256": msg.text_sha256,
                    "reader_version": version,
                    "extractor_version": msg.agent_version,
                    "profile": profile.model_dump(mode="json"),
                    "updated_at": utcnow(),
                }
            },
            upsert=True,
        )
    await ctx.publish(
        ResumeParsed(
            message_id=derived_id(msg.message_id, "parsed"),
            workflow_id=msg.workflow_id,
            resume_id=msg.resume_id,
            profile=profile,
            force_reprocess=msg.force_reprocess,
            started_at=started,
            duration_ms=(time.perf_counter() - t0) * 1000,
            agent_version=version,
            cached=hit is not None,
        )
    )


async def _fail(
    msg: ResumeExtracted,
    ctx: Context,
    reason: str,
    detail: str,
    started,
    t0: float,
) -> None:
    await ctx.publish(
        resume_failed(
            msg, "resume-reader", reason, detail, started, (time.perf_counter() - t0) * 1000
        )
    )


async def forget(msg: ResumeDeleted, ctx: Context) -> None:
    """The resume was deleted: drop its profile and the cached profiles of its text."""
    profiles = ctx.mongo.collection(PROFILES)
    with map_mongo_errors():
        stored = await profiles.find_one({"resume_id": msg.resume_id}, {"text_sha256": 1})
    if stored and stored.get("text_sha256"):
        cache: KeyedCache = ctx.state["cache"]
        await cache.forget_prefix(f"{stored['text_sha256']}:")
    with map_mongo_errors():
        await profiles.delete_one({"resume_id": msg.resume_id})
