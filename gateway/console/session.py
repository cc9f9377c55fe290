"""Console sessions: the signed-in account's token in an HttpOnly cookie, CSRF on every form.

The cookie holds the same JWT the API issues, so a console session ends exactly like an API
one (logout, password change, deactivation: `gateway/services/sessions.py`). It is
`SameSite=Strict` and scoped to `/console`; every form that changes something also carries a
token derived from the session (HMAC of the JWT with the server's secret) and must come from
the console's own origin.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Form, HTTPException, Request, status
from fastapi.responses import Response

from common.auth import Principal, Unauthorized, verify_bearer
from gateway.api.deps import AuditTrail, StateDep
from gateway.state import AppState

COOKIE = "hrflow_console"
PATH = "/console"


class SignInRequired(Exception):
    """Raised by a page that needs a session; answered with a redirect to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


@dataclass(frozen=True)
class Session:
    """The signed-in account of a console request."""

    principal: Principal
    token: str
    email: str
    csrf: str

    @property
    def auth(self) -> str:
        """The `Authorization` header value for calls made on the user's behalf."""
        return f"Bearer {self.token}"

    @property
    def is_admin(self) -> bool:
        return self.principal.is_admin


def csrf_for(secret: str, token: str) -> str:
    """The form token that goes with a session (changes with every new sign-in)."""
    return hmac.new(secret.encode(), b"console-csrf:" + token.encode(), hashlib.sha256).hexdigest()


async def session_of(request: Request, state: AppState) -> Session | None:
    """The request's session, or None (no cookie, a bad or ended token, the service token)."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    try:
        principal = verify_bearer(state.settings, f"Bearer {token}")
        if principal.is_service:
            return None
        principal = await state.accounts.check(state.mongo, principal)
    except Unauthorized:
        return None
    return Session(principal, token, principal.email, csrf_for(state.settings.jwt_secret, token))


async def require_session(request: Request, state: StateDep) -> Session:
    """A page's session; without one, a redirect to sign in (and back)."""
    found = await session_of(request, state)
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    return found


SessionDep = Annotated[Session, Depends(require_session)]


def require_admin(session: SessionDep) -> Session:
    """Admins only (others get a 403 page that says so)."""
    if not session.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only administrators may see this page")
    return session


AdminDep = Annotated[Session, Depends(require_admin)]


def check_origin(request: Request) -> None:
    """A state-changing form must come from this origin (when the browser says where from)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return
    sent = urlsplit(origin)
    here = urlsplit(str(request.base_url))
    if (sent.scheme, sent.netloc) != (here.scheme, here.netloc):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This form was sent from another site")


async def require_form(
    request: Request, session: SessionDep, csrf: Annotated[str, Form()] = ""
) -> Session:
    """The session of a POSTed form whose CSRF token and origin are right (403 otherwise)."""
    check_origin(request)
    if not hmac.compare_digest(csrf.encode(), session.csrf.encode()):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "The form's security token is missing or out of date"
        )
    return session


FormSession = Annotated[Session, Depends(require_form)]


def set_cookie(response: Response, token: str, *, secure: bool, max_age_s: int) -> None:
    """Store the session (HttpOnly, SameSite=Strict, only sent to the console's paths)."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age_s,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def clear_cookie(response: Response, *, secure: bool) -> None:
    """Forget the session in the browser."""
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict", secure=secure)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console path only (never another site)."""
    if target and target.startswith(PATH + "/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return PATH + "/workflows"


def sign_in_url(next_url: str) -> str:
    """The sign-in page that leads back to `next_url`."""
    return f"{PATH}/login?next={quote(next_url, safe='/')}"


async def record(
    request: Request,
    state: AppState,
    signed: Session,
    action: str,
    resource_type: str,
    resource_id: str,
    details: dict[str, Any] | None = None,
) -> None:
    """An audit entry for what the signed-in account did from the console (the API's trail)."""
    trail = AuditTrail(state.mongo, state.settings, request, signed.principal)
    await trail.record(action, resource_type, resource_id, {"via": "console", **(details or {})})
