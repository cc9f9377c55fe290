"""The collections the tracker owns and their indexes.

Only single-field secondary indexes: keys that must be unique are the documents' own `_id`
(the mongoeco emulator makes every write O(collection size) under a compound unique index).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.db import DESCENDING, IndexModel, index

EXECUTIONS = "workflow_executions"
CHANGES = "execution_changes"
RESUME_FACTS = "execution_resume_facts"
HEADS = "execution_heads"

INDEXES: dict[str, list[IndexModel]] = {
    EXECUTIONS: [
        index("workflow_id", unique=True),
        index([("started_by", 1), ("started_at", DESCENDING)]),
        index("jd_id"),
        index("status"),
        index([("started_at", DESCENDING)]),
        index("expire_at", expireAfterSeconds=0),
    ],
    CHANGES: [
        index([("workflow_id", 1), ("version", 1)]),
        index("expire_at", expireAfterSeconds=0),
    ],
    # _id = "<workflow_id>/<resume key>"
    RESUME_FACTS: [index("workflow_id")],
    # _id = workflow_id; a deleted execution's head stays as its tombstone until `expire_at`
    HEADS: [index("dirty"), index("expire_at", expireAfterSeconds=0)],
}


def dated_before(moment: datetime) -> dict[str, Any]:
    """A filter for "a date earlier than `moment`" that never matches null or a missing date.

    MongoDB compares only values of the same type, but the mongoeco emulator orders null
    before every date, so a bare `{"$lt": moment}` there matches `expire_at: null` too (the
    retention purge deleted every unfinished execution that way).
    """
    return {"$type": "date", "$lt": moment}
