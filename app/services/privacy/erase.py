"""Erasing one application and every copy of it: the step the purge and erasure share.

Two phases, each idempotent, so a process killed at any line leaves nothing reachable and the
next run finishes: ``claim`` marks the application ``purging`` (every read path treats it as
gone from then on) and records what it holds; ``finish`` deletes each copy, destroys the
person's pseudonym key when nothing else of theirs remains, and deletes the application last,
crediting its counts to the run in the same transaction.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from app.db import Document
from app.repositories import applications as applications_repo
from app.repositories import audit as audit_repo
from app.repositories import documents as documents_repo
from app.repositories import privacy as repo
from app.services import audit
from app.services.context import Ctx
from app.services.privacy import registry

log = logging.getLogger("app.privacy")

# A test hook: called after each deletion step, so a test can kill a real run midway.
Step = Callable[[], Awaitable[None]]


async def footprint(ctx: Ctx, application_id: ObjectId) -> tuple[list[ObjectId], dict[str, int]]:
    """What the application holds, as the run report counts it."""
    doc_ids, files, size = await repo.document_footprint(ctx.db, application_id)
    counts = {"applications": 1, "files": files, "bytes": size}
    for collection, field in registry.BY_APPLICATION.items():
        counts[registry.COUNTED_AS[collection]] = await repo.count(
            ctx.db, collection, {field: application_id})
    return doc_ids, counts


def subjects_of(application: Document) -> list[str]:
    """The person's ids the audit trail may hold pseudonyms of."""
    found = [application.get("candidate_key"), application.get("owner_sub")]
    return sorted({s for s in found if isinstance(s, str) and s}) or [str(application["_id"])]


async def claim(ctx: Ctx, application: Document, *, run_id: ObjectId, reason: str
                ) -> Document | None:
    """Mark the application ``purging`` with its counts; ``None`` if someone else has it."""
    doc_ids, counts = await footprint(ctx, application["_id"])
    record = {"run_id": run_id, "at": ctx.clock.now(), "reason": reason, "counts": counts,
              "document_ids": doc_ids, "subjects": subjects_of(application),
              "erased_ref": "erased:" + uuid.uuid4().hex}
    if not await repo.claim_for_purge(ctx.db, application_id=application["_id"], claim=record):
        return None
    return {**application, "purging": record}


async def finish(ctx: Ctx, application: Document, *, run_id: ObjectId | None,
                 step: Step | None = None) -> dict[str, int]:
    """Delete every copy of a claimed application; the counts credited (empty if already gone)."""
    app_id: ObjectId = application["_id"]
    record: dict[str, Any] = application["purging"]

    async def done() -> None:
        if step is not None:
            await step()

    # The audit trail keeps the events, never the ids: resource ids become an opaque reference.
    ids = [str(app_id), *(str(d) for d in record.get("document_ids") or [])]
    await audit_repo.replace_values(ctx.db, field="resource_id", old=ids,
                                    new=record["erased_ref"])
    await done()
    await documents_repo.delete_for_application(ctx.db, app_id)
    await done()
    for collection, field in registry.BY_APPLICATION.items():
        await repo.delete_linked(ctx.db, collection, field, app_id)
        await done()
    await _shred_subjects(ctx, app_id=app_id, subjects=list(record.get("subjects") or []))
    await repo.forget_application(ctx.db, application_id=app_id, now=ctx.clock.now())
    await done()
    counts: dict[str, int] = dict(record.get("counts") or {})

    async def delete_and_credit(session: AsyncClientSession) -> int:
        deleted = await repo.delete_application(ctx.db, app_id, session=session)
        if deleted and run_id is not None:
            await repo.add_counts(ctx.db, run_id=run_id, call_id=application["call_id"],
                                  counts=counts, session=session)
        return deleted

    deleted = await applications_repo.in_transaction(ctx.db, delete_and_credit)
    await done()
    return counts if deleted else {}


async def _shred_subjects(ctx: Ctx, *, app_id: ObjectId, subjects: list[str]) -> None:
    """Destroy the keys of people who have nothing else with us; their pseudonyms in the
    trail can then be linked to nobody. Records written under the old global-key pseudonym
    are first given a random one, since that key is never destroyed."""
    for subject in subjects:
        if await repo.other_live_applications(ctx.db, application_id=app_id, subject=subject):
            continue
        legacy = audit.legacy_pseudonym(ctx.settings, subject)
        orphan = "erased:" + uuid.uuid4().hex[:24]
        for field in ("subject_id", "actor"):
            await audit_repo.replace_values(ctx.db, field=field, old=[legacy], new=orphan)
        await audit_repo.delete_subject_keys(ctx.db, [audit.subject_key_id(ctx.settings,
                                                                           subject)])
