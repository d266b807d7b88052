"""The ``cast_imports`` job: validate an uploaded export whole, apply it in batches from a
checkpoint (a crash resumes where the last batch ended), then verify CA applications.

Idempotent: a record is rewritten only when its content digest changes, so importing the same
file again reports every row unchanged. Memory stays flat: rows are read from a spooled copy in
a worker thread, one batch at a time.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bson import ObjectId

from app.db import Update
from app.models.criteria import EligibilityCriteria
from app.models.eligibility import Criterion, CriterionResult, EligibilityVerdict
from app.models.integrations_cast import (
    CastImportDoc,
    CastRecord,
    CastVerification,
    ImportCounts,
    MatchRule,
    Rejection,
)
from app.models.profile import CandidateProfile
from app.models.stored import EligibilityDoc, ProfileDoc
from app.repositories import calls as calls_repo
from app.repositories import cast as repo
from app.services.applications.verdicts import verdict_doc
from app.services.context import Ctx
from app.services.eligibility import overall
from app.services.eligibility.status import check_cast_registration
from app.services.integrations.cast_file import (
    FileDefect,
    Row,
    column_index,
    parse_row,
    record_hash,
    rows,
)

log = logging.getLogger("app.cast")
BATCH = 1000
APPLICATION_BATCH = 200


def _next_batch(source: Iterator[Row], size: int) -> list[Row]:
    batch: list[Row] = []
    for row in source:
        batch.append(row)
        if len(batch) >= size:
            break
    return batch


async def _spool(ctx: Ctx, file_id: ObjectId, target: Path) -> None:
    with target.open("wb") as handle:
        async for chunk in repo.open_file(ctx.db, file_id):
            await asyncio.to_thread(handle.write, chunk)


async def _validate(path: Path, doc: CastImportDoc) -> int:
    """Read the whole file once for file-level defects; the number of data rows."""
    def scan() -> int:
        source = rows(path, doc.file_format)
        header = next(source, None)
        if header is None:
            raise FileDefect("the file is empty", 1)
        column_index(header[1], doc.mapping)
        return sum(1 for _ in source)
    return await asyncio.to_thread(scan)


async def _apply_batch(ctx: Ctx, doc: CastImportDoc, batch: list[Row], index: dict[str, int],
                       counts: ImportCounts) -> list[Rejection]:
    rejected: list[Rejection] = []
    parsed: list[tuple[int, CastRecord]] = []
    for number, cells in batch:
        if not any(c.strip() for c in cells):
            continue  # blank lines are not rows
        counts.read += 1
        outcome = parse_row(number, cells, index)
        if isinstance(outcome, Rejection):
            rejected.append(outcome)
        else:
            parsed.append((number, outcome))
    existing = await repo.records_by_key(ctx.db, [r.key for _, r in parsed])
    seen: set[str] = set()
    writes: list[tuple[str, Update, datetime]] = []
    now = ctx.clock.now()
    for number, record in parsed:
        known = existing.get(record.key)
        if record.key in seen or (known is not None and known.last_import_id == doc.id
                                  and known.last_row < number):
            rejected.append(Rejection(row=number, column="epso_per_id",
                                      reason="the Per-ID and function group appear twice"))
            continue
        seen.add(record.key)
        change: str
        if known is not None and known.last_import_id == doc.id and known.last_row == number:
            change = known.last_change  # written before a crash: count it as it was
        else:
            digest = record_hash(record)
            change = ("created" if known is None else
                      "unchanged" if known.row_hash == digest else "updated")
            if change != "unchanged":
                writes.append((record.key, {**record.stored(), "row_hash": digest,
                                            "last_import_id": doc.id, "last_row": number,
                                            "last_change": change}, now))
        setattr(counts, change, getattr(counts, change) + 1)
    await repo.write_records(ctx.db, writes)
    counts.rejected += len(rejected)
    return rejected


async def _apply(ctx: Ctx, doc: CastImportDoc, path: Path) -> ImportCounts:
    counts = doc.counts.model_copy()
    source = rows(path, doc.file_format)
    header = await asyncio.to_thread(next, source)
    index = column_index(header[1], doc.mapping)
    lease = timedelta(seconds=ctx.settings.job_lease_seconds)
    while batch := await asyncio.to_thread(_next_batch, source, BATCH):
        fresh = [row for row in batch if row[0] > doc.checkpoint_row]
        if not fresh:
            continue
        rejected = await _apply_batch(ctx, doc, fresh, index, counts)
        # Counts, rejections and the checkpoint move together: a crash replays one batch.
        await repo.update_import(ctx.db, doc.id, rejections=rejected, set_fields={
            "checkpoint_row": fresh[-1][0], "counts": counts.to_mongo(),
            "claimed_until": ctx.clock.now() + lease})
    return counts


def _reverdict(stored: EligibilityDoc | None, group: Any, profile: CandidateProfile,
               cast: CastVerification) -> EligibilityDoc | None:
    """The stored verdict with its CAST criterion re-judged on the import's evidence."""
    if not stored:
        return None
    verdict = EligibilityVerdict.model_validate(stored)
    fresh = check_cast_registration(group, profile, cast)
    results: list[CriterionResult] = [fresh if r.criterion == Criterion.cast_registration else r
                                      for r in verdict.results]
    outcome = overall(results)
    return verdict_doc(verdict.model_copy(update={"results": results, "outcome": outcome,
                                                  "eligible": outcome.value == "met"}))


