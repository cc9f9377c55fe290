"""The `users` collection: accounts, their roles and password hashes."""

from __future__ import annotations

import re
import uuid
from typing import Any

from common.db import Mongo, map_mongo_errors
from common.errors import Conflict
from common.timeutil import utcnow
from gateway.collections import USERS
from gateway.services.passwords import hash_password

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class EmailTaken(Conflict):
    """An account with this email already exists."""


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding blanks."""
    return email.strip().lower()


async def find_by_email(mongo: Mongo, email: str) -> dict[str, Any] | None:
    """The account with this email, or None."""
    with map_mongo_errors():
        return await mongo.collection(USERS).find_one({"email": normalise_email(email)})


async def find_by_id(mongo: Mongo, user_id: str) -> dict[str, Any] | None:
    """The account with this id, or None."""
    with map_mongo_errors():
        return await mongo.collection(USERS).find_one({"_id": user_id})


async def emails_of(mongo: Mongo, user_ids: list[str]) -> dict[str, str]:
    """Each known account's email by id (one read for a whole page of ids)."""
    wanted = sorted({u for u in user_ids if u})
    if not wanted:
        return {}
    with map_mongo_errors():
        docs = await (
            mongo.collection(USERS)
            .find({"_id": {"$in": wanted}}, {"email": 1})
            .to_list(len(wanted))
        )
    return {d["_id"]: d.get("email", "") for d in docs}


async def create_user(
    mongo: Mongo,
    *,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    company: str | None = None,
) -> dict[str, Any]:
    """Store a new account (raises `EmailTaken` when the email is registered)."""
    email = normalise_email(email)
    now = utcnow()
    doc = {
        "_id": uuid.uuid4().hex,
        "email": email,
        "password_hash": await hash_password(password),
        "first_name": first_name,
        "last_name": last_name,
        "company": company,
        "role": role,
        "is_active": True,
        "created_at": now,
        "updated_at": now,
    }
    if await find_by_email(mongo, email) is not None:
        raise EmailTaken(f"A user with email {email} already exists")
    try:
        with map_mongo_errors():
            await mongo.collection(USERS).insert_one(doc)
    except Conflict as exc:  # a concurrent registration won the unique index
        raise EmailTaken(f"A user with email {email} already exists") from exc
    return doc


async def set_password(mongo: Mongo, user_id: str, password: str) -> None:
    """Store a new password hash for the account."""
    password_hash = await hash_password(password)
    with map_mongo_errors():
        await mongo.collection(USERS).update_one(
            {"_id": user_id}, {"$set": {"password_hash": password_hash, "updated_at": utcnow()}}
        )


def public_user(doc: dict[str, Any]) -> dict[str, Any]:
    """The fields the frontend reads (`id, email, firstName, lastName, role`) and a few more."""
    return {
        "id": str(doc["_id"]),
        "email": doc["email"],
        "firstName": doc.get("first_name", ""),
        "lastName": doc.get("last_name", ""),
        "role": doc["role"],
        "company": doc.get("company"),
    }
