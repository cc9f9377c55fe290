"""Email and password → a token: throttled, audited, the same for the API and the console."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request, status

from common.auth import issue_token
from common.db import Mongo
from common.settings import Settings
from gateway.services import audit, login_limits, users
from gateway.services.passwords import verify_password

BAD_CREDENTIALS = "Incorrect email or password"


@dataclass(frozen=True)
class SignedIn:
    """A fresh token and the account it speaks for."""

    token: str
    user: dict[str, Any]


async def sign_in(
    mongo: Mongo, settings: Settings, request: Request, email: str, password: str, address: str
) -> SignedIn:
    """Check the password (429 once throttled, 401 for a wrong one) and issue a token."""
    email = users.normalise_email(email)
    # The attempt is reserved before the password is checked: concurrent guesses cannot all
    # pass a check that only counts afterwards.
    throttled = await login_limits.reserve(mongo, settings, email, address)
    if throttled is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed logins for this {throttled.scope}; "
            f"try again in {max(1, throttled.retry_after_s // 60)} minute(s)",
            headers={"Retry-After": str(throttled.retry_after_s)},
        )
    user = await users.find_by_email(mongo, email)
    valid = await verify_password(password, user["password_hash"] if user else None)
    if user is None or not valid or not user.get("is_active", True):
        # the reserved attempt stays counted as this failure
        await audit.record(
            mongo,
            settings,
            request,
            "login_failed",
            user_id=user["_id"] if user else None,
            email=email,
        )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, BAD_CREDENTIALS, headers={"WWW-Authenticate": "Bearer"}
        )
    await login_limits.succeeded(mongo, settings, email, address)
    await audit.record(mongo, settings, request, "login", user_id=user["_id"], email=email)
    token = issue_token(settings, user["_id"], user["role"], email, user.get("token_version", 0))
    return SignedIn(token, user)