async def verify_applications(ctx: Ctx, doc: CastImportDoc) -> int:
    """Mark CA applications CAST-verified: by Per-ID, else by e-mail; returns how many."""
    verified, after = 0, None
    groups: dict[ObjectId, Any] = {}
    while batch := await repo.ca_applications_after(ctx.db, after, limit=APPLICATION_BATCH):
        after = batch[-1]["_id"]
        for application in batch:
            declared = application.get("cast_declaration")
            per_id = declared.get("epso_per_id") if declared else None
            stated: ProfileDoc = application.get("profile") or {}
            contact = stated.get("contact")
            email = contact.get("email") if contact else None
            records = await repo.records_of(ctx.db, per_id=per_id, email=None) if per_id else []
            rule: MatchRule = "per_id"
            if not records and email:
                records, rule = await repo.records_of(ctx.db, per_id=None,
                                                      email=str(email).lower()), "email"
            if not records or len({r.per_id for r in records}) != 1:
                continue  # not in CAST, or an e-mail shared by several Per-IDs: no verdict
            cast = CastVerification(
                import_id=str(doc.id), rule=rule, per_id=records[0].per_id,
                passed=sorted(r.function_group for r in records if r.result == "passed"),
                failed=sorted(r.function_group for r in records if r.result == "failed"),
                verified_at=ctx.clock.now())
            if application["call_id"] not in groups:
                call = await calls_repo.get(ctx.db, application["call_id"])
                groups[application["call_id"]] = EligibilityCriteria.model_validate(
                    (call.get("criteria") if call else None) or {}).cast_function_group
            group = groups[application["call_id"]]
            eligibility = None
            if group is not None and application.get("eligibility"):
                profile = CandidateProfile.model_validate(application.get("profile") or {})
                eligibility = _reverdict(application["eligibility"], group, profile, cast)
            await repo.set_verification(ctx.db, application_id=application["_id"],
                                        verification=cast.stored(), eligibility=eligibility)
            verified += 1
    return verified


async def run_import(ctx: Ctx, doc: CastImportDoc) -> str:
    """Take one claimed import to its end; returns the state it ended in."""
    file_id = doc.gridfs_id
    # Only an ended import lets its file go (and says so with gridfs_id: null); one still
    # claimable always has it.
    assert file_id is not None, f"CAST import {doc.id} in state {doc.state} has no file"
    with tempfile.TemporaryDirectory(prefix="cast-") as tmp:
        path = Path(tmp) / "export"
        await _spool(ctx, file_id, path)
        if doc.state in ("queued", "validating"):
            await repo.update_import(ctx.db, doc.id, set_fields={
                "state": "validating", "started_at": ctx.clock.now()})
            try:
                await _validate(path, doc)
            except FileDefect as exc:
                await repo.update_import(ctx.db, doc.id, set_fields={
                    "state": "rejected", "file_error": exc.rejection.to_mongo(),
                    "finished_at": ctx.clock.now(), "claimed_until": None, "gridfs_id": None})
                await repo.delete_file(ctx.db, file_id)
                return "rejected"
            # Spooling and validating a large file take time: renew the claim before applying.
            await repo.update_import(ctx.db, doc.id, set_fields={
                "state": "applying",
                "claimed_until": ctx.clock.now() + timedelta(
                    seconds=ctx.settings.job_lease_seconds)})
        counts = await _apply(ctx, doc, path)
    counts.applications_verified = await verify_applications(ctx, doc)
    await repo.update_import(ctx.db, doc.id, set_fields={
        "state": "completed", "counts": counts.to_mongo(), "finished_at": ctx.clock.now(),
        "claimed_until": None, "gridfs_id": None})
    await repo.delete_file(ctx.db, file_id)
    return "completed"


async def process_cast_imports(ctx: Ctx) -> dict[str, int]:
    """Run every pending import (one at a time); counts by final state."""
    counts = {"completed": 0, "rejected": 0}
    lease = timedelta(seconds=ctx.settings.job_lease_seconds)
    for _ in range(10):
        now = ctx.clock.now()
        doc = await repo.claim_import(ctx.db, now=now, until=now + lease)
        if doc is None:
            break
        counts[await run_import(ctx, doc)] += 1
        log.info("cast import finished", extra={"import_id": str(doc.id)})
    return counts
