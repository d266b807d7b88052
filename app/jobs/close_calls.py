"""Close published calls whose deadline has passed."""

from __future__ import annotations

from app.services.calls import close_due_calls
from app.services.context import Ctx


async def close_calls(ctx: Ctx) -> dict[str, int]:
    """One pass: every published call past its deadline becomes closed (reason: deadline)."""
    return {"closed": await close_due_calls(ctx)}
