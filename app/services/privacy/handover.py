"""The hand-over to HR (Sysper): an export of the interviewed or selected candidates of a call,
documents included, then each confirmed application is marked ``transferred``: read-only, kept
under HR's retention record, no longer purged by the one-year rule."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

from bson import ObjectId

from app.errors import Forbidden, NotFound
from app.models.common import object_id
from app.models.handover import (
    FORMAT,
    HandoverCall,
    HandoverConfirm,
    HandoverDecision,
    HandoverResult,
)
from app.models.privacy import HR_RETENTION_STATUSES
from app.models.stored import ApplicationDoc, CallDoc
from app.repositories import calls as calls_repo
from app.repositories import documents as documents_repo
from app.repositories import privacy as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import subject_of
from app.services.context import Ctx

MAX_DOCUMENTS = 200


async def _call(ctx: Ctx, call_id: str) -> CallDoc:
    if not ctx.actor.has(Role.hr):
        raise Forbidden("The hand-over to Sysper is HR's.")
    call = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
    # HR of the DG concerned by the vacancy, not of another DG (privacy statement).
    if call is None or call.get("status") == "draft" or not ctx.actor.manages_unit(call["unit"]):
        raise NotFound("No such call.")
    return call


def _query(call: CallDoc) -> dict[str, object]:
    return repo.handover_query(call_id=call["_id"], hr_statuses=list(HR_RETENTION_STATUSES))


async def handover_export(ctx: Ctx, *, call_id: str) -> AsyncIterator[str]:
    """The export, streamed; every application in it is audited as exported before it goes."""
    call = await _call(ctx, call_id)
    return _stream(ctx, call)


async def _stream(ctx: Ctx, call: CallDoc) -> AsyncIterator[str]:
    head = {"format": FORMAT, "generated_at": ctx.clock.now().isoformat(),
            "call": HandoverCall(id=str(call["_id"]), reference=call["reference"],
                                 kind=call["kind"], title=call["title"]).model_dump()}
    yield json.dumps(head)[:-1] + ', "applications": ['
    first = True
    async for application in repo.handover_applications(ctx.db, _query(call)):
        await audit.record(ctx, action=audit.Action.export, resource="application",
                           resource_id=str(application["_id"]), subject=subject_of(application),
                           detail="sysper-handover")
        yield ("" if first else ",") + _application_head(application)
        first = False
        docs = await documents_repo.all_for_application(ctx.db, application["_id"],
                                                        cap=MAX_DOCUMENTS)
        for i, doc in enumerate(docs):
            meta = {"id": str(doc["_id"]), "kind": doc["kind"], "filename": doc["filename"],
                    "content_type": doc["content_type"], "size": doc["size"],
                    "sha256": doc["sha256"]}
            yield ("," if i else "") + json.dumps(meta)[:-1] + ', "content_base64": "'
            # GridFS chunks are 255 KiB, a multiple of 3 bytes: each encodes without padding.
            async for chunk in documents_repo.open_content(ctx.db, doc["gridfs_id"]):
                yield base64.b64encode(chunk).decode()
            yield '"}'
        yield "]}"
    yield "]}"


def _application_head(application: ApplicationDoc) -> str:
    """The application's fields, leaving its ``documents`` list open for streaming."""
    body = {
        "id": str(application["_id"]), "profile_code": application["profile_code"],
        "status": application["status"], "profile": application.get("profile") or {},
        "decisions": [HandoverDecision.model_validate(h).model_dump(mode="json", by_alias=True)
                      for h in application.get("status_history") or []],
        "submitted_at": submitted.isoformat()
        if (submitted := application.get("submitted_at")) else None,
    }
    return json.dumps(body)[:-1] + ', "documents": ['


async def confirm_handover(ctx: Ctx, *, call_id: str, confirm: HandoverConfirm
                           ) -> HandoverResult:
    """Mark the applications Sysper imported as transferred; audited one by one."""
    call = await _call(ctx, call_id)
    wanted = [ObjectId(i) for i in confirm.application_ids if ObjectId.is_valid(i)]
    marked = await repo.mark_transferred(ctx.db, query=_query(call), ids=wanted,
                                         now=ctx.clock.now())
    await audit.record_many(ctx, action=audit.Action.transfer, resource="application",
                            items=[(str(i), None) for i in marked], detail="sysper")
    done = {str(i) for i in marked}
    return HandoverResult(transferred=sorted(done),
                          not_eligible=sorted(set(confirm.application_ids) - done))
