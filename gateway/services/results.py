"""Read-only views of the agents' results and profiles (see docs/agents.md)."""

from __future__ import annotations

from typing import Any

from common.auth import Principal
from common.db import DESCENDING, Mongo, map_mongo_errors
from common.errors import NotFound
from common.timeutil import isoformat
from gateway.collections import COMPARATOR_WORKFLOWS, RESUME_PROFILES, RESUME_RESULTS
from gateway.schemas.jds import JDProfilePublic
from gateway.schemas.matching import ResultFull, TopMatch
from gateway.schemas.resumes import ResumeProfilePublic
from gateway.services.ownership import scoped

# Bounds the rows read for one JD: far above what one user screens against one JD.
MAX_RESULTS_READ = 20_000


def _public(doc: dict[str, Any], full: bool) -> TopMatch:
    data = {k: v for k, v in doc.items() if k != "_id"}
    data["id"] = str(doc.get("id") or doc["_id"])
    data["match_score"] = float(doc.get("match_score", doc.get("score", 0.0)))
    data["total_experience"] = float(doc.get("total_experience") or 0.0)
    data["match_breakdown"] = doc.get("match_breakdown") or {}
    data["created_at"] = isoformat(doc.get("created_at"))
    return ResultFull(**data) if full else TopMatch(**data)


async def for_jd(
    mongo: Mongo, principal: Principal, jd_id: str, workflow_id: str | None, full: bool
) -> list[TopMatch]:
    """Results for a JD: one workflow's, or the newest per resume; best score first."""
    query: dict[str, Any] = {"jd_id": jd_id}
    if workflow_id:
        query["workflow_id"] = workflow_id
    with map_mongo_errors():
        cursor = (
            mongo.collection(RESUME_RESULTS)
            .find(scoped(principal, query, "started_by"))
            .sort([("created_at", DESCENDING)])
            .limit(MAX_RESULTS_READ)
        )
        docs = await cursor.to_list(length=MAX_RESULTS_READ)
    newest: dict[str, dict[str, Any]] = {}
    for doc in docs:  # sorted newest first: the first row per resume wins
        newest.setdefault(doc["resume_id"], doc)
    ranked = sorted(newest.values(), key=lambda d: -float(d.get("match_score", 0.0)))
    return [_public(doc, full) for doc in ranked]


async def one(mongo: Mongo, principal: Principal, workflow_id: str, resume_id: str) -> ResultFull:
    """One explained score (404 when missing or not the caller's)."""
    with map_mongo_errors():
        doc = await mongo.collection(RESUME_RESULTS).find_one(
            scoped(principal, {"workflow_id": workflow_id, "resume_id": resume_id}, "started_by")
        )
    if doc is None:
        raise NotFound(f"No result for resume {resume_id} in workflow {workflow_id}")
    result = _public(doc, full=True)
    assert isinstance(result, ResultFull)
    return result


async def resume_profile(mongo: Mongo, resume_id: str) -> ResumeProfilePublic:
    """The latest structured profile of a resume (the caller's ownership is checked before)."""
    with map_mongo_errors():
        doc = await mongo.collection(RESUME_PROFILES).find_one({"resume_id": resume_id})
    if doc is None:
        raise NotFound(f"Resume {resume_id} has not been read yet; start a workflow with it")
    profile = dict(doc.get("profile") or {})
    return ResumeProfilePublic(
        **{k: v for k, v in profile.items() if k in ResumeProfilePublic.model_fields},
        resume_id=resume_id,
        workflow_id=doc.get("workflow_id"),
        updated_at=isoformat(doc.get("updated_at")),
    )


async def jd_profile(mongo: Mongo, jd: dict[str, Any]) -> JDProfilePublic:
    """The JD profile of the newest workflow that parsed this JD (`jd`, the caller's JD
    document): only workflows started since the JD was created count, so a JD id used again
    after a deletion never shows the earlier JD's profile."""
    jd_id = jd["_id"]
    query: dict[str, Any] = {"jd_id": jd_id, "status": "parsed"}
    if jd.get("created_at") is not None:
        query["created_at"] = {"$gte": jd["created_at"]}
    with map_mongo_errors():
        cursor = (
            mongo.collection(COMPARATOR_WORKFLOWS)
            .find(query)
            .sort([("workflow_id", DESCENDING)])
            .limit(1)
        )
        docs = await cursor.to_list(length=1)
    if not docs or not docs[0].get("jd_profile"):
        raise NotFound(f"Job description {jd_id} has not been read yet; start a workflow with it")
    profile = dict(docs[0]["jd_profile"])
    return JDProfilePublic(
        jd_id=jd_id,
        workflow_id=docs[0].get("workflow_id"),
        title=profile.get("title") or "",
        required_skills=list(profile.get("required_skills") or []),
        preferred_skills=list(profile.get("preferred_skills") or []),
        alternatives=[list(g) for g in profile.get("alternatives") or []],
        min_years=profile.get("min_years"),
        education_level=profile.get("education_level"),
        profile=profile,
    )
