"""Job descriptions: list, create, read, update, delete, and the jd-reader's profile."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, status

from gateway.api.deps import Audit, CurrentUser, MongoDep, PublisherDep
from gateway.schemas.common import MAX_SKIP, SuccessMessage
from gateway.schemas.jds import JDCreate, JDProfilePublic, JDPublic, JDStatus, JDUpdate
from gateway.services import jds, results

router = APIRouter(prefix="/job-descriptions", tags=["job-descriptions"])


@router.get("", response_model=list[JDPublic])
async def list_jds(
    user: CurrentUser,
    mongo: MongoDep,
    status_: JDStatus | None = Query(default=None, alias="status"),
    skip: int = Query(default=0, ge=0, le=MAX_SKIP),
    limit: int = Query(default=500, ge=1, le=1000),
) -> list[JDPublic]:
    """The caller's JDs, newest first (a bare array)."""
    docs = await jds.list_for(mongo, user, status_, skip, limit)
    return [JDPublic.from_doc(doc) for doc in docs]


@router.post("", response_model=JDPublic, status_code=status.HTTP_201_CREATED)
async def create_jd(
    body: JDCreate,
    user: CurrentUser,
    mongo: MongoDep,
    trail: Audit,
) -> JDPublic:
    """Create a JD from text (the app sends its own `JD-<epoch ms>` id)."""
    try:
        doc = await jds.create(mongo, user, body.model_dump())
    except jds.JDExists as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    await trail.record("create_jd", "jd", doc["_id"], {"designation": doc["designation"]})
    return JDPublic.from_doc(doc)


@router.get("/{jd_id}", response_model=JDPublic)
async def get_jd(jd_id: str, user: CurrentUser, mongo: MongoDep) -> JDPublic:
    """One JD (404 when it is not the caller's)."""
    return JDPublic.from_doc(await jds.get(mongo, user, jd_id))


@router.put("/{jd_id}", response_model=JDPublic)
async def update_jd(
    jd_id: str,
    body: JDUpdate,
    user: CurrentUser,
    mongo: MongoDep,
    trail: Audit,
) -> JDPublic:
    """Change a JD's fields; workflows already started keep the text they were sent."""
    doc = await jds.update(mongo, user, jd_id, body.model_dump())
    await trail.record("update_jd", "jd", jd_id)
    return JDPublic.from_doc(doc)


@router.delete("/{jd_id}", response_model=SuccessMessage)
async def delete_jd(
    jd_id: str,
    user: CurrentUser,
    mongo: MongoDep,
    publisher: PublisherDep,
    trail: Audit,
) -> SuccessMessage:
    """Delete a JD and its file; results of past workflows stay in their history."""
    doc = await jds.delete(mongo, publisher, user, jd_id)
    await trail.record("delete_jd", "jd", jd_id, {"designation": doc.get("designation", "")})
    return SuccessMessage(message=f"Job description {jd_id} deleted")


@router.get("/{jd_id}/profile", response_model=JDProfilePublic)
async def jd_profile(jd_id: str, user: CurrentUser, mongo: MongoDep) -> JDProfilePublic:
    """The jd-reader's structured profile of the JD (404 until a workflow has read it)."""
    return await results.jd_profile(mongo, await jds.get(mongo, user, jd_id))
