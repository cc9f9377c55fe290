"""Writing executions: facts recorded at a constant cost, derived fields settled in batches.

    record(fact) ─► fact write: one small document, conditional (new, or an earlier rank)
                 ─► head bump: execution_heads {_id: workflow_id} seq+1, dirty, touched_at

    settle(wid)  ─► read head (seq s), the execution, its resume-fact documents
     (coalesced:  ─► V = fact writes counted on them (each fact write `$inc`s its document's
      scheduler.py)    counter in the same update, so V is exact and crash-proof)
                 ─► V > version: derive, compare-and-set {version: old} → version V,
                     then the change record V (SSE)
                 ─► terminal: claim the completion once, publish `workflow.completed`
                 ─► clear the head if its seq is still s (a newer event keeps it dirty)

A settle's view is never older than the view of the settle that wrote the stored version (it
reads the execution after that write, and the resume facts after that), and a stored version V
means exactly V fact writes were seen, so any interleaving of replicas converges to the
document of one in-order pass, and statuses never move backwards. A crash anywhere leaves the
head dirty (or the message unacked): the repair loop or the redelivery settles it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from common.db import Mongo, map_mongo_errors
from common.errors import Conflict
from common.messages import Message, WorkflowCompleted
from common.settings import Settings
from common.timeutil import utcnow
from tracker.derive import TERMINAL, Rules, derive, resume_facts
from tracker.facts import APPEND, MAX_DEAD_LETTERS, REPLACE, Fact, resume_doc_id
from tracker.indexes import CHANGES, EXECUTIONS, HEADS, RESUME_FACTS, dated_before
from tracker.metrics import FACTS_APPLIED, SETTLE_SECONDS, SETTLES
from tracker.serialize import public

log = logging.getLogger("hrflow.tracker")

Publish = Callable[[Message], Awaitable[None]]
SETTLE_ATTEMPTS = 5
# Resume-fact fields a settle reads (the rest of each document is bookkeeping).
_ROW_FIELDS = {
    "_id": 0,
    "resume_id": 1,
    "writes": 1,
    "extracted": 1,
    "parsed": 1,
    "scored": 1,
    "failed": 1,
}


@dataclass(frozen=True)
class Applied:
    """What applying one fact did."""

    new: bool
    version: int
    status: str


def completion_message_id(workflow_id: str) -> str:
    """The one `message_id` a workflow's `workflow.completed` ever carries."""
    return f"wfc-{workflow_id}"


def change_id(workflow_id: str, version: int) -> str:
    """`_id` of the change record of one version (a second insert of it is a no-op)."""
    return f"{workflow_id}:{version}"


