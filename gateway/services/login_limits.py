"""Login throttling: attempts are reserved atomically before a password is checked.

Counters live in MongoDB (`login_failures`), not in process memory, so every gateway replica
sees the same numbers. Three budgets, each a fixed window of `LOGIN_WINDOW_S` seconds from its
first attempt:

- **account from an address** (`LOGIN_MAX_FAILURES_PER_ACCOUNT`): the usual lock-out. Keyed by
  the pair, so someone who only knows an e-mail address locks out their own address, not the
  account's owner signing in from elsewhere;
- **the account from anywhere** (four times that): bounds guessing spread over many addresses;
- **an address** (`LOGIN_MAX_FAILURES_PER_ADDRESS`): bounds a spray over many accounts.

`reserve` takes one attempt from each budget with one atomic increment per counter *before*
the password is verified, so 60 concurrent guesses check at most the budget's worth of
passwords (checking first and counting after let every concurrent guess through). A successful
login gives the attempt back to the address budgets and clears the account's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from common.db import Mongo, ReturnDocument, map_mongo_errors
from common.errors import Conflict
from common.settings import Settings
from common.timeutil import ensure_utc, utcnow
from gateway.collections import LOGIN_FAILURES

ACCOUNT_WIDE_FACTOR = 4


@dataclass(frozen=True)
class Throttled:
    """Why a login is refused before its password is checked, and for how long."""

    scope: str
    retry_after_s: int


@dataclass(frozen=True)
class Budget:
    """One counter a login attempt draws on."""

    scope: str  # what the refusal names: 'account' or 'address'
    key: str
    limit: int


def budgets(settings: Settings, email: str, address: str) -> list[Budget]:
    """The counters one attempt of `email` from `address` draws on."""
    per_account = settings.login_max_failures_per_account
    return [
        Budget("account", f"account:{email}|{address}", per_account),
        Budget("account", f"account:{email}", per_account * ACCOUNT_WIDE_FACTOR),
        Budget("address", f"address:{address}", settings.login_max_failures_per_address),
    ]


async def reserve(mongo: Mongo, settings: Settings, email: str, address: str) -> Throttled | None:
    """Take one attempt from every budget; a `Throttled` (and nothing taken) when one of them
    is used up in its window."""
    taken: list[Budget] = []
    for budget in budgets(settings, email, address):
        doc = await _take(mongo, settings, budget.key)
        taken.append(budget)
        if doc["count"] > budget.limit:
            await release(mongo, taken)
            ends = ensure_utc(doc["window_start"]) + timedelta(seconds=settings.login_window_s)
            retry_after = max(1, int((ends - utcnow()).total_seconds()))
            return Throttled(budget.scope, retry_after)
    return None


async def succeeded(mongo: Mongo, settings: Settings, email: str, address: str) -> None:
    """A good password: the account's counters are cleared, the address gets its attempt back
    (one good password does not reset a spray from that address)."""
    account = [b for b in budgets(settings, email, address) if b.scope == "account"]
    address_budgets = [b for b in budgets(settings, email, address) if b.scope == "address"]
    with map_mongo_errors():
        await mongo.collection(LOGIN_FAILURES).delete_many(
            {"_id": {"$in": [b.key for b in account]}}
        )
    await release(mongo, address_budgets)


async def release(mongo: Mongo, taken: list[Budget]) -> None:
    """Give reserved attempts back."""
    with map_mongo_errors():
        for budget in taken:
            await mongo.collection(LOGIN_FAILURES).update_one(
                {"_id": budget.key, "count": {"$gt": 0}}, {"$inc": {"count": -1}}
            )


async def _take(mongo: Mongo, settings: Settings, key: str) -> dict[str, Any]:
    """Increment one counter atomically, opening a new window when its last one has passed."""
    now = utcnow()
    window_open = now - timedelta(seconds=settings.login_window_s)
    collection = mongo.collection(LOGIN_FAILURES)
    with map_mongo_errors():
        await collection.update_one(  # an expired window starts again from nothing
            {"_id": key, "window_start": {"$lte": window_open}},
            {"$set": {"window_start": now, "count": 0}},
        )
    for _ in range(2):  # a lost insert race retries as an update
        try:
            with map_mongo_errors():
                doc: Any = await collection.find_one_and_update(
                    {"_id": key},
                    {
                        "$inc": {"count": 1},
                        "$set": {"last_attempt_at": now},
                        "$setOnInsert": {"window_start": now},
                    },
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                )
            return doc
        except Conflict:
            continue
    raise Conflict(f"login counter {key} could not be updated")
