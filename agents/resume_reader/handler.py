"""Consumes `resume.extracted`; emits `resume.parsed`. Profiles are cached by (text sha256,
reader version) in `resume_profile_cache`; the latest per resume is kept in `resume_profiles`
(read by the gateway's `/resumes/{id}/profile`). Consumes `resume.deleted`: forgets that
resume's profile and the cached profiles of its text."""

from __future__ import annotations

import asyncio
import time

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


async def handle(msg: ResumeExtracted, ctx: Context) -> None:
    """Structure one resume's text and announce its profile."""
    started, t0 = utcnow(), time.perf_counter()
    version = reader_version()
    cache: KeyedCache = ctx.state["cache"]
    key = f"{msg.text_sha256}:{version}"
    hit = None if msg.force_reprocess else await cache.get(key)
    if hit is not None:
        profile = ResumeProfile.model_validate(hit["profile"])
    else:
        # Parsing takes milliseconds; a thread keeps even a long resume off the event loop.
        profile = await asyncio.to_thread(read_resume, msg.text)
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
