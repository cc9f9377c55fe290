"""Consumes `jd.parsed`, `jd.failed`, `jd.deleted` and `resume.parsed`; emits `resume.scored` or
`resume.failed` (stage hr-comparator, reason `jd_unavailable`, or `timeout` when scoring runs
past `COMPARATOR_TIMEOUT_S` in its child process).

The JD profile of each workflow is learnt from `jd.parsed` and kept in `comparator_workflows`.
A resume that arrives first waits (an explicit `Retry` through the TTL retry queue); the
comparator never reads the JD itself. Results are inserted once: a redelivery finds the stored
result and re-announces it unchanged.
"""

from __future__ import annotations

import time
from typing import Any

from agents.failures import resume_failed
from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import COMPARATOR_VERSION, score_in_child
from agents.hr_comparator.result import RESULTS, build_result, result_id
from agents.hr_comparator.weights import Weights
from agents.pool import ParseCrashed, ParserPool, ParseTimeout
from agents.store import derived_id
from common.broker import Context
from common.db import DESCENDING, index, map_mongo_errors
from common.errors import Conflict, Retry
from common.messages import JDDeleted, JDFailed, JDParsed, ResumeParsed, ResumeScored
from common.profiles import JDProfile, MatchBreakdown
from common.timeutil import utcnow

WORKFLOWS = "comparator_workflows"
JD_DELETED = "the JD was deleted"


async def startup(ctx: Context) -> None:
    """Indexes and the weights. A result's `_id` is `workflow_id:resume_id`, which makes a
    duplicate impossible without a compound unique index (the mongoeco emulator checks one by
    scanning the whole collection on every insert)."""
    await ctx.mongo.ensure_indexes(
        {
            WORKFLOWS: [index("workflow_id", unique=True)],
            RESULTS: [
                index("workflow_id"),
                index([("jd_id", 1), ("match_score", DESCENDING)]),
                index([("started_by", 1), ("created_at", DESCENDING)]),
                index("resume_id"),
            ],
        }
    )
    ctx.state["weights"] = Weights.from_settings(ctx.settings)
    s = ctx.settings
    ctx.state["pool"] = ParserPool(
        "hr-comparator", s.reader_pool_workers, s.comparator_timeout_s, s.reader_max_memory_bytes
    )


async def shutdown(ctx: Context) -> None:
    """Stop the scoring processes."""
    ctx.state["pool"].close()


async def on_jd_parsed(msg: JDParsed, ctx: Context) -> None:
    """Remember the workflow's JD profile."""
    await _set_workflow(
        ctx,
        msg.workflow_id,
        {
            "status": "parsed",
            "jd_id": msg.jd_id,
            "jd_profile": msg.profile.model_dump(mode="json"),
            "jd_reader_version": msg.agent_version,
            "started_by": msg.started_by,
        },
    )


async def on_jd_failed(msg: JDFailed, ctx: Context) -> None:
    """Remember that the workflow's JD cannot be read: its resumes fail when they arrive."""
    await _set_workflow(
        ctx,
        msg.workflow_id,
        {"status": "failed", "jd_id": msg.jd_id, "reason": msg.reason, "detail": msg.detail},
    )


async def forget_jd(msg: JDDeleted, ctx: Context) -> None:
    """The JD was deleted: drop the profiles the workflows kept of it. A resume of such a
    workflow that arrives later fails `jd_unavailable` (the JD is gone); stored results stay
    in their workflows' history."""
    with map_mongo_errors():
        await ctx.mongo.collection(WORKFLOWS).update_many(
            {"jd_id": msg.jd_id, "status": "parsed"},
            {
                "$set": {"status": "failed", "reason": JD_DELETED, "updated_at": utcnow()},
                "$unset": {"jd_profile": ""},
            },
        )


async def _set_workflow(ctx: Context, workflow_id: str, fields: dict[str, Any]) -> None:
    with map_mongo_errors():
        await ctx.mongo.collection(WORKFLOWS).update_one(
            {"workflow_id": workflow_id},
            {"$set": {**fields, "updated_at": utcnow()}, "$setOnInsert": {"created_at": utcnow()}},
            upsert=True,
        )


async def on_resume_parsed(msg: ResumeParsed, ctx: Context) -> None:
    """Score one resume against its workflow's JD, store the result once, announce it."""
    started, t0 = utcnow(), time.perf_counter()
    results = ctx.mongo.collection(RESULTS)
    with map_mongo_errors():
        stored = await results.find_one({"_id": result_id(msg.workflow_id, msg.resume_id)})
    if stored is None:
        with map_mongo_errors():
            wf = await ctx.mongo.collection(WORKFLOWS).find_one({"workflow_id": msg.workflow_id})
        if wf is None:
            raise Retry("jd profile not yet available", delay_s=ctx.settings.comparator_jd_wait_s)
        if wf["status"] == "failed":
            await ctx.publish(
                resume_failed(
                    msg,
                    "hr-comparator",
                    "jd_unavailable",
                    f"the JD could not be read: {wf.get('reason', '')}",
                    started,
                    (time.perf_counter() - t0) * 1000,
                )
            )
            return
        try:
            stored = await _score_and_store(msg, ctx, wf)
        except (ParseTimeout, ParseCrashed) as exc:
            reason = "timeout" if isinstance(exc, ParseTimeout) else "parser_crashed"
            await ctx.publish(
                resume_failed(
                    msg,
                    "hr-comparator",
                    reason,
                    str(exc),
                    started,
                    (time.perf_counter() - t0) * 1000,
                )
            )
            return
    await ctx.publish(
        ResumeScored(
            message_id=derived_id(msg.message_id, "scored"),
            workflow_id=msg.workflow_id,
            resume_id=msg.resume_id,
            result_id=stored["_id"],
            score=stored["match_score"],
            fit_category=stored["fit_category"],
            breakdown=MatchBreakdown.model_validate(stored["match_breakdown"]),
            skills_matched=stored["skills_matched"],
            skills_missing=stored["skills_missing"],
            started_at=started,
            duration_ms=(time.perf_counter() - t0) * 1000,
            agent_version=COMPARATOR_VERSION,
        )
    )


async def _score_and_store(msg: ResumeParsed, ctx: Context, wf: dict[str, Any]) -> dict[str, Any]:
    jd = JDProfile.model_validate(wf["jd_profile"])
    weights: Weights = ctx.state["weights"]
    pool: ParserPool = ctx.state["pool"]
    scored = await pool.run(
        score_in_child,
        jd,
        blind(msg.profile),
        weights,
        ctx.settings.best_fit_min_score,
        ctx.settings.partial_fit_min_score,
    )
    doc = build_result(
        workflow_id=msg.workflow_id,
        resume_id=msg.resume_id,
        jd_id=wf["jd_id"],
        started_by=wf.get("started_by", ""),
        profile=msg.profile,
        result=scored,
        weights=weights,
        settings=ctx.settings,
        versions={
            "resume-extractor": msg.profile.extractor_version,
            "resume-reader": msg.agent_version,
            "jd-reader": wf.get("jd_reader_version", ""),
        },
    )
    results = ctx.mongo.collection(RESULTS)
    try:
        with map_mongo_errors():
            await results.insert_one(doc)
    except Conflict:
        # A concurrent redelivery stored it first: the stored one is the result.
        with map_mongo_errors():
            existing = await results.find_one({"_id": doc["_id"]})
        if existing is not None:
            return existing
        raise
    return doc
