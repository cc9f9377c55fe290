"""Accounts: login, current user, self-registration, logout and password change."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status

from common.auth import issue_token
from gateway.api.deps import ClientAddress, CurrentUser, MongoDep, SettingsDep, StateDep
from gateway.schemas.common import SuccessMessage
from gateway.schemas.users import (
    ChangePasswordRequest,
    LoginRequest,
    RegisteredData,
    RegisterResponse,
    Token,
    UserPublic,
    UserRegister,
)
from gateway.services import audit, login_limits, sessions, signin, users
from gateway.services.passwords import verify_password

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=Token)
async def login(
    body: LoginRequest,
    request: Request,
    mongo: MongoDep,
    settings: SettingsDep,
    address: ClientAddress,
) -> Token:
    """Exchange email and password for a bearer token (failures are rate-limited)."""
    signed = await signin.sign_in(mongo, settings, request, body.email, body.password, address)
    return Token(access_token=signed.token, user=UserPublic(**users.public_user(signed.user)))


@router.get("/me", response_model=UserPublic)
async def me(user: CurrentUser, mongo: MongoDep) -> UserPublic:
    """The signed-in user (401 when the token is bad or the account is gone)."""
    doc = await users.find_by_id(mongo, user.user_id)
    if doc is None or not doc.get("is_active", True):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "The account no longer exists",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return UserPublic(**users.public_user(doc))


@router.post("/register", response_model=RegisterResponse, status_code=status.HTTP_201_CREATED)
async def register(
    body: UserRegister, request: Request, mongo: MongoDep, settings: SettingsDep
) -> RegisterResponse:
    """Create a `recruiter` or `hr_manager` account; admins are made with the CLI only."""
    if not settings.allow_self_registration:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Self-registration is disabled")
    if body.role == "admin":
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "Self-registration cannot create an admin account; ask an administrator",
        )
    try:
        doc = await users.create_user(
            mongo,
            email=body.email,
            password=body.password,
            role=body.role or "recruiter",
            first_name=body.firstName,
            last_name=body.lastName,
            company=body.company,
        )
    except users.EmailTaken as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    await audit.record(mongo, settings, request, "register", user_id=doc["_id"], email=doc["email"])
    return RegisterResponse(
        message="Registration successful", data=RegisteredData(user_id=doc["_id"])
    )


@router.post("/logout", response_model=SuccessMessage)
async def logout(user: CurrentUser, request: Request, state: StateDep) -> SuccessMessage:
    """End the session: every token of the account stops working (on every device)."""
    if not user.is_service:
        await sessions.end_sessions(state.mongo, state.accounts, user.user_id)
    await audit.record(
        state.mongo, state.settings, request, "logout", user_id=user.user_id, email=user.email
    )
    return SuccessMessage(message="Logged out")


@router.post("/change-password", response_model=Token)
async def change_password(
    body: ChangePasswordRequest,
    user: CurrentUser,
    request: Request,
    state: StateDep,
    address: ClientAddress,
) -> Token:
    """Set a new password; every earlier token stops working and a new one is returned. A
    wrong current password counts as a failed login (and is throttled like one)."""
    if user.is_service:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The service token has no password")
    mongo, settings = state.mongo, state.settings
    doc = await users.find_by_id(mongo, user.user_id)
    if doc is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, sessions.DISABLED)
    throttled = await login_limits.reserve(mongo, settings, doc["email"], address)
    if throttled is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed attempts for this {throttled.scope}; try again later",
            headers={"Retry-After": str(throttled.retry_after_s)},
        )
    if not await verify_password(body.current_password, doc["password_hash"]):
        await audit.record(
            mongo,
            settings,
            request,
            "change_password_failed",
            user_id=doc["_id"],
            email=doc["email"],
        )
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The current password is incorrect")
    if body.new_password == body.current_password:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "The new password must differ from the current one"
        )
    await login_limits.succeeded(mongo, settings, doc["email"], address)
    await users.set_password(mongo, doc["_id"], body.new_password)
    version = await sessions.end_sessions(mongo, state.accounts, doc["_id"])
    await audit.record(
        mongo, settings, request, "change_password", user_id=doc["_id"], email=doc["email"]
    )
    token = issue_token(settings, doc["_id"], doc["role"], doc["email"], version)
    return Token(access_token=token, user=UserPublic(**users.public_user(doc)))
