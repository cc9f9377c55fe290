"""Mongo access through motor against the real wire server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from common.db import Mongo, index, map_mongo_errors
from common.errors import Conflict

pytestmark = pytest.mark.integration


async def test_indexes_are_created(mongo: Mongo):
    await mongo.ensure_indexes(
        {
            "db_test_idx": [
                index("workflow_id", unique=True),
                index([("started_by", 1), ("started_at", -1)]),
            ]
        }
    )
    info = await mongo.collection("db_test_idx").index_information()
    assert info["workflow_id_1"]["unique"] is True
    assert "started_by_1_started_at_-1" in info


async def test_unique_violation_is_a_clear_conflict(mongo: Mongo):
    await mongo.ensure_indexes({"db_test_unique": [index("k", unique=True)]})
    coll = mongo.collection("db_test_unique")
    await coll.insert_one({"k": "a"})
    with pytest.raises(Conflict, match="duplicate key"), map_mongo_errors():
        await coll.insert_one({"k": "a"})


async def test_timestamps_round_trip_with_their_zone(mongo: Mongo):
    at = datetime(2026, 11, 26, 10, 5, 30, 123000, tzinfo=timezone(timedelta(hours=2)))
    coll = mongo.collection("db_test_time")
    await coll.insert_one({"_id": "t", "at": at})
    doc = await coll.find_one({"_id": "t"})
    assert doc["at"].utcoffset() == timedelta(0)
    assert doc["at"] == at.astimezone(UTC)


async def test_gridfs_stores_and_streams_a_file(mongo: Mongo):
    bucket = mongo.bucket("db_test_files")
    data = bytes(range(256)) * 4000
    file_id = await bucket.upload("x.bin", data, {"sha256": "abc"})
    assert await bucket.read(file_id) == data
    chunks = [c async for c in await bucket.stream(file_id)]
    assert b"".join(chunks) == data
    assert (await bucket.info(file_id)).metadata == {"sha256": "abc"}
