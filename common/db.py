"""MongoDB access: the one module that touches the driver.

Motor reached end of life in May 2026; PyMongo's `AsyncMongoClient` is its successor and has
the same collection API. Every client, GridFS bucket and driver exception is created or named
here only, so switching drivers changes this file alone. Callers receive collection objects and
use the standard CRUD methods (`find_one`, `update_one`, ...) that both drivers share.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorGridFSBucket
from pymongo import ASCENDING, DESCENDING, IndexModel, ReturnDocument
from pymongo.errors import (
    ConnectionFailure,
    DuplicateKeyError,
    ExecutionTimeout,
    NetworkTimeout,
    PyMongoError,
    ServerSelectionTimeoutError,
    WriteConcernError,
)
from pymongo.monitoring import (
    ServerHeartbeatFailedEvent,
    ServerHeartbeatListener,
    ServerHeartbeatStartedEvent,
    ServerHeartbeatSucceededEvent,
)

from common.errors import Conflict, NotFound, TransientError
from common.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "ASCENDING",
    "DESCENDING",
    "IndexModel",
    "Mongo",
    "ReturnDocument",
    "index",
    "is_transient",
    "map_mongo_errors",
    "object_id",
]

_TRANSIENT = (
    ConnectionFailure,
    NetworkTimeout,
    ServerSelectionTimeoutError,
    ExecutionTimeout,
    WriteConcernError,
)


def index(keys: str | Sequence[tuple[str, int]], **options: Any) -> IndexModel:
    """An index spec: `index("workflow_id", unique=True)`, `index([("a", 1), ("b", -1)])`."""
    spec = [(keys, ASCENDING)] if isinstance(keys, str) else list(keys)
    return IndexModel(spec, **options)


def is_transient(exc: BaseException) -> bool:
    """True for driver errors that a later retry may cure (lost connection, timeouts)."""
    return isinstance(exc, _TRANSIENT)


@contextlib.contextmanager
def map_mongo_errors() -> Iterator[None]:
    """Turn driver errors into the hrflow error tree (`Conflict`, `TransientError`)."""
    try:
        yield
    except DuplicateKeyError as exc:
        key = (exc.details or {}).get("keyValue")
        raise Conflict(f"duplicate key {key}" if key else "duplicate key") from exc
    except _TRANSIENT as exc:
        raise TransientError(f"database unavailable: {exc}") from exc
    except PyMongoError as exc:
        raise TransientError(f"database error: {exc}") from exc


def object_id(value: str) -> ObjectId:
    """Parse a 24-hex-digit id, or raise `NotFound` (an invalid id names no record)."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError) as exc:
        raise NotFound(f"invalid id {value!r}") from exc


@dataclass
class StoredFile:
    """A file read back from GridFS."""

    file_id: str
    filename: str
    length: int
    metadata: dict[str, Any]


# How many times indexes are tried again after the server returns (backoff 0.5 s to 10 s:
# about two minutes in all); a later outage and return starts again.
REAPPLY_ATTEMPTS = 15


class _ServerReturns(ServerHeartbeatListener):
    """Calls `on_return` (from the driver's monitor thread) when a server may have come back
    from a restart: a heartbeat succeeds after one failed, or it answers on a new monitoring
    connection (its `connectionId` or `topologyVersion.processId` changed). A restart between
    two heartbeats shows no failure at all: the driver just opens a new connection."""

    def __init__(self, on_return: Any) -> None:
        self._down: set[Any] = set()
        self._seen: dict[Any, tuple[Any, Any]] = {}
        self._on_return = on_return

    def started(self, event: ServerHeartbeatStartedEvent) -> None:
        return None

    def failed(self, event: ServerHeartbeatFailedEvent) -> None:
        self._down.add(event.connection_id)

    def succeeded(self, event: ServerHeartbeatSucceededEvent) -> None:
        address = event.connection_id
        reply = getattr(event.reply, "document", {}) or {}
        identity = (
            reply.get("connectionId"),
            (reply.get("topologyVersion") or {}).get("processId"),
        )
        before = self._seen.get(address)
        self._seen[address] = identity
        came_back = address in self._down or (before is not None and before != identity)
        self._down.discard(address)
        if came_back:
            self._on_return()


