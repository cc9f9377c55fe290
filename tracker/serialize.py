"""Execution documents → the public JSON shape (ISO 8601 times with `Z`, internals removed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.timeutil import isoformat

INTERNAL_FIELDS = ("_id", "facts", "resumes", "tracker")
# Projection that keeps the stored internals out of list/get reads.
PUBLIC_PROJECTION = {name: 0 for name in INTERNAL_FIELDS if name != "_id"} | {"_id": 0}
DEFAULTS: dict[str, Any] = {
    "jd_id": None,
    "jd_title": None,
    "status": "pending",
    "started_by": None,
    "started_at": None,
    "completed_at": None,
    "created_at": None,
    "updated_at": None,
    "last_event_at": None,
    "version": 0,
    "resume_ids": [],
    "total_resumes": 0,
    "processed_resumes": 0,
    "agents": [],
    "failed_resumes": [],
    "warnings": [],
    "dead_letters": [],
    "error": None,
    "error_details": None,
    "expire_at": None,
    "progress": {"completed_agents": 0, "total_agents": 4, "percentage": 0},
    "metrics": {},
    "results": {},
}


def jsonable(value: Any) -> Any:
    """Datetimes → ISO strings, recursively."""
    if isinstance(value, datetime):
        return isoformat(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """The execution as the API returns it."""
    out = {k: v for k, v in DEFAULTS.items()}
    out.update({k: v for k, v in doc.items() if k not in INTERNAL_FIELDS})
    out["workflow_id"] = doc["workflow_id"]
    return jsonable(out)
