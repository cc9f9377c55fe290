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
        # One copy of a file per owner. A single-field key (owner_id:sha256) rather than a
        # compound unique index: the mongoeco emulator checks a compound unique index by
        # scanning the whole collection on every write (measured: 3.6 ms per insert empty,
        # 36 ms at 1 000 documents), a single-field one through its index.
        index("owner_sha256", unique=True),
        index([("owner_id", 1), ("created_at", DESCENDING)]),
    ],
    JOB_DESCRIPTIONS: [index([("owner_id", 1), ("created_at", DESCENDING)])],
    AUDIT_LOGS: [index([("user_id", 1), ("created_at", DESCENDING)]), index("created_at")],
}
