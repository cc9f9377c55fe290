"""Small Mongo helpers the agents share: a keyed cache collection and derived message ids."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from common.db import Mongo, map_mongo_errors
from common.timeutil import utcnow


def derived_id(message_id: str, step: str) -> str:
    """A deterministic id for the event a message causes: a redelivery republishes the same
    id, so consumers can recognise the duplicate."""
    return hashlib.sha256(f"{message_id}/{step}".encode()).hexdigest()[:32]


def sha256_text(text: str) -> str:
    """Hex SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class KeyedCache:
    """A collection of documents addressed by `_id` (e.g. '<content hash>:<version>')."""

    def __init__(self, mongo: Mongo, collection: str) -> None:
        self._coll = mongo.collection(collection)

    async def get(self, key: str) -> dict[str, Any] | None:
        """The cached document, or None."""
        with map_mongo_errors():
            return await self._coll.find_one({"_id": key})

    async def put(self, key: str, doc: dict[str, Any]) -> None:
        """Store (or replace) the document under `key`; replacing is safe: same key, same
        content."""
        with map_mongo_errors():
            await self._coll.replace_one(
                {"_id": key}, {**doc, "_id": key, "created_at": utcnow()}, upsert=True
            )

    async def forget_prefix(self, prefix: str) -> int:
        """Delete every document whose key starts with `prefix` (e.g. '<content hash>:', every
        version); returns how many."""
        with map_mongo_errors():
            result = await self._coll.delete_many({"_id": {"$regex": f"^{re.escape(prefix)}"}})
        return result.deleted_count

    async def forget(self, query: dict[str, Any]) -> int:
        """Delete every document matching `query`; returns how many."""
        with map_mongo_errors():
            result = await self._coll.delete_many(query)
        return result.deleted_count
