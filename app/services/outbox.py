"""The notification outbox as the administrator sees it: dead letters, and requeueing one."""

from __future__ import annotations

import asyncio
import logging

from app.db import Db
from app.errors import NotFound
from app.models.common import PageParams, object_id
from app.models.outbox import DeadLetterList, DeadLetterRead
from app.repositories import outbox as outbox_repo
from app.services.context import Ctx

log = logging.getLogger("app.outbox")
PROBE_SECONDS = 2.0


async def list_dead_letters(ctx: Ctx, *, page: PageParams) -> DeadLetterList:
    """Notifications given up after every try, newest first."""
    found = await outbox_repo.dead_letters(ctx.db, page=page)
    return DeadLetterList(items=[DeadLetterRead.from_doc(d) for d in found.docs],
                          next_cursor=found.next_cursor)


async def requeue_dead_letter(ctx: Ctx, *, message_id: str) -> None:
    """Give a dead letter a fresh set of tries (after the mail relay was fixed)."""
    oid = object_id(message_id, what="dead letter")
    if not await outbox_repo.requeue(ctx.db, message_id=oid, now=ctx.clock.now()):
        raise NotFound("No such dead letter.")
    log.info("dead letter requeued", extra={"outbox_id": message_id})


async def gauges(*, db: Db) -> tuple[bool, int | None, int | None]:
    """(database reachable, notifications waiting, dead letters), asked at each scrape with a
    short timeout, so a database that hangs does not hang the scrape."""
    try:
        async with asyncio.timeout(PROBE_SECONDS):
            await db.command("ping")
            return True, await outbox_repo.count_waiting(db), await outbox_repo.count_dead(db)
    except Exception:
        return False, None, None
