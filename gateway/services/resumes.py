"""The `resume` collection and the uploaded files behind it (GridFS).

Duplicate policy: uploading the same bytes (same sha256) again by the same owner stores
nothing new and returns the existing resume (`duplicate: true`), so a retried or repeated
upload is harmless. The unique index on `owner_sha256` (`owner_id:sha256`) settles concurrent
uploads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from common.auth import Principal
from common.db import DESCENDING, Mongo, map_mongo_errors
from common.errors import Conflict, NotFound
from common.messages import FileRef, ResumeDeleted, deletion_key
from common.timeutil import utcnow
from gateway.collections import FILES_BUCKET, RESUMES
from gateway.services.ownership import scoped
from gateway.services.uploads import Upload
from gateway.state import MessagePublisher


@dataclass(frozen=True)
class Stored:
    """The resume an upload produced (or found, for a duplicate)."""

    doc: dict[str, Any]
    duplicate: bool


def file_ref(doc: dict[str, Any]) -> FileRef:
    """Where a resume's file lives, as the broker messages carry it."""
    return FileRef(
        file_id=doc["file_id"],
        filename=doc["filename"],
        sha256=doc["sha256"],
        size_bytes=doc["size_bytes"],
        content_type=doc["content_type"],
    )


async def count_for_owner(mongo: Mongo, owner_id: str) -> int:
    """How many resumes the owner has."""
    with map_mongo_errors():
        return await mongo.collection(RESUMES).count_documents({"owner_id": owner_id})


async def storage_bytes(mongo: Mongo, owner_id: str) -> int:
    """The total size of the owner's uploaded resume files."""
    with map_mongo_errors():
        cursor = mongo.collection(RESUMES).find({"owner_id": owner_id}, {"size_bytes": 1})
        return sum([int(doc.get("size_bytes", 0)) async for doc in cursor])


async def store(mongo: Mongo, principal: Principal, upload: Upload, source: str) -> Stored:
    """Save the file and its record, or return the owner's existing copy of the same bytes."""
    existing = await _by_checksum(mongo, principal.user_id, upload.sha256)
    if existing is not None:
        return Stored(existing, duplicate=True)
    resume_id = uuid.uuid4().hex
    file_id = await mongo.bucket(FILES_BUCKET).upload(
        upload.filename,
        upload.data,
        {
            "owner_id": principal.user_id,
            "sha256": upload.sha256,
            "kind": "resume",
            "resume_id": resume_id,
            "content_type": upload.detected.content_type,
        },
    )
    doc = {
        "_id": resume_id,
        "resume_id": resume_id,
        "owner_id": principal.user_id,
        "owner_email": principal.email,
        "file_id": file_id,
        "filename": upload.filename,
        "content_type": upload.detected.content_type,
        "file_type": upload.detected.kind,
        "size_bytes": upload.size_bytes,
        "sha256": upload.sha256,
        "owner_sha256": owner_sha256(principal.user_id, upload.sha256),
        "source": source,
        "created_at": utcnow(),
    }
    try:
        with map_mongo_errors():
            await mongo.collection(RESUMES).insert_one(doc)
    except Conflict:
        # A concurrent upload of the same bytes won: drop our file copy, answer with theirs.
        await mongo.bucket(FILES_BUCKET).delete(file_id)
        existing = await _by_checksum(mongo, principal.user_id, upload.sha256)
        if existing is None:
            raise
        return Stored(existing, duplicate=True)
    return Stored(doc, duplicate=False)


async def get(mongo: Mongo, principal: Principal, resume_id: str) -> dict[str, Any]:
    """The caller's resume (admins: anyone's); `NotFound` otherwise."""
    with map_mongo_errors():
        doc = await mongo.collection(RESUMES).find_one(scoped(principal, {"_id": resume_id}))
    if doc is None:
        raise NotFound(f"Resume {resume_id} not found")
    return doc


async def list_for(
    mongo: Mongo, principal: Principal, skip: int, limit: int
) -> list[dict[str, Any]]:
    """The caller's resumes, newest first (admins: everyone's)."""
    with map_mongo_errors():
        cursor = (
            mongo.collection(RESUMES)
            .find(scoped(principal, {}))
            .sort([("created_at", DESCENDING)])
            .skip(skip)
            .limit(limit)
        )
        return await cursor.to_list(length=limit)


async def find_many(
    mongo: Mongo, principal: Principal, resume_ids: list[str] | None, cap: int
) -> list[dict[str, Any]]:
    """The named resumes of the caller (all of them when `resume_ids` is empty), at most `cap`+1.

    Raises `NotFound` naming the ids that are missing or belong to someone else.
    """
    query: dict[str, Any] = {}
    if resume_ids:
        query["_id"] = {"$in": resume_ids}
    with map_mongo_errors():
        cursor = (
            mongo.collection(RESUMES)
            .find(scoped(principal, query))
            .sort([("created_at", DESCENDING)])
            .limit(cap + 1)
        )
        docs = await cursor.to_list(length=cap + 1)
    if resume_ids:
        found = {doc["_id"] for doc in docs}
        missing = [rid for rid in resume_ids if rid not in found]
        if missing:
            raise NotFound(f"Resume(s) not found: {', '.join(missing[:10])}")
        order = {rid: i for i, rid in enumerate(resume_ids)}
        docs.sort(key=lambda doc: order.get(doc["_id"], 0))
    return docs


async def delete(
    mongo: Mongo, publisher: MessagePublisher, principal: Principal, resume_id: str
) -> dict[str, Any]:
    """Remove the resume's record and its file, and have the agents forget the text and
    profile derived from it (`resume.deleted`); past workflow results stay.

    The event is published (confirmed) first: with the broker down the answer is 503 and
    nothing is deleted, so a retry finishes the job and no derived data is left behind.
    """
    doc = await get(mongo, principal, resume_id)
    await publisher.publish_many(
        [
            ResumeDeleted(
                workflow_id=deletion_key("resume", resume_id),
                resume_id=resume_id,
                owner_id=doc["owner_id"],
                file_sha256=doc["sha256"],
            )
        ]
    )
    with map_mongo_errors():
        await mongo.collection(RESUMES).delete_one({"_id": resume_id})
    await mongo.bucket(FILES_BUCKET).delete(doc["file_id"])
    return doc


def owner_sha256(owner_id: str, sha256: str) -> str:
    """The key that makes one copy of a file per owner (unique index `owner_sha256`)."""
    return f"{owner_id}:{sha256}"


async def _by_checksum(mongo: Mongo, owner_id: str, sha256: str) -> dict[str, Any] | None:
    with map_mongo_errors():
        return await mongo.collection(RESUMES).find_one(
            {"owner_sha256": owner_sha256(owner_id, sha256)}
        )


async def file_names(mongo: Mongo, principal: Principal, resume_ids: list[str]) -> dict[str, str]:
    """Each visible resume's uploaded file name by id (one read for a page of ids)."""
    wanted = sorted(set(resume_ids))
    if not wanted:
        return {}
    with map_mongo_errors():
        docs = await (
            mongo.collection(RESUMES)
            .find(scoped(principal, {"_id": {"$in": wanted}}), {"filename": 1})
            .to_list(len(wanted))
        )
    return {d["_id"]: d.get("filename", "") for d in docs}
