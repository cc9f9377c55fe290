"""Dependencies as `Annotated` aliases: settings, Mongo, the tracker, the caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPBearer

from common.auth import Principal, Unauthorized, verify_bearer
from common.db import Mongo
from common.settings import Settings
from gateway.services import audit
from gateway.services.client_address import client_address
from gateway.services.tracker import TrackerClient
from gateway.state import AppState, MessagePublisher

# Only documents the scheme in OpenAPI (the "Authorize" button); the header is read below so
# that a missing, empty or malformed header is a 401 with the reason, never FastAPI's 403.
bearer_scheme = HTTPBearer(auto_error=False, description="JWT from POST /auth/login")


def get_state(request: Request) -> AppState:
    """The app's shared handles."""
    return request.app.state.gateway


StateDep = Annotated[AppState, Depends(get_state)]


def get_settings_dep(state: StateDep) -> Settings:
    """The gateway's settings."""
    return state.settings


def get_mongo(state: StateDep) -> Mongo:
    """The Mongo handle."""
    return state.mongo


def get_tracker(state: StateDep) -> TrackerClient:
    """The tracker client."""
    return state.tracker


def get_publisher(state: StateDep) -> MessagePublisher:
    """The confirmed broker publisher."""
    return state.publisher


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
MongoDep = Annotated[Mongo, Depends(get_mongo)]
TrackerDep = Annotated[TrackerClient, Depends(get_tracker)]
PublisherDep = Annotated[MessagePublisher, Depends(get_publisher)]


def authorization_header(request: Request) -> str:
    """The raw `Authorization` header ('' when absent)."""
    return request.headers.get("authorization", "")


AuthHeader = Annotated[str, Depends(authorization_header)]


async def get_current_user(
    request: Request, state: StateDep, _: Annotated[object, Depends(bearer_scheme)]
) -> Principal:
    """The caller from the bearer token; 401 for missing, empty, tampered or expired tokens,
    for a token of an ended session, and for a disabled account. A user's role is the
    account's current one."""
    try:
        principal = verify_bearer(state.settings, request.headers.get("authorization"))
        if principal.is_service:
            return principal
        return await state.accounts.check(state.mongo, principal)
    except Unauthorized as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(exc), headers={"WWW-Authenticate": "Bearer"}
        ) from exc


CurrentUser = Annotated[Principal, Depends(get_current_user)]


def require_operator(user: CurrentUser) -> Principal:
    """Admins and the service token only (404-free: a 403 tells the caller why)."""
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only administrators may do this")
    return user


def require_service(user: CurrentUser) -> Principal:
    """The service token only (internal endpoints)."""
    if not user.is_service:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This endpoint is for hrflow services")
    return user


def get_client_address(request: Request, settings: SettingsDep) -> str:
    """The real client address (trusted proxies honoured)."""
    return client_address(request, settings.trusted_proxies)


ClientAddress = Annotated[str, Depends(get_client_address)]


@dataclass(frozen=True)
class AuditTrail:
    """Audit entries (`audit_logs`) for the authenticated caller of this request."""

    mongo: Mongo
    settings: Settings
    request: Request
    user: Principal

    async def record(
        self,
        action: str,
        resource_type: str,
        resource_id: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Store one entry: who (the caller), what, on which resource, from where."""
        await audit.record(
            self.mongo,
            self.settings,
            self.request,
            action,
            user_id=self.user.user_id,
            email=self.user.email,
            resource_type=resource_type,
            resource_id=resource_id,
            details=details,
        )


def get_audit_trail(
    request: Request, user: CurrentUser, mongo: MongoDep, settings: SettingsDep
) -> AuditTrail:
    """The caller's audit trail."""
    return AuditTrail(mongo, settings, request, user)


Audit = Annotated[AuditTrail, Depends(get_audit_trail)]
