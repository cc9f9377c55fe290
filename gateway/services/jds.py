"""The `JobDescription` collection: JDs typed in the app or uploaded as files.

The app makes JD ids itself (`JD-<epoch ms>`), so ids are global: a second JD with a taken id
is refused with `already exists`, whoever owns the first.
"""

from __future__ import annotations

from typing import Any

from common.auth import Principal
from common.db import DESCENDING, Mongo, map_mongo_errors
from common.errors import Conflict, NotFound
from common.messages import JDDeleted, deletion_key
from common.timeutil import epoch_ms, utcnow
from gateway.collections import FILES_BUCKET, JOB_DESCRIPTIONS
from gateway.services.ownership import scoped
from gateway.services.uploads import Upload
from gateway.state import MessagePublisher

PREVIEW_CHARS = 200


class JDExists(Conflict):
    """A JD with this id already exists."""


def new_jd_id() -> str:
    """The id the app itself would make: `JD-<epoch ms>`."""
    return f"JD-{epoch_ms()}"


async def create(
    mongo: Mongo,
    principal: Principal,
    fields: dict[str, Any],
    upload: Upload | None = None,
) -> dict[str, Any]:
    """Store a new JD (and its file, for uploads); `JDExists` when the id is taken."""
    jd_id = fields.get("id") or new_jd_id()
    with map_mongo_errors():
        if await mongo.collection(JOB_DESCRIPTIONS).find_one({"_id": jd_id}, {"_id": 1}):
            raise JDExists(f"Job description {jd_id} already exists")
    now = utcnow()
    doc: dict[str, Any] = {
        "designation": "",
        "company": "",
        "location": "",
        "description": "",
        "status": "active",
        **{k: v for k, v in fields.items() if v is not None and k != "id"},
        "_id": jd_id,
        "id": jd_id,
        "owner_id": principal.user_id,
        "created_at": now,
        "updated_at": now,
        "file": None,
    }
    if upload is not None:
        file_id = await mongo.bucket(FILES_BUCKET).upload(
            upload.filename,
            upload.data,
            {
                "owner_id": principal.user_id,
                "sha256": upload.sha256,
                "kind": "jd",
                "jd_id": jd_id,
                "content_type": upload.detected.content_type,
            },
        )
        doc["file"] = {
            "file_id": file_id,
            "filename": upload.filename,
            "sha256": upload.sha256,
            "size_bytes": upload.size_bytes,
            "content_type": upload.detected.content_type,
        }
    try:
        with map_mongo_errors():
            await mongo.collection(JOB_DESCRIPTIONS).insert_one(doc)
    except Conflict as exc:
        if doc["file"]:
            await mongo.bucket(FILES_BUCKET).delete(doc["file"]["file_id"])
        raise JDExists(f"Job description {jd_id} already exists") from exc
    return doc


async def get(mongo: Mongo, principal: Principal, jd_id: str) -> dict[str, Any]:
    """The caller's JD (admins: anyone's); `NotFound` otherwise."""
    with map_mongo_errors():
        doc = await mongo.collection(JOB_DESCRIPTIONS).find_one(scoped(principal, {"_id": jd_id}))
    if doc is None:
        raise NotFound(f"Job description {jd_id} not found")
    return doc


async def list_for(
    mongo: Mongo, principal: Principal, status: str | None, skip: int, limit: int
) -> list[dict[str, Any]]:
    """The caller's JDs, newest first, optionally of one status."""
    query: dict[str, Any] = {"status": status} if status else {}
    with map_mongo_errors():
        cursor = (
            mongo.collection(JOB_DESCRIPTIONS)
            .find(scoped(principal, query))
            .sort([("created_at", DESCENDING)])
            .skip(skip)
            .limit(limit)
        )
        return await cursor.to_list(length=limit)


async def update(
    mongo: Mongo, principal: Principal, jd_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Apply the given field changes and return the updated JD."""
    doc = await get(mongo, principal, jd_id)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return doc
    changes["updated_at"] = utcnow()
    with map_mongo_errors():
        await mongo.collection(JOB_DESCRIPTIONS).update_one({"_id": jd_id}, {"$set": changes})
    return {**doc, **changes}


async def delete(
    mongo: Mongo, publisher: MessagePublisher, principal: Principal, jd_id: str
) -> dict[str, Any]:
    """Remove the JD and its file, and have the jd-reader forget the profiles it cached for it
    (`jd.deleted`, published first as for resumes); past workflow results stay."""
    doc = await get(mongo, principal, jd_id)
    await publisher.publish_many(
        [JDDeleted(workflow_id=deletion_key("jd", jd_id), jd_id=jd_id, owner_id=doc["owner_id"])]
    )
    with map_mongo_errors():
        await mongo.collection(JOB_DESCRIPTIONS).delete_one({"_id": jd_id})
    if doc.get("file"):
        await mongo.bucket(FILES_BUCKET).delete(doc["file"]["file_id"])
    return doc


def jd_text(doc: dict[str, Any]) -> str:
    """The JD's text as typed (empty for file-only JDs)."""
    return str(doc.get("description") or "")
