"""Demo data for ``make run``: the real notices in ``shared/seeds``, seeded once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.clock import Clock
from app.config import Settings
from app.db import Db
from app.models.calls import AnyCallCreate, CallStatus, DeadlineIn
from app.models.stored import CallDoc
from app.repositories import calls as calls_repo
from app.services.calls.store import deadline_doc, new_call_doc
from app.services.demo_calls import DEMO_CALLS

log = logging.getLogger("app.demo")
DEMO_ACTOR = "system:demo"
SHIFT = timedelta(days=60)


def demo_deadline(payload: AnyCallCreate, now: datetime) -> tuple[DeadlineIn, bool]:
    """The real deadline if still ahead; else the same local time, 60 days after ``now``."""
    real = payload.deadline
    if real.instant() > now:
        return real, False
    day = (now + SHIFT).astimezone(ZoneInfo(real.zone)).date()
    if real.last_day is not None:
        return DeadlineIn(last_day=day, zone=real.zone), True
    shifted = DeadlineIn(local=datetime.combine(day, real.wall_time().time()), zone=real.zone)
    return shifted, True


def demo_call_doc(payload: AnyCallCreate, *, now: datetime) -> CallDoc:
    """A published call document for a demo notice."""
    doc = new_call_doc(payload, now=now, by=DEMO_ACTOR)
    deadline, shifted = demo_deadline(payload, now)
    doc["deadline"] = deadline_doc(deadline)
    doc["status"] = CallStatus.published.value
    doc["published_at"] = now
    doc["history"] = [{"at": now, "by": DEMO_ACTOR, "from": CallStatus.draft.value,
                       "to": CallStatus.published.value, "reason": "demo data"}]
    if shifted:
        doc["demo"] = {
            "original_deadline": deadline_doc(payload.deadline),
            "note": "Demo data: the notice's real deadline has passed, so it was moved to the "
                    "same local time 60 days after the demo was seeded.",
        }
    return doc


async def seed_demo_data(db: Db, *, clock: Clock, settings: Settings) -> None:
    """Insert the demo calls if they are not there yet (idempotent: keyed by reference)."""
    now = clock.now()
    created = 0
    for payload in DEMO_CALLS:
        if await calls_repo.get_by_reference(db, payload.reference) is not None:
            continue
        # A concurrent seeder may win the insert; the unique reference makes that harmless.
        if await calls_repo.insert(db, demo_call_doc(payload, now=now)) is not None:
            created += 1
    log.info("demo data seeded", extra={"calls_created": created})
