"""Collection names the gateway owns or reads, and the indexes it declares at start-up."""

from __future__ import annotations

from common.db import DESCENDING, index

USERS = "users"
JOB_DESCRIPTIONS = "JobDescription"
RESUMES = "resume"
AUDIT_LOGS = "audit_logs"
LOGIN_FAILURES = "login_failures"
FILES_BUCKET = "uploads"

# Read-only: written by the agents (see docs/agents.md).
RESUME_RESULTS = "resume_result"
RESUME_PROFILES = "resume_profiles"
COMPARATOR_WORKFLOWS = "comparator_workflows"

INDEXES = {
    USERS: [index("email", unique=True)],
    RESUMES: [
        index([("owner_id", 1), ("sha256", 1)], unique=True),
        index([("owner_id", 1), ("created_at", DESCENDING)]),
    ],
    JOB_DESCRIPTIONS: [index([("owner_id", 1), ("created_at", DESCENDING)])],
    AUDIT_LOGS: [index([("user_id", 1), ("created_at", DESCENDING)]), index("created_at")],
}