class ExecutionStore:
    """Records facts, settles executions and keeps the change log."""

    def __init__(self, mongo: Mongo, settings: Settings) -> None:
        self.executions = mongo.collection(EXECUTIONS)
        self.changes = mongo.collection(CHANGES)
        self.resume_facts = mongo.collection(RESUME_FACTS)
        self.heads = mongo.collection(HEADS)
        self.rules = Rules.from_settings(settings)
        self.settings = settings

    # --- recording -----------------------------------------------------------------------

    async def record(self, fact: Fact) -> bool:
        """Write the fact (if new or earlier) and mark the execution due; True when new.

        Every delivery marks the head, duplicates too: a crash between a fact write and its
        head bump is repaired by the redelivery of the same message.
        """
        if fact.resume_id is not None:
            new = await self._write_resume_fact(fact)
        else:
            new = await self._write_execution_fact(fact)
        await self._touch(fact.workflow_id)
        FACTS_APPLIED.labels(fact.event_type, "applied" if new else "duplicate").inc()
        return new

    async def apply(self, fact: Fact, publish: Publish) -> Applied:
        """Record `fact` and settle at once (the API and tests; the consumer coalesces)."""
        new = await self.record(fact)
        doc = await self.settle(fact.workflow_id, publish)
        doc = doc or {}
        return Applied(new, doc.get("version", 0), doc.get("status", "missing"))

    async def _write_resume_fact(self, fact: Fact) -> bool:
        assert fact.resume_id is not None and fact.rank is not None
        query = {
            "_id": resume_doc_id(fact.workflow_id, fact.resume_id),
            "$or": [{fact.path: {"$exists": False}}, {f"{fact.path}.rank": {"$gt": fact.rank}}],
        }
        update = {
            "$set": {fact.path: fact.value},
            "$inc": {"writes": 1},
            "$setOnInsert": {"workflow_id": fact.workflow_id, "resume_id": fact.resume_id},
        }
        return await self._upsert(self.resume_facts, query, update, upsert=True)

    async def _write_execution_fact(self, fact: Fact) -> bool:
        query: dict[str, Any] = {"workflow_id": fact.workflow_id}
        change: dict[str, Any]
        if fact.mode == REPLACE:
            change = {"$set": {fact.path: fact.value}}
        elif fact.mode == APPEND:
            query[f"{fact.path}.key"] = {"$ne": fact.value["key"]}
            change = {
                "$push": {
                    fact.path: {
                        "$each": [fact.value],
                        "$sort": {"at": 1, "key": 1},
                        "$slice": -MAX_DEAD_LETTERS,
                    }
                }
            }
        else:
            missing = {fact.path: {"$exists": False}}
            if fact.rank is None:
                query.update(missing)
            else:
                query["$or"] = [missing, {f"{fact.path}.rank": {"$gt": fact.rank}}]
            change = {"$set": {fact.path: fact.value}}
        update = {
            **change,
            "$inc": {"tracker.writes": 1},
            "$setOnInsert": {"created_at": utcnow(), "status": "pending", "version": 0},
        }
        # Overrides apply to existing executions only (the API checked it exists).
        return await self._upsert(self.executions, query, update, upsert=fact.mode != REPLACE)

    @staticmethod
    async def _upsert(
        collection: Any, query: dict[str, Any], update: dict[str, Any], upsert: bool
    ) -> bool:
        """True when the update applied (or inserted); a lost insert race retries as an update."""
        try:
            with map_mongo_errors():
                result = await collection.update_one(query, update, upsert=upsert)
        except Conflict:
            # The document exists (condition false, or another replica created it just now).
            with map_mongo_errors():
                result = await collection.update_one(query, update)
        return bool(result.matched_count or result.upserted_id is not None)

    async def _touch(self, workflow_id: str) -> None:
        """Bump the head: a settle of this workflow is due."""
        await self._upsert(
            self.heads,
            {"_id": workflow_id},
            {"$inc": {"seq": 1}, "$set": {"dirty": True, "touched_at": utcnow()}},
            upsert=True,
        )

    # --- settling ------------------------------------------------------------------------

    async def settle(self, workflow_id: str, publish: Publish) -> dict[str, Any] | None:
        """Bring the derived fields up to date with every recorded fact; the document after.

        Safe to call any time, from any replica, any number of times.
        """
        started = time.perf_counter()
        try:
            for _ in range(SETTLE_ATTEMPTS):
                outcome, doc = await self._settle_once(workflow_id, publish)
                SETTLES.labels(outcome).inc()
                if outcome != "conflict":
                    return doc
            log.info(
                "settle of %s lost %d races; the repair loop retries", workflow_id, SETTLE_ATTEMPTS
            )
            return None
        finally:
            SETTLE_SECONDS.observe(time.perf_counter() - started)

    async def _settle_once(self, wid: str, publish: Publish) -> tuple[str, dict[str, Any] | None]:
        with map_mongo_errors():
            head = await self.heads.find_one({"_id": wid})
        if head is not None and head.get("deleted"):
            await self._drop_late(wid, head)  # deleted: late or replayed events bring nothing back
            return "deleted", None
        with map_mongo_errors():
            doc = await self.executions.find_one({"workflow_id": wid})
            rows = await self.resume_facts.find({"workflow_id": wid}, _ROW_FIELDS).to_list(None)
        if doc is None and not rows:  # nothing recorded (or the execution was deleted)
            if head is not None:
                with map_mongo_errors():
                    await self.heads.delete_one({"_id": wid, "seq": head["seq"]})
            return "missing", None
        writes = ((doc or {}).get("tracker") or {}).get("writes", 0)
        writes += sum(r.get("writes", 0) for r in rows)
        outcome = "unchanged"
        if writes > (doc or {}).get("version", 0):
            written = await self._write_derived(wid, doc, rows, writes, head)
            if written is None:
                return "conflict", None
            doc, outcome = written, "written"
            await self._log_change(doc)
        elif head is not None and head.get("dirty") and doc is not None and doc.get("version"):
            await self._ensure_logged(doc)  # a crash between the derive and its change record
        assert doc is not None
        if doc.get("status") in TERMINAL:
            await self._complete(doc, publish)
        if head is not None and head.get("dirty"):
            with map_mongo_errors():
                await self.heads.update_one(
                    {"_id": wid, "seq": head["seq"]}, {"$set": {"dirty": False}}
                )
        return outcome, doc

    async def _write_derived(
        self,
        wid: str,
        doc: dict[str, Any] | None,
        rows: list[dict[str, Any]],
        version: int,
        head: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        """Compare-and-set the derived fields at `version`; None when another writer won."""
        now = utcnow()
        view = doc if doc is not None else {"workflow_id": wid, "created_at": now}
        derived = derive(view, resume_facts(rows), self.rules)
        derived.update(updated_at=now, version=version)
        touched = (head or {}).get("touched_at") or now
        previous = (doc or {}).get("version", 0)
        update: dict[str, Any] = {
            "$set": {**derived, "tracker.touched_at": touched, "tracker.prev_version": previous}
        }
        if doc is None:
            query: dict[str, Any] = {"workflow_id": wid, "version": {"$exists": False}}
            update["$setOnInsert"] = {"created_at": now, "tracker.writes": 0}
        else:
            query = {"workflow_id": wid, "version": doc.get("version", 0)}
        try:
            with map_mongo_errors():
                result = await self.executions.update_one(query, update, upsert=doc is None)
        except Conflict:
            return None  # created meanwhile: read again
        if not (result.matched_count or result.upserted_id is not None):
            return None  # a newer settle wrote first: read again
        tracker = {**(view.get("tracker") or {}), "touched_at": touched, "prev_version": previous}
        if doc is None:
            return {**view, **derived, "tracker": {**tracker, "writes": 0}}
        return {**view, **derived, "tracker": tracker}

    async def _log_change(self, doc: dict[str, Any]) -> None:
        """The SSE change record of the document's version (idempotent by `_id`).

        `prev` is the version it replaced: the records form a chain, so a reader can tell a
        record still being written by another replica from a version that never existed.
        """
        now = utcnow()
        retention = timedelta(seconds=self.settings.tracker_changes_retention_s)
        record = {
            "_id": change_id(doc["workflow_id"], doc["version"]),
            "workflow_id": doc["workflow_id"],
            "version": doc["version"],
            "prev": (doc.get("tracker") or {}).get("prev_version", 0),
            "at": now,
            "expire_at": now + retention,
            "data": public(doc),
        }
        try:
            with map_mongo_errors():
                await self.changes.insert_one(record)
        except Conflict:
            pass  # already logged

    async def _ensure_logged(self, doc: dict[str, Any]) -> None:
        with map_mongo_errors():
            found = await self.changes.find_one(
                {"_id": change_id(doc["workflow_id"], doc["version"])}, {"_id": 1}
            )
        if found is None:
            await self._log_change(doc)

    # --- completion ----------------------------------------------------------------------

    async def _complete(self, doc: dict[str, Any], publish: Publish) -> None:
        """Claim the workflow's completion once, then publish `workflow.completed`."""
        wid = doc["workflow_id"]
        claimed = (doc.get("tracker") or {}).get("completion")
        if claimed:
            await self.republish_if_lost(doc, publish)
            return
        claim = {"message_id": completion_message_id(wid), "claimed_at": utcnow()}
        with map_mongo_errors():
            result = await self.executions.update_one(
                {
                    "workflow_id": wid,
                    "status": {"$in": list(TERMINAL)},
                    "tracker.completion": {"$exists": False},
                },
                {"$set": {"tracker.completion": claim}},
            )
        if result.matched_count:
            await self._publish_completion(doc, claim, publish)

    async def _publish_completion(
        self, doc: dict[str, Any], claim: dict[str, Any], publish: Publish
    ) -> None:
        """Publish with the claimed message id and the document's current terminal status."""
        metrics = doc.get("metrics") or {}
        await publish(
            WorkflowCompleted(
                message_id=claim["message_id"],
                workflow_id=doc["workflow_id"],
                status=doc["status"],
                total_resumes=doc.get("total_resumes", 0),
                scored_resumes=metrics.get("candidates_scored", 0),
                failed_resumes=len(doc.get("failed_resumes") or []),
                error=doc.get("error"),
            )
        )
        with map_mongo_errors():
            await self.executions.update_one(
                {"workflow_id": doc["workflow_id"]},
                {"$set": {"tracker.completion.published_at": utcnow()}},
            )
        log.info("workflow %s %s: workflow.completed published", doc["workflow_id"], doc["status"])

    async def republish_if_lost(
        self, doc: dict[str, Any], publish: Publish, min_age_s: float | None = None
    ) -> bool:
        """Publish again a completion claimed long ago but never confirmed (same message id)."""
        claim = (doc.get("tracker") or {}).get("completion")
        if not claim or claim.get("published_at"):
            return False
        age_s = (utcnow() - claim["claimed_at"]).total_seconds()
        if age_s < (min_age_s if min_age_s is not None else 2 * self.settings.publish_timeout_s):
            return False
        await self._publish_completion(doc, claim, publish)
        return True

    # --- upkeep --------------------------------------------------------------------------

    async def write_verdict(
        self, workflow_id: str, verdict: str, condition: dict[str, Any], now: datetime
    ) -> bool:
        """Record the sweeper's `verdict` (`facts.<verdict>`: stalled, orphaned) once, if the
        execution still meets `condition` (an event or a registration that arrived meanwhile,
        or another replica's verdict, makes the write a no-op)."""
        with map_mongo_errors():
            result = await self.executions.update_one(
                {"workflow_id": workflow_id, **condition, f"facts.{verdict}": {"$exists": False}},
                {"$set": {f"facts.{verdict}": {"at": now}}, "$inc": {"tracker.writes": 1}},
            )
        if not result.matched_count:
            return False
        await self._touch(workflow_id)
        return True

    async def due(self, quiet_s: float, limit: int = 200) -> list[str]:
        """Workflows whose head has been dirty for `quiet_s` (a settle was missed or lost)."""
        cutoff = utcnow() - timedelta(seconds=quiet_s)
        with map_mongo_errors():
            heads = await self.heads.find(
                {"dirty": True, "touched_at": dated_before(cutoff)}, {"_id": 1}
            ).to_list(limit)
        return [h["_id"] for h in heads]

    async def resumes_of(self, workflow_id: str) -> dict[str, dict[str, Any]]:
        """The workflow's per-resume facts, `{resume_id: {extracted, parsed, scored, failed}}`."""
        with map_mongo_errors():
            rows = await self.resume_facts.find({"workflow_id": workflow_id}, _ROW_FIELDS).to_list(
                None
            )
        return resume_facts(rows)

    async def resumes_of_many(
        self, workflow_ids: list[str], batch: int = 500
    ) -> dict[str, dict[str, dict[str, Any]]]:
        """`resumes_of` for many workflows, `{workflow_id: {resume_id: facts}}`."""
        out: dict[str, list[dict[str, Any]]] = {}
        fields = {**_ROW_FIELDS, "workflow_id": 1}
        for i in range(0, len(workflow_ids), batch):
            with map_mongo_errors():
                rows = await self.resume_facts.find(
                    {"workflow_id": {"$in": workflow_ids[i : i + batch]}}, fields
                ).to_list(None)
            for row in rows:
                out.setdefault(row["workflow_id"], []).append(row)
        return {wid: resume_facts(rows) for wid, rows in out.items()}

    async def delete(self, workflow_ids: list[str], tombstone: bool = False) -> int:
        """Delete executions with their resume facts, heads and change records.

        With `tombstone` (a user's or operator's delete) each head stays, marked `deleted`
        until `TRACKER_TOMBSTONE_TTL_S`: events of the workflow still in flight, or replayed
        from a dead-letter queue later, are then dropped by the next settle instead of
        recreating the execution. Retention purges need none (their workflows ended long ago).
        """
        if not workflow_ids:
            return 0
        if tombstone:
            await self._mark_deleted(workflow_ids)
        deleted = await self._delete_records({"workflow_id": {"$in": workflow_ids}})
        if not tombstone:
            with map_mongo_errors():
                await self.heads.delete_many({"_id": {"$in": workflow_ids}})
        return deleted

    async def _delete_records(self, selector: dict[str, Any]) -> int:
        """Delete the executions, resume facts and change records `selector` matches."""
        with map_mongo_errors():
            result = await self.executions.delete_many(selector)
            await self.resume_facts.delete_many(selector)
            await self.changes.delete_many(selector)
        return result.deleted_count

    async def _mark_deleted(self, workflow_ids: list[str]) -> None:
        expire_at = utcnow() + timedelta(seconds=self.settings.tracker_tombstone_ttl_s)
        for wid in workflow_ids:
            await self._upsert(
                self.heads,
                {"_id": wid},
                {"$set": {"deleted": True, "dirty": False, "expire_at": expire_at}},
                upsert=True,
            )

    async def _drop_late(self, wid: str, head: dict[str, Any]) -> None:
        """What late events of a deleted workflow wrote goes again; the tombstone stays."""
        await self._delete_records({"workflow_id": wid})
        with map_mongo_errors():
            await self.heads.update_one(
                {"_id": wid, "seq": head.get("seq")}, {"$set": {"dirty": False}}
            )
