"""Signing in and out of the console (the same accounts, throttling and audit as the API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from gateway.api.deps import ClientAddress, StateDep
from gateway.console import session
from gateway.console.render import page
from gateway.services import audit, sessions, signin

router = APIRouter(prefix=session.PATH, include_in_schema=False)


def _secure(request: Request, state: StateDep) -> bool:
    return state.settings.console_cookie_secure or request.url.scheme == "https"


@router.get("")
async def home() -> Response:
    """The console starts at the workflow list."""
    return RedirectResponse(f"{session.PATH}/workflows", status_code=303)


@router.get("/login")
async def login_form(request: Request, state: StateDep, next: str | None = None) -> Response:
    """The sign-in form (straight on when a session is already open)."""
    if await session.session_of(request, state) is not None:
        return RedirectResponse(session.safe_next(next), status_code=303)
    return page(request, "login.html", {"next": session.safe_next(next), "email": ""})


@router.post("/login")
async def login(
    request: Request,
    state: StateDep,
    address: ClientAddress,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the password; on success set the session cookie and go on."""
    session.check_origin(request)
    target = session.safe_next(next)
    try:
        signed = await signin.sign_in(
            state.mongo, state.settings, request, email, password, address
        )
    except HTTPException as exc:
        answer = page(
            request,
            "login.html",
            {"next": target, "email": email, "error": str(exc.detail)},
            exc.status_code,
        )
        if exc.headers and "Retry-After" in exc.headers:
            answer.headers["Retry-After"] = exc.headers["Retry-After"]
        return answer
    response = RedirectResponse(target, status_code=303)
    session.set_cookie(
        response,
        signed.token,
        secure=_secure(request, state),
        max_age_s=state.settings.jwt_expire_minutes * 60,
    )
    return response


@router.post("/logout")
async def logout(request: Request, state: StateDep, signed: session.FormSession) -> Response:
    """End the session everywhere (like `POST /auth/logout`) and forget the cookie."""
    await sessions.end_sessions(state.mongo, state.accounts, signed.principal.user_id)
    await audit.record(
        state.mongo,
        state.settings,
        request,
        "logout",
        user_id=signed.principal.user_id,
        email=signed.email,
    )
    response = RedirectResponse(f"{session.PATH}/login", status_code=303)
    session.clear_cookie(response, secure=_secure(request, state))
    return response
