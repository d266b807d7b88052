"""Decisions on submitted applications, and the notifications the candidate is owed."""

from __future__ import annotations

from app.errors import Conflict, Forbidden
from app.models.applications import ApplicationRead, DecisionIn, staff_read
from app.models.common import check_if_match, to_milliseconds
from app.models.stored import StatusEntryDoc
from app.repositories import calls as calls_repo
from app.services import audit
from app.services.applications import rules
from app.services.applications.access import call_of, readable_application
from app.services.applications.status_change import StatusChange, change_status
from app.services.context import Ctx


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
    now = to_milliseconds(ctx.clock.now())  # as stored, so the answer equals a later read
    history: StatusEntryDoc = {"at": now, "by": ctx.actor.sub, "from": current,
                               "to": decision.status.value, "reason": decision.reason}
    # The status change, the candidate's notification, the webhook event and the audit event
    # commit together: no notice without the decision, no decision unrecorded.
    updated = await change_status(ctx, application=application, change=StatusChange(
        set_fields={"status": decision.status.value, "updated_at": now, "decided_at": now},
        history=history, status_in=[current], event="application.status_changed",
        action=audit.Action.decide, detail=f"{current}->{decision.status.value}",
        notify=rules.NOTIFY.get(decision.status)))
    return staff_read({**updated, "call": calls_repo.summary(call)})
