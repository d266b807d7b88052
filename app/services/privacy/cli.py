"""``python -m app purge``: one purge run from the command line."""

from __future__ import annotations

import asyncio
import logging
import sys

from app.clock import SystemClock
from app.config import Settings
from app.db import connect
from app.services.context import Ctx, system_actor
from app.services.privacy.retention import Busy, run_purge

log = logging.getLogger("app.privacy")


async def purge_once(settings: Settings, *, dry_run: bool, pause_after_steps: int | None
                     ) -> str:
    """Run the purge; the report as JSON. ``pause_after_steps`` freezes the run midway so a
    test can kill it with SIGKILL, as a crash would."""
    mongo = await connect(settings)
    steps = 0

    async def step() -> None:
        nonlocal steps
        steps += 1
        if pause_after_steps is not None and steps >= pause_after_steps:
            sys.stderr.write(f"purge paused after {steps} steps\n")
            sys.stderr.flush()
            await asyncio.Event().wait()  # until killed

    try:
        ctx = Ctx(db=mongo.db, clock=SystemClock(), settings=settings,
                  actor=system_actor("purge"))
        try:
            report = await run_purge(ctx, dry_run=dry_run, trigger="cli",
                                     step=step if pause_after_steps is not None else None)
        except Busy:
            return '{"busy": true}'
        return report.model_dump_json(indent=2)
    finally:
        await mongo.close()
