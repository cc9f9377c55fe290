"""Bearer tokens shared by the gateway (which issues them) and the tracker (which checks them).

A token is either a user's JWT (HS256, `JWT_SECRET`; claims `sub` = user id, `role`, `email`,
`tv` = the account's token version, `exp`) or the configured `SERVICE_TOKEN`, which operators'
tools and the gateway use for internal calls. `verify_bearer` turns an `Authorization` header
value into a `Principal` or raises `Unauthorized` with a reason the HTTP layer reports as 401.
Whether the account behind a valid token is still active, and the token still current, is the
gateway's check (`gateway/services/sessions.py`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt

from common.settings import Settings
from common.timeutil import utcnow

Role = Literal["admin", "hr_manager", "recruiter", "service"]
ROLES: tuple[str, ...] = ("admin", "hr_manager", "recruiter")
ALGORITHM = "HS256"


class Unauthorized(Exception):
    """Missing, malformed, tampered or expired credentials (HTTP 401)."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (id, role, email) or the service identity."""

    user_id: str
    role: Role
    email: str = ""
    token_version: int = 0  # the account's token version when the token was issued

    @property
    def is_admin(self) -> bool:
        """Admins and the service identity see every user's data."""
        return self.role in ("admin", "service")

    @property
    def is_service(self) -> bool:
        """True for the configured service token."""
        return self.role == "service"


SERVICE_PRINCIPAL = Principal(user_id="service", role="service")


def issue_token(
    settings: Settings, user_id: str, role: str, email: str = "", version: int = 0
) -> str:
    """A signed JWT for a user, valid for `JWT_EXPIRE_MINUTES`; `version` is the account's
    token version (a logout or a password change moves it on, ending older tokens)."""
    now = utcnow()
    claims = {
        "sub": user_id,
        "role": role,
        "email": email,
        "tv": version,
        "iat": now,
        "exp": now + timedelta(minutes=settings.jwt_expire_minutes),
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)


def verify_bearer(settings: Settings, authorization: str | None) -> Principal:
    """Check an `Authorization` header value; an empty header counts as missing."""
    if not authorization or not authorization.strip():
        raise Unauthorized("Not authenticated")
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Authorization header must be 'Bearer <token>'")
    if hmac.compare_digest(token.encode(), settings.service_token.encode()):
        return SERVICE_PRINCIPAL
    return _decode_user_token(settings, token)


def _decode_user_token(settings: Settings, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token, settings.jwt_secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Token has expired") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("Could not validate credentials") from exc
    role = claims.get("role")
    if role not in ROLES:
        raise Unauthorized("Could not validate credentials")
    version = claims.get("tv", 0)
    if not isinstance(version, int):
        raise Unauthorized("Could not validate credentials")
    return Principal(
        user_id=str(claims["sub"]),
        role=role,
        email=str(claims.get("email", "")),
        token_version=version,
    )
