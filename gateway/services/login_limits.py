"""Login throttling: failed attempts counted per account and per client address.

Counters live in MongoDB (`login_failures`), not in process memory, so every gateway replica
sees the same numbers. Each key has a fixed window of `LOGIN_WINDOW_S` seconds that starts at
its first failure; a successful login clears the account's counter (not the address's, so one
good password does not reset a spray from that address).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from common.db import Mongo, ReturnDocument, map_mongo_errors
from common.settings import Settings
from common.timeutil import ensure_utc, utcnow
from gateway.collections import LOGIN_FAILURES


@dataclass(frozen=True)
class Throttled:
    """Why a login is refused before its password is checked, and for how long."""

    scope: str
    retry_after_s: int


def _keys(email: str, address: str) -> dict[str, str]:
    return {"account": f"account:{email}", "address": f"address:{address}"}


def _limits(settings: Settings) -> dict[str, int]:
    return {
        "account": settings.login_max_failures_per_account,
        "address": settings.login_max_failures_per_address,
    }


async def check(mongo: Mongo, settings: Settings, email: str, address: str) -> Throttled | None:
    """A `Throttled` when the account or the address has used up its failures in the window."""
    now = utcnow()
    window = timedelta(seconds=settings.login_window_s)
    keys = _keys(email, address)
    with map_mongo_errors():
        docs = (
            await mongo.collection(LOGIN_FAILURES)
            .find({"_id": {"$in": list(keys.values())}})
            .to_list(length=2)
        )
    by_id = {doc["_id"]: doc for doc in docs}
    for scope, limit in _limits(settings).items():
        doc = by_id.get(keys[scope])
        if doc is None or doc.get("count", 0) < limit:
            continue
        ends = ensure_utc(doc["window_start"]) + window
        if ends > now:
            return Throttled(scope, max(1, int((ends - now).total_seconds())))
    return None


async def record_failure(mongo: Mongo, settings: Settings, email: str, address: str) -> None:
    """Count one failed attempt against both the account and the address."""
    now = utcnow()
    window_open = now - timedelta(seconds=settings.login_window_s)
    collection = mongo.collection(LOGIN_FAILURES)
    with map_mongo_errors():
        for key in _keys(email, address).values():
            updated: Any = await collection.find_one_and_update(
                {"_id": key, "window_start": {"$gt": window_open}},
                {"$inc": {"count": 1}, "$set": {"last_failure_at": now}},
                return_document=ReturnDocument.AFTER,
            )
            if updated is None:  # no counter, or its window has passed: start a new window
                await collection.replace_one(
                    {"_id": key},
                    {"_id": key, "window_start": now, "count": 1, "last_failure_at": now},
                    upsert=True,
                )


async def clear_account(mongo: Mongo, email: str) -> None:
    """Forget the account's failures after a successful login."""
    with map_mongo_errors():
        await mongo.collection(LOGIN_FAILURES).delete_one({"_id": f"account:{email}"})
