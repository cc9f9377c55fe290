"""Resumes: list, delete, and the resume-reader's profile of one."""

from __future__ import annotations

from fastapi import APIRouter, Query

from gateway.api.deps import Audit, CurrentUser, MongoDep, PublisherDep
from gateway.schemas.common import MAX_SKIP, SuccessMessage
from gateway.schemas.resumes import ResumeProfilePublic, ResumePublic
from gateway.services import results, resumes

router = APIRouter(prefix="/resumes", tags=["resumes"])


@router.get("", response_model=list[ResumePublic])
async def list_resumes(
    user: CurrentUser,
    mongo: MongoDep,
    skip: int = Query(default=0, ge=0, le=MAX_SKIP),
    limit: int = Query(default=100, ge=1, le=1000),
) -> list[ResumePublic]:
    """The caller's resumes, newest first (a bare array)."""
    return [ResumePublic.from_doc(doc) for doc in await resumes.list_for(mongo, user, skip, limit)]


@router.get("/{resume_id}", response_model=ResumePublic)
async def get_resume(resume_id: str, user: CurrentUser, mongo: MongoDep) -> ResumePublic:
    """One resume's record (404 when it is not the caller's)."""
    return ResumePublic.from_doc(await resumes.get(mongo, user, resume_id))


@router.delete("/{resume_id}", response_model=SuccessMessage)
async def delete_resume(
    resume_id: str,
    user: CurrentUser,
    mongo: MongoDep,
    publisher: PublisherDep,
    trail: Audit,
) -> SuccessMessage:
    """Delete a resume and its file; results of past workflows stay in their history."""
    doc = await resumes.delete(mongo, publisher, user, resume_id)
    await trail.record("delete_resume", "resume", resume_id, {"filename": doc["filename"]})
    return SuccessMessage(message=f"Resume {doc['filename']} deleted")


@router.get("/{resume_id}/profile", response_model=ResumeProfilePublic)
async def resume_profile(resume_id: str, user: CurrentUser, mongo: MongoDep) -> ResumeProfilePublic:
    """The structured profile the resume-reader made (404 until a workflow has read it)."""
    await resumes.get(mongo, user, resume_id)
    return await results.resume_profile(mongo, resume_id)
