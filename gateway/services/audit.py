"""Audit entries (`audit_logs`): who did what, from which address and user agent."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request

from common.db import Mongo, map_mongo_errors
from common.errors import TransientError
from common.settings import Settings
from common.timeutil import utcnow
from gateway.collections import AUDIT_LOGS
from gateway.services.client_address import client_address

log = logging.getLogger(__name__)

# action → the frontend's activity `type`
ACTION_TYPES: dict[str, str] = {
    "login": "info",
    "login_failed": "warning",
    "logout": "info",
    "change_password": "info",
    "change_password_failed": "warning",
    "register": "info",
    "upload_resume": "success",
    "upload_jd": "success",
    "create_jd": "success",
    "update_jd": "info",
    "delete_resume": "warning",
    "delete_jd": "warning",
    "workflow_start": "info",
    "workflow_cancel": "warning",
    "workflow_delete": "warning",
    "workflow_status": "warning",
}


async def record(
    mongo: Mongo,
    settings: Settings,
    request: Request,
    action: str,
    *,
    user_id: str | None,
    email: str = "",
    resource_type: str | None = None,
    resource_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Store one audit entry. A database hiccup is logged, never turned into a failed request."""
    entry = {
        "action": action,
        "user_id": user_id,
        "email": email,
        "resource_type": resource_type,
        "resource_id": resource_id,
        "details": details or {},
        "client_ip": client_address(request, settings.trusted_proxies),
        "user_agent": request.headers.get("user-agent", ""),
        "created_at": utcnow(),
    }
    try:
        with map_mongo_errors():
            await mongo.collection(AUDIT_LOGS).insert_one(entry)
    except TransientError:
        log.warning("audit entry not stored", extra={"fields": {"action": action}})
