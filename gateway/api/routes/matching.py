"""Starting workflows and reading the comparator's results."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from gateway.api.deps import (
    Audit,
    CurrentUser,
    MongoDep,
    PublisherDep,
    SettingsDep,
    TrackerDep,
)
from gateway.schemas.matching import (
    BatchData,
    BatchRequest,
    BatchResponse,
    ResultFull,
    Results,
    TopMatches,
)
from gateway.services import jds, results, workflows

router = APIRouter(prefix="/matching", tags=["matching"])


@router.post(
    "/batch",
    response_model=BatchResponse,
    status_code=status.HTTP_202_ACCEPTED,
    responses={503: {"description": "The broker is unavailable; nothing was started"}},
)
async def start_batch(
    body: BatchRequest,
    user: CurrentUser,
    mongo: MongoDep,
    settings: SettingsDep,
    tracker: TrackerDep,
    publisher: PublisherDep,
    trail: Audit,
) -> BatchResponse:
    """Start screening resumes against a JD; answers at once, the work runs in the agents."""
    started = await workflows.start(
        mongo,
        settings,
        tracker,
        publisher,
        user,
        body.jd_id,
        body.resume_ids,
        body.force_reprocess,
    )
    await trail.record(
        "workflow_start",
        "workflow",
        started.workflow_id,
        {
            "jd_id": body.jd_id,
            "total_resumes": len(started.resume_ids),
            "designation": started.jd.get("designation", ""),
        },
    )
    return BatchResponse(
        message=f"Workflow started for {len(started.resume_ids)} resume(s)",
        data=BatchData(
            workflow_id=started.workflow_id,
            jd_id=body.jd_id,
            total_resumes=len(started.resume_ids),
            status="pending",
        ),
    )


@router.get("/top-matches/{jd_id}", response_model=TopMatches)
async def top_matches(
    jd_id: str,
    user: CurrentUser,
    mongo: MongoDep,
    limit: int = Query(default=200, ge=1, le=500),
    workflow_id: str | None = None,
) -> TopMatches:
    """The best candidates for a JD (newest result per resume), best score first."""
    jd = await jds.get(mongo, user, jd_id)
    ranked = await results.for_jd(mongo, user, jd_id, workflow_id, full=False)
    return TopMatches(
        jd_id=jd_id,
        jd_designation=jd.get("designation", ""),
        total_candidates=len(ranked),
        top_matches=ranked[:limit],
    )


@router.get("/results/{jd_id}", response_model=Results)
async def results_for_jd(
    jd_id: str, user: CurrentUser, mongo: MongoDep, workflow_id: str | None = None
) -> Results:
    """Every explained result for a JD: newest per resume, or one workflow's."""
    jd = await jds.get(mongo, user, jd_id)
    ranked = await results.for_jd(mongo, user, jd_id, workflow_id, full=True)
    return Results(
        jd_id=jd_id,
        jd_designation=jd.get("designation", ""),
        workflow_id=workflow_id,
        total=len(ranked),
        results=[r for r in ranked if isinstance(r, ResultFull)],
    )


@router.get("/result/{workflow_id}/{resume_id}", response_model=ResultFull)
async def one_result(
    workflow_id: str, resume_id: str, user: CurrentUser, mongo: MongoDep
) -> ResultFull:
    """One candidate's full explained score in one workflow."""
    return await results.one(mongo, user, workflow_id, resume_id)
