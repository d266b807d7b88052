"""Decisions on submitted applications, and the notifications the candidate is owed."""

from __future__ import annotations

from pymongo.asynchronous.client_session import AsyncClientSession

from app.db import Document
from app.errors import Conflict, Forbidden, PreconditionFailed
from app.models.applications import ApplicationRead, DecisionIn, staff_read
from app.models.common import check_if_match
from app.repositories import applications as repo
from app.repositories import outbox as outbox_repo
from app.services import audit
from app.services.applications import rules
from app.services.applications.access import call_of, readable_application, subject_of
from app.services.applications.tx import atomically
from app.services.context import Ctx
from app.services.integrations import webhooks


async def decide(
    ctx: Ctx, *, application_id: str, decision: DecisionIn, if_match: str | None = None
) -> ApplicationRead:
    """Move a submitted application along its life (the unit's hierarchy, HR of the DG)."""
    application = await readable_application(ctx, application_id=application_id)
    call = await call_of(ctx, application)
    if not ctx.actor.manages_unit(call.get("unit")):
        raise Forbidden("Decisions are taken by the recruiting unit's hierarchy or HR.")
    check_if_match(if_match, application["version"], required=False)
    if application.get("transferred_at"):
        raise Conflict("The application was handed over to HR (Sysper): it is read-only here.",
                       application_status=application["status"])
    current = application["status"]
    rules.check_transition(current, decision.status)
    now = ctx.clock.now()
    history = {"at": now, "by": ctx.actor.sub, "from": current, "to": decision.status.value,
               "reason": decision.reason}
    template = rules.NOTIFY.get(decision.status)
    # The status change and its notification commit together: no notice without the decision.
    async def store(session: AsyncClientSession) -> Document:
        updated = await repo.update_versioned(
            ctx.db, application_id=application["_id"], version=application["version"],
            set_fields={"status": decision.status.value, "updated_at": now, "decided_at": now},
            push={"status_history": history}, status_in=[current], session=session)
        if updated is None:
            raise PreconditionFailed("The application changed since you read it; read it "
                                     "again and retry.")
        if template is not None:
            await outbox_repo.enqueue(ctx.db, application_id=application["_id"],
                                      template=template, now=now, session=session)
        await webhooks.emit(ctx, "application.status_changed", application=updated, session=session)
        return updated

    updated = await atomically(ctx, store)
    await audit.record(ctx, action=audit.Action.decide, resource="application",
                       resource_id=application_id, subject=subject_of(updated),
                       detail=f"{current}->{decision.status.value}")
    return staff_read(updated)
