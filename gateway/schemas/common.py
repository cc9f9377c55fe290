"""Small shapes several routers answer with."""

from __future__ import annotations

from pydantic import BaseModel

# The largest `?skip=` a list accepts: beyond it a page is empty anyway, and a database cannot
# take every integer (past 2**63 the driver raises, a 500; the emulator refuses past 2**31).
MAX_SKIP = 2**31 - 1


class SuccessMessage(BaseModel):
    """`{success, message}` — what the app reads after deletes and logout."""

    success: bool = True
    message: str = ""
