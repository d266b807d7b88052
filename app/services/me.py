"""The caller: who they are, what their roles allow, and the notifications addressed to them."""

from __future__ import annotations

from app.i18n import translate
from app.models.common import PageParams
from app.models.me import Action, Me, NotificationList, NotificationRead, NotificationStatus
from app.models.stored_more import OutboxMessageDoc
from app.repositories import calls as calls_repo
from app.repositories import notifications as repo
from app.security.principal import Role
from app.services.applications.notifications import BODIES, SUBJECTS
from app.services.context import Ctx

R = Role
# The one table of what each role allows; the services enforce the same rules (and scope them
# by unit, country and ownership). Keep both in step: tests/contract/test_me.py checks samples.
MAY: dict[Action, frozenset[Role]] = {
    Action.read_calls: frozenset({R.recruiter, R.hr}),
    Action.create_call: frozenset({R.recruiter, R.hr}),
    Action.edit_call: frozenset({R.recruiter, R.hr}),
    Action.manage_call_lifecycle: frozenset({R.recruiter, R.hr}),
    Action.apply: frozenset({R.candidate, R.permrep}),
    Action.read_applications: frozenset({R.candidate, R.permrep, R.recruiter, R.hr, R.panel}),
    Action.edit_own_applications: frozenset({R.candidate, R.permrep}),
    Action.upload_documents: frozenset({R.candidate, R.permrep}),
    Action.decide_application: frozenset({R.recruiter, R.hr}),
    # HR of the DG organises the interview logistics; the candidate's side reads its own.
    Action.read_special_needs: frozenset({R.hr, R.candidate, R.permrep}),
    Action.rectify_special_needs: frozenset({R.candidate, R.permrep}),
    Action.read_notifications: frozenset({R.candidate}),
    Action.read_audit_trail: frozenset({R.dpo}),
    Action.run_jobs: frozenset({R.admin}),
    Action.manage_panel: frozenset({R.recruiter, R.hr}),
    Action.declare_conflict: frozenset({R.panel}),
    Action.score_applications: frozenset({R.panel}),
    Action.read_ranking: frozenset({R.recruiter, R.hr, R.panel}),
    Action.hand_over_to_hr: frozenset({R.hr}),
    Action.export_my_data: frozenset({R.candidate}),
    Action.request_erasure: frozenset({R.candidate, R.dpo}),
    Action.answer_privacy_requests: frozenset({R.dpo}),
    Action.manage_legal_holds: frozenset({R.dpo}),
    Action.read_retention_runs: frozenset({R.dpo, R.admin}),
    Action.manage_dead_letters: frozenset({R.admin}),
}


def _status(message: OutboxMessageDoc) -> NotificationStatus:
    if message.get("delivered_at"):
        return NotificationStatus.delivered
    if message.get("dead_at"):  # a dead letter: the outbox gave up on it
        return NotificationStatus.failed
    return NotificationStatus.pending


def who_am_i(ctx: Ctx) -> Me:
    """The caller's claims and every action their roles allow."""
    actor = ctx.actor
    return Me(sub=actor.sub, roles=sorted(actor.roles), unit=actor.unit, country=actor.country,
              may=[action for action, roles in MAY.items() if actor.roles & roles])


async def my_notifications(ctx: Ctx, *, page: PageParams) -> NotificationList:
    """The messages about the caller's own applications, newest first, as the candidate reads
    them. Messages go to candidates only: for any other caller the list is empty."""
    if not ctx.actor.has(Role.candidate):
        return NotificationList(items=[])
    applications = await repo.own_applications(ctx.db, owner_sub=ctx.actor.sub)
    if not applications:
        return NotificationList(items=[])
    found = await repo.page_for_applications(ctx.db, application_ids=list(applications),
                                             page=page)
    calls = await calls_repo.summaries(ctx.db, [applications[m["application_id"]]
                                                for m in found.docs],
                                       ttl=ctx.settings.call_cache_seconds)
    items = []
    for message in found.docs:
        call_id = applications[message["application_id"]]
        call = calls.get(call_id)
        template = str(message["template"])
        reference = call.get("reference") if call else None
        items.append(NotificationRead(
            id=str(message["_id"]), application_id=str(message["application_id"]),
            call_id=str(call_id), call_reference=reference,
            call_title=call.get("title") if call else None,
            template=template, subject=translate(SUBJECTS.get(template, "Your application")),
            text=translate(BODIES.get(template, "{reference}")).format(
                reference=reference or ""),
            status=_status(message),
            created_at=message["created_at"], delivered_at=message.get("delivered_at")))
    return NotificationList(items=items, next_cursor=found.next_cursor)
