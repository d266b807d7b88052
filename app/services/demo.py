"""Demo data for ``make run``: the real notices in ``shared/seeds``, seeded once."""

from __future__ import annotations

from app.clock import Clock
from app.config import Settings
from app.db import Db


async def seed_demo_data(db: Db, *, clock: Clock, settings: Settings) -> None:
    """Insert the demo calls if they are not there yet (idempotent)."""
    return None
