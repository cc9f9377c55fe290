"""A database that comes back empty gets its services' indexes again, without a restart.

Needs a server the test can stop and wipe: its own mongoeco emulator with on-disk data (the
same one the chaos suite restarts), whatever `MONGODB_URI` the rest of the suite uses.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time

import pytest

from common.db import Mongo, index, map_mongo_errors
from common.devsystem import free_port
from common.errors import Conflict
from tests.chaos.conftest import ChaosMongo
from tests.conftest import ServiceUrls, make_settings

pytestmark = pytest.mark.integration


async def test_a_server_restarted_empty_gets_the_unique_indexes_back(service_urls: ServiceUrls):
    data_dir = tempfile.mkdtemp(prefix="hrflow-db-return-")
    server = ChaosMongo(free_port(), data_dir)
    server.start()
    mongo = Mongo(make_settings(ServiceUrls(service_urls.amqp_url, server.uri), "dbreturn"))
    try:
        # Given a service that ensured a unique index (the key of its idempotency)
        await mongo.ensure_indexes({"results": [index("resume_id", unique=True)]})
        results = mongo.collection("results")
        await results.insert_one({"resume_id": "r1"})
        # When the server is restarted on an empty volume
        await asyncio.to_thread(server.restart_empty)
        # Then, once it answers again, the index is there again and still refuses a duplicate
        deadline = time.monotonic() + 120
        while "resume_id_1" not in await _indexes(mongo):
            assert time.monotonic() < deadline, "the index was not ensured again"
            await asyncio.sleep(0.2)
        assert mongo.indexes_reapplied >= 1
        assert await results.count_documents({}) == 0  # it really came back empty
        await results.insert_one({"resume_id": "r1"})
        with pytest.raises(Conflict, match="duplicate key"), map_mongo_errors():
            await results.insert_one({"resume_id": "r1"})
    finally:
        mongo.close()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


async def _indexes(mongo: Mongo) -> set[str]:
    try:
        return set(await mongo.collection("results").index_information())
    except Exception:  # noqa: BLE001 - the server is still starting
        return set()


@pytest.mark.unit
def test_a_server_is_seen_returning_by_a_failed_heartbeat_or_a_new_connection():
    # The driver's own events, as its monitor thread publishes them: a restart between two
    # heartbeats shows no failure, only a reply on a new connection (a new connectionId).
    from pymongo.hello import Hello
    from pymongo.monitoring import ServerHeartbeatFailedEvent, ServerHeartbeatSucceededEvent

    from common.db import _ServerReturns

    calls: list[int] = []
    listener = _ServerReturns(lambda: calls.append(1))
    address = ("127.0.0.1", 27017)

    def answer(connection_id: int) -> None:
        reply = Hello({"ok": 1, "isWritablePrimary": True, "connectionId": connection_id})
        listener.succeeded(ServerHeartbeatSucceededEvent(0.01, reply, address))

    answer(7)
    answer(7)
    assert calls == []  # the same connection answering: nothing happened
    answer(1)
    assert calls == [1]  # a new connection: the server may have restarted
    listener.failed(ServerHeartbeatFailedEvent(0.01, OSError("refused"), address))
    answer(1)
    assert calls == [1, 1]  # it failed, then answered
