"""Dependencies of the tracker's routes, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from common.auth import Principal, Unauthorized, verify_bearer
from common.broker import Publisher
from common.settings import Settings
from tracker.store import ExecutionStore


def get_settings_dep(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


def get_store(request: Request) -> ExecutionStore:
    """The app's execution store."""
    return request.app.state.store


def get_publisher(request: Request) -> Publisher:
    """The app's confirmed publisher."""
    return request.app.state.publisher


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[ExecutionStore, Depends(get_store)]
PublisherDep = Annotated[Publisher, Depends(get_publisher)]


def get_principal(
    settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """The caller from `Authorization: Bearer ...`; 401 with a reason otherwise."""
    try:
        return verify_bearer(settings, authorization)
    except Unauthorized as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, detail=str(exc), headers={"WWW-Authenticate": "Bearer"}
        ) from exc


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_operator(principal: CurrentPrincipal) -> Principal:
    """Admins and the service token only (403 for other users)."""
    if not principal.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="operators only (admin or service)")
    return principal


def require_service(principal: CurrentPrincipal) -> Principal:
    """The service token only (403 for user tokens)."""
    if not principal.is_service:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="service token required")
    return principal


OperatorPrincipal = Annotated[Principal, Depends(require_operator)]
ServicePrincipal = Annotated[Principal, Depends(require_service)]
