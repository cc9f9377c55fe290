"""Whether a signed token still speaks for its account: the account exists, is active, and the
token's version is the account's current one (logout and a password change move it on). The
role is the account's current role, not the one written in the token.

Each account is read at most once per `AUTH_ACCOUNT_CACHE_S` seconds per gateway process, so a
request costs no database read in the common case, and a revocation takes effect everywhere
within that many seconds (at once on the process that made it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from common.auth import ROLES, Principal, Unauthorized
from common.db import Mongo, map_mongo_errors
from gateway.collections import USERS

ENDED = "This session has ended (signed out or password changed); sign in again"
DISABLED = "The account is disabled or no longer exists"
_MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Account:
    """What a request needs to know of an account."""

    role: str
    active: bool
    token_version: int


def account_of(doc: dict[str, Any] | None) -> Account | None:
    """The account fields of a `users` document (None for no document)."""
    if doc is None:
        return None
    return Account(
        role=str(doc.get("role", "")),
        active=bool(doc.get("is_active", True)),
        token_version=int(doc.get("token_version", 0)),
    )


class AccountCache:
    """Recently read accounts, by user id, for `ttl_s` seconds."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[float, Account | None]] = {}

    async def check(self, mongo: Mongo, principal: Principal) -> Principal:
        """The principal with its account's current role; `Unauthorized` when the token no
        longer speaks for an active account."""
        account = await self._account(mongo, principal.user_id)
        if account is None or not account.active or account.role not in ROLES:
            raise Unauthorized(DISABLED)
        if principal.token_version != account.token_version:
            raise Unauthorized(ENDED)
        if account.role != principal.role:
            return replace(principal, role=account.role)  # type: ignore[arg-type]
        return principal

    def forget(self, user_id: str) -> None:
        """Read the account again on its next request (it just changed here)."""
        self._entries.pop(user_id, None)

    async def _account(self, mongo: Mongo, user_id: str) -> Account | None:
        now = time.monotonic()
        cached = self._entries.get(user_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        with map_mongo_errors():
            doc = await mongo.collection(USERS).find_one(
                {"_id": user_id}, {"role": 1, "is_active": 1, "token_version": 1}
            )
        account = account_of(doc)
        if self.ttl_s > 0:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[user_id] = (now + self.ttl_s, account)
        return account


async def end_sessions(mongo: Mongo, cache: AccountCache, user_id: str) -> int:
    """Revoke every token of the account (logout, password change); the new token version."""
    with map_mongo_errors():
        doc = await mongo.collection(USERS).find_one_and_update(
            {"_id": user_id},
            {"$inc": {"token_version": 1}},
            projection={"token_version": 1},
            return_document=True,
        )
    cache.forget(user_id)
    return int((doc or {}).get("token_version", 0))
