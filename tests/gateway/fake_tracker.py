"""An in-memory stand-in for the tracker's HTTP API (docs/tracker.md), for unit tests only.

Cross-process behaviour is proven against the real tracker in `test_tracker_e2e.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import StreamingResponse

from common.auth import Principal, Unauthorized, verify_bearer
from common.messages import AGENT_IDS
from common.settings import Settings
from common.timeutil import isoformat, utcnow


def execution(
    workflow_id: str,
    jd_id: str,
    jd_title: str,
    started_by: str,
    resume_ids: list[str],
    status: str = "pending",
) -> dict[str, Any]:
    """An execution document shaped like the tracker's."""
    now = isoformat(utcnow())
    return {
        "workflow_id": workflow_id,
        "jd_id": jd_id,
        "jd_title": jd_title,
        "status": status,
        "started_by": started_by,
        "started_at": now,
        "completed_at": None,
        "created_at": now,
        "updated_at": now,
        "resume_ids": resume_ids,
        "total_resumes": len(resume_ids),
        "processed_resumes": 0,
        "agents": [
            {
                "agent_id": a,
                "name": a,
                "status": "pending",
                "started_at": None,
                "completed_at": None,
                "duration_ms": None,
                "busy_ms": None,
                "counts": {"total": len(resume_ids), "processed": 0, "failed": 0, "cached": 0},
                "error": None,
            }
            for a in AGENT_IDS
        ],
        "progress": {"completed_agents": 0, "total_agents": 4, "percentage": 0.0},
        "metrics": {
            "total_candidates": len(resume_ids),
            "processing_time_ms": None,
            "match_rate": 0.0,
            "top_matches": 0,
            "best_fit": 0,
            "partial_fit": 0,
            "not_fit": 0,
            "candidates_scored": 0,
            "high_matches": 0,
        },
        "results": {
            "excellent_matches": 0,
            "good_matches": 0,
            "average_matches": 0,
            "poor_matches": 0,
        },
        "failed_resumes": [],
        "warnings": [],
        "error": None,
        "error_details": None,
    }


class FakeTracker:
    """The executions API over a dict; records every call it receives."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.executions: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, str]] = []
        self.app = self._build()

    def _principal(self, authorization: str | None) -> Principal:
        try:
            return verify_bearer(self.settings, authorization)
        except Unauthorized as exc:
            raise HTTPException(401, str(exc)) from exc

    def _visible(self, principal: Principal, workflow_id: str) -> dict[str, Any]:
        doc = self.executions.get(workflow_id)
        if doc is None or not (principal.is_admin or doc["started_by"] == principal.user_id):
            raise HTTPException(404, f"execution {workflow_id} not found")
        return doc

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def record(request: Request, call_next: Any) -> Any:
            self.calls.append((request.method, request.url.path))
            return await call_next(request)

        @app.post("/executions", status_code=201)
        async def create(body: dict[str, Any], authorization: str = Header("")) -> dict[str, Any]:
            if not self._principal(authorization).is_service:
                raise HTTPException(403, "service only")
            doc = execution(
                body["workflow_id"],
                body["jd_id"],
                body["jd_title"],
                body["started_by"],
                body["resume_ids"],
            )
            return self.executions.setdefault(body["workflow_id"], doc)

        @app.get("/executions")
        async def listing(
            authorization: str = Header(""),
            started_by: str | None = None,
            status: str | None = None,
            jd_id: str | None = None,
            skip: int = 0,
            limit: int = 20,
            sort: str = "-started_at",
        ) -> dict[str, Any]:
            principal = self._principal(authorization)
            items = [
                d
                for d in self.executions.values()
                if (principal.is_admin or d["started_by"] == principal.user_id)
                and (not started_by or d["started_by"] == started_by)
                and (not status or d["status"] in status.split(","))
                and (not jd_id or d["jd_id"] == jd_id)
            ]
            items.sort(key=lambda d: d["workflow_id"], reverse=sort.startswith("-"))
            return {
                "items": items[skip : skip + limit],
                "total": len(items),
                "skip": skip,
                "limit": limit,
            }

        @app.get("/executions/{workflow_id}")
        async def one(workflow_id: str, authorization: str = Header("")) -> dict[str, Any]:
            return self._visible(self._principal(authorization), workflow_id)

        @app.delete("/executions/{workflow_id}")
        async def delete(workflow_id: str, authorization: str = Header("")) -> dict[str, Any]:
            self._visible(self._principal(authorization), workflow_id)
            del self.executions[workflow_id]
            return {"success": True, "workflow_id": workflow_id}

        @app.put("/executions/{workflow_id}/status")
        async def set_status(
            workflow_id: str, body: dict[str, Any], authorization: str = Header("")
        ) -> dict[str, Any]:
            principal = self._principal(authorization)
            if not principal.is_admin:
                raise HTTPException(403, "operators only")
            doc = self._visible(principal, workflow_id)
            doc.update(status=body["status"], error=body.get("error"))
            return doc

        @app.post("/executions/{workflow_id}/cancel")
        async def cancel(workflow_id: str, authorization: str = Header("")) -> dict[str, Any]:
            doc = self._visible(self._principal(authorization), workflow_id)
            if doc["status"] in ("completed", "failed", "cancelled"):
                raise HTTPException(409, "already finished")
            doc["status"] = "cancelled"
            return doc

        @app.get("/executions/{workflow_id}/events")
        async def events(workflow_id: str, authorization: str = Header("")) -> StreamingResponse:
            import json

            doc = self._visible(self._principal(authorization), workflow_id)

            async def stream() -> Any:
                yield f"event: snapshot\nid: 1\ndata: {json.dumps(doc)}\n\n".encode()

            return StreamingResponse(stream(), media_type="text/event-stream")

        return app
