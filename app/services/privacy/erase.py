"""Erasing applications and every copy of them: the step the purge and erasure share.

Two phases, each idempotent and done a batch at a time (a few round trips per batch, not per
application), so a process killed at any line leaves nothing reachable and the next run
finishes: ``claim`` marks the applications ``purging`` (every read path treats them as gone
from then on) and records what each holds; ``finish`` deletes each copy, destroys the people's
pseudonym keys when nothing else of theirs remains, and deletes the applications last,
crediting their counts to the run in the same transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from app.models.stored import ClaimedDoc, PurgingDoc
from app.repositories import applications as applications_repo
from app.repositories import audit as audit_repo
from app.repositories import privacy as repo
from app.services import audit
from app.services.context import Ctx
from app.services.privacy import registry

# A test hook: awaited after each deletion step, so a test can kill a real run midway.
Step = Callable[[], Awaitable[None]]
Footprints = dict[ObjectId, dict[str, int]]


async def footprints(ctx: Ctx, ids: list[ObjectId]
                     ) -> tuple[Footprints, dict[ObjectId, list[ObjectId]]]:
    """What each application holds, as the run report counts it, and its documents' ids."""
    counts: Footprints = {oid: defaultdict(int) for oid in ids}
    doc_ids: dict[ObjectId, list[ObjectId]] = defaultdict(list)
    for doc in await repo.documents_of(ctx.db, ids):
        doc_ids[doc["application_id"]].append(doc["_id"])
    for grid_file in await repo.gridfs_files_of(ctx.db, ids):
        owner = counts[grid_file["metadata"]["application_id"]]
        owner["files"] += 1
        owner["bytes"] += int(grid_file.get("length") or 0)
    for collection, field in registry.BY_APPLICATION.items():
        for oid, n in (await repo.count_by(ctx.db, collection, field, ids)).items():
            counts[oid][registry.COUNTED_AS[collection]] = n
    for oid in ids:
        counts[oid]["applications"] = 1
        counts[oid]["files"] = max(counts[oid]["files"], len(doc_ids[oid]))
    return {oid: dict(c) for oid, c in counts.items()}, doc_ids


def subjects_of(application: Mapping[str, Any]) -> list[str]:
    """The person's ids the audit trail may hold pseudonyms of."""
    found = [application.get("candidate_key"), application.get("owner_sub")]
    return sorted({s for s in found if isinstance(s, str) and s}) or [str(application["_id"])]


async def claim(ctx: Ctx, applications: Sequence[Mapping[str, Any]], *, run_id: ObjectId,
                reason: str) -> list[ClaimedDoc]:
    """Mark the applications ``purging`` with their counts; those this claim holds."""
    if not applications:
        return []
    counts, doc_ids = await footprints(ctx, [a["_id"] for a in applications])
    now = ctx.clock.now()
    claims: dict[ObjectId, PurgingDoc] = {a["_id"]: {
        "run_id": run_id, "at": now, "reason": reason, "counts": counts[a["_id"]],
        "document_ids": doc_ids[a["_id"]], "subjects": subjects_of(a),
        "erased_ref": "erased:" + uuid.uuid4().hex} for a in applications}
    return await repo.claim_many(ctx.db, claims=claims, run_id=run_id)


async def finish(ctx: Ctx, applications: Sequence[ClaimedDoc], *, run_id: ObjectId | None,
                 step: Step | None = None) -> Footprints:
    """Delete every copy of claimed applications; the counts credited per application."""
    if not applications:
        return {}
    ids = [a["_id"] for a in applications]
    records: dict[ObjectId, PurgingDoc] = {a["_id"]: a["purging"] for a in applications}

    async def done() -> None:
        if step is not None:
            await step()

    # The trail keeps the events, never the ids: resource ids become an opaque reference.
    await audit_repo.replace_values(ctx.db, field="resource_id", changes=[
        ([str(oid), *(str(d) for d in r.get("document_ids") or [])], r["erased_ref"])
        for oid, r in records.items()])
    await done()
    files = {f["_id"] for f in await repo.gridfs_files_of(ctx.db, ids)}
    files |= {d["gridfs_id"] for d in await repo.documents_of(ctx.db, ids)}
    await repo.delete_gridfs(ctx.db, sorted(files))
    await repo.delete_linked_many(ctx.db, "documents", "application_id", ids)
    await done()
    for collection, field in registry.BY_APPLICATION.items():
        await repo.delete_linked_many(ctx.db, collection, field, ids)
        await done()
    subjects = sorted({s for r in records.values() for s in r.get("subjects") or []})
    await _shred(ctx, subjects)
    await repo.forget_applications(ctx.db, ids=ids, now=ctx.clock.now())
    await done()

    async def delete_and_credit(session: AsyncClientSession) -> Footprints:
        present = await repo.delete_applications(ctx.db, ids=ids, session=session)
        credited = {d["_id"]: dict(d["purging"].get("counts") or {}) for d in present}
        if run_id is not None:
            per_call: dict[ObjectId, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for d in present:
                for name, n in credited[d["_id"]].items():
                    per_call[d["call_id"]][name] += n
            for call_id, counts in per_call.items():
                await repo.add_counts(ctx.db, run_id=run_id, call_id=call_id,
                                      counts=dict(counts), session=session)
        return credited

    credited = await applications_repo.in_transaction(ctx.db, delete_and_credit)
    await done()
    return credited


async def _shred(ctx: Ctx, subjects: list[str]) -> None:
    """Destroy the keys of people who have nothing else with us; their pseudonyms in the
    trail can then be linked to nobody. Records written under the old global-key pseudonym
    are first given a random one, since that key is never destroyed."""
    if not subjects:
        return
    live = await repo.live_subjects(ctx.db, subjects)
    gone = [s for s in subjects if s not in live]
    retired = [([audit.legacy_pseudonym(ctx.settings, s)], "erased:" + uuid.uuid4().hex[:24])
               for s in gone]
    for field in ("subject_id", "actor"):
        await audit_repo.replace_values(ctx.db, field=field, changes=retired)
    destroyed = [audit.subject_key_id(ctx.settings, s) for s in gone]
    if ctx.subject_keys is not None:
        ctx.subject_keys.forget(destroyed)
    await audit_repo.delete_subject_keys(ctx.db, destroyed)