class Mongo:
    """One client per process; `collection(name)` and `bucket(name)` hand out handles.

    The indexes a service ensured are ensured again whenever the server comes back after an
    outage: a server restored from an older backup, or restarted on an empty volume, would
    otherwise run without the unique indexes that keep every consumer idempotent."""

    def __init__(self, settings: Settings) -> None:
        self._indexes: dict[str, list[IndexModel]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reapplying: asyncio.Task[None] | None = None
        self.indexes_reapplied = 0
        self._client: Any = AsyncIOMotorClient(
            settings.mongodb_uri,
            tz_aware=True,
            tzinfo=UTC,
            serverSelectionTimeoutMS=settings.mongo_timeout_ms,
            connectTimeoutMS=settings.mongo_timeout_ms,
            retryWrites=False,
            event_listeners=[_ServerReturns(self._server_returned)],
        )
        self.db = self._client[settings.mongodb_db]

    def collection(self, name: str) -> Any:
        """The named collection of this service's database."""
        return self.db[name]

    def bucket(self, name: str) -> GridFS:
        """A GridFS bucket (`<name>.files` / `<name>.chunks`)."""
        return GridFS(AsyncIOMotorGridFSBucket(self.db, bucket_name=name), self.db, name)

    async def ping(self) -> bool:
        """True when the server answers."""
        try:
            await self.db.command("ping")
        except PyMongoError:
            return False
        return True

    async def ensure_indexes(self, specs: Mapping[str, Sequence[IndexModel]]) -> None:
        """Create the given indexes per collection (idempotent; called by the owning service),
        and remember them to ensure them again when the server returns from an outage."""
        self._loop = asyncio.get_running_loop()
        for name, models in specs.items():
            known = self._indexes.setdefault(name, [])
            known.extend(m for m in models if m.document not in [k.document for k in known])
        await self._create(specs)

    async def _create(self, specs: Mapping[str, Sequence[IndexModel]]) -> None:
        with map_mongo_errors():
            for name, models in specs.items():
                if models:
                    await self.db[name].create_indexes(list(models))

    def _server_returned(self) -> None:
        loop = self._loop
        if loop is not None and self._indexes and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._reapply_soon)

    def _reapply_soon(self) -> None:
        if self._reapplying is None or self._reapplying.done():
            self._reapplying = asyncio.create_task(self._reapply())

    async def _reapply(self) -> None:
        # A server that answers its heartbeat may still refuse work for a while (starting up,
        # a busy machine): try again with backoff rather than run without the indexes.
        delay = 0.5
        for attempt in range(1, REAPPLY_ATTEMPTS + 1):
            try:
                await self._create(self._indexes)
            except TransientError as exc:
                log.warning("could not ensure indexes again (attempt %d): %s", attempt, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            self.indexes_reapplied += 1
            log.info(
                "the database answered again: indexes of %d collections ensured", len(self._indexes)
            )
            return
        log.error("gave up ensuring indexes again after %d attempts", REAPPLY_ATTEMPTS)

    async def drop_database(self) -> None:
        """Drop this service's database (tests only)."""
        await self._client.drop_database(self.db.name)

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()


class GridFS:
    """Upload, stream, read and delete files in one GridFS bucket."""

    def __init__(self, bucket: Any, db: Any, name: str) -> None:
        self._bucket = bucket
        self._files = db[f"{name}.files"]

    async def upload(self, filename: str, data: bytes, metadata: dict[str, Any]) -> str:
        """Store `data`; returns the new file id as a string."""
        with map_mongo_errors():
            file_id = await self._bucket.upload_from_stream(filename, data, metadata=metadata)
        return str(file_id)

    async def read(self, file_id: str) -> bytes:
        """The whole file (raises `NotFound`)."""
        stream = await self._open(file_id)
        with map_mongo_errors():
            return await stream.read()

    async def stream(self, file_id: str, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        """The file in chunks, for streaming responses (raises `NotFound` before the first)."""
        stream = await self._open(file_id)

        async def chunks() -> AsyncIterator[bytes]:
            with map_mongo_errors():
                while chunk := await stream.readchunk():
                    yield chunk

        return chunks()

    async def info(self, file_id: str) -> StoredFile:
        """Name, length and metadata of a stored file (raises `NotFound`)."""
        with map_mongo_errors():
            doc = await self._files.find_one({"_id": object_id(file_id)})
        if doc is None:
            raise NotFound(f"file {file_id} not found")
        return StoredFile(
            str(doc["_id"]), doc["filename"], doc["length"], doc.get("metadata") or {}
        )

    async def delete(self, file_id: str) -> None:
        """Delete a file; deleting a missing file is not an error."""
        from gridfs.errors import NoFile

        with map_mongo_errors(), contextlib.suppress(NoFile):
            await self._bucket.delete(object_id(file_id))

    async def _open(self, file_id: str) -> Any:
        from gridfs.errors import NoFile

        try:
            with map_mongo_errors():
                return await self._bucket.open_download_stream(object_id(file_id))
        except NoFile as exc:
            raise NotFound(f"file {file_id} not found") from exc
