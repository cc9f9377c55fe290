"""Export executions to JSON lines, then (optionally) purge exactly what was exported."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common.db import map_mongo_errors
from common.timeutil import ensure_utc
from tracker.indexes import dated_before
from tracker.serialize import jsonable
from tracker.store import ExecutionStore

PURGE_BATCH = 500


@dataclass(frozen=True)
class Selection:
    """Which executions: by status (any of) and `started_at` before a time."""

    statuses: tuple[str, ...] = ()
    before: datetime | None = None

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {}
        if self.statuses:
            q["status"] = {"$in": list(self.statuses)}
        if self.before is not None:
            q["started_at"] = dated_before(ensure_utc(self.before))
        return q


async def export(store: ExecutionStore, selection: Selection, out: Path) -> list[str]:
    """Write every selected execution (internals and per-resume facts included, under
    `resumes`) as one JSON line; returns the ids."""
    ids: list[str] = []
    tmp = out.with_suffix(out.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        with map_mongo_errors():
            cursor = store.executions.find(selection.query(), {"_id": 0}).sort([("workflow_id", 1)])
            page: list[dict[str, Any]] = []
            async for doc in cursor:
                page.append(doc)
                if len(page) >= PURGE_BATCH:
                    ids += await _write_page(store, fh, page)
                    page = []
        ids += await _write_page(store, fh, page)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(out)
    return ids


async def _write_page(store: ExecutionStore, fh: Any, docs: list[dict[str, Any]]) -> list[str]:
    resumes = await store.resumes_of_many([d["workflow_id"] for d in docs])
    for doc in docs:
        doc["resumes"] = resumes.get(doc["workflow_id"], {})
        fh.write(json.dumps(jsonable(doc), ensure_ascii=False, sort_keys=True) + "\n")
    return [d["workflow_id"] for d in docs]


async def purge(store: ExecutionStore, workflow_ids: list[str]) -> int:
    """Delete these executions with their resume facts and change records; how many."""
    deleted = 0
    for i in range(0, len(workflow_ids), PURGE_BATCH):
        deleted += await store.delete(workflow_ids[i : i + PURGE_BATCH])
    return deleted


async def select_ids(store: ExecutionStore, selection: Selection) -> list[str]:
    """The workflow ids a selection matches."""
    with map_mongo_errors():
        docs = await store.executions.find(selection.query(), {"workflow_id": 1}).to_list(None)
    return [d["workflow_id"] for d in docs]
