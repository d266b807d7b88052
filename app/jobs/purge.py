"""The daily retention purge (under the job lease and the purge's own lease)."""

from __future__ import annotations

from app.services.context import Ctx
from app.services.privacy.retention import Busy, run_purge


async def purge(ctx: Ctx) -> dict[str, int]:
    """One purge run; its report is stored in ``retention_runs``; counts for the job log."""
    try:
        report = await run_purge(ctx, dry_run=False, trigger="schedule")
    except Busy:
        return {"busy": 1}
    return report.totals.model_dump(exclude={"call_id"})
