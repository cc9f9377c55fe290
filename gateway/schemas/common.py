"""Small shapes several routers answer with."""

from __future__ import annotations

from pydantic import BaseModel

from common.paging import MAX_SKIP

__all__ = ["MAX_SKIP", "SuccessMessage"]


class SuccessMessage(BaseModel):
    """`{success, message}` — what the app reads after deletes and logout."""

    success: bool = True
    message: str = ""
