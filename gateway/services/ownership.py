"""Who may see what: owners see their own records, admins (and the service) see all."""

from __future__ import annotations

from typing import Any

from common.auth import Principal


def owner_filter(principal: Principal, field: str = "owner_id") -> dict[str, Any]:
    """A query fragment that limits a find to the caller's records (nothing for admins)."""
    return {} if principal.is_admin else {field: principal.user_id}


def scoped(principal: Principal, query: dict[str, Any], field: str = "owner_id") -> dict[str, Any]:
    """`query` restricted to the caller's records."""
    return {**query, **owner_filter(principal, field)}
