"""Decisions from a stage's ranking: every application at once, in one transaction.

Preselection: those who passed stay ``preselected`` (they were told when the unit put them
before the panel), the others become ``not_selected``. Interview: those who passed and rank
within ``places`` become ``selected``, the other passers ``reserve``, the rest
``not_selected`` (through ``interviewed`` where the transition rules ask for it). Only
``selected`` candidates are notified, through the outbox, as the notices say. Each change
owes what a single decision owes — the audit event, the webhook event of a Permanent
Representation's application, the notification — and all of them, for the whole stage, go as
one command in one transaction (``status_change``): a crash or a stale application writes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bson import ObjectId

from app.errors import PreconditionFailed
from app.models.applications import ApplicationStatus as S
from app.models.integrations_webhooks import WebhookEvent
from app.models.panels import Stage
from app.models.ranking import PanelDecisionIn, PanelDecisionLine, PanelDecisionResult
from app.models.stored import ApplicationStatusDoc, CallDoc, StatusEntryDoc
from app.repositories import panel_applications, together
from app.repositories import ranking as ranking_repo
from app.services import audit
from app.services.applications import rules
from app.services.applications.status_change import (
    StatusChange,
    changes_writes,
    write_changes,
)
from app.services.context import Ctx
from app.services.panels.access import staff_call
from app.services.panels.errors import NotInStage
from app.services.panels.ranking import stage_context

CHANGED = "An application changed while the decisions were prepared; run the decision again."


@dataclass(frozen=True)
class Plan:
    application_id: ObjectId
    current: S
    steps: list[S]  # the statuses to pass through, the last being the decision


@dataclass(frozen=True)
class Prepared:
    """A stage's decisions, planned: the answer, and the writes that make it true."""

    result: PanelDecisionResult
    writes: list[together.Write]


def _target(stage: Stage, row: ranking_repo.RankedRow, places: int | None) -> S:
    if not row["r"]["passed"]:
        return S.not_selected
    if stage == Stage.preselection:
        return S.preselected
    rank = row["r"]["rank"]  # a row that passed was scored, so it has its rank
    return S.selected if places is None or (rank is not None and rank <= places) \
        else S.reserve


BEYOND_PRESELECTION = (S.interviewed, S.selected, S.reserve)


def _steps(current: S, target: S) -> list[S]:
    """The legal path from ``current`` to ``target`` (409 when there is none)."""
    if current == target or (target == S.preselected and current in BEYOND_PRESELECTION):
        return []
    if current == S.preselected and target in (S.selected, S.reserve):
        rules.check_transition(S.interviewed.value, target)
        return [S.interviewed, target]
    rules.check_transition(current.value, target)
    return [target]


async def _plan(ctx: Ctx, *, call: CallDoc, stage: Stage, places: int | None) -> list[Plan]:
    sc = await stage_context(ctx, call, stage)
    rows = [row async for row in ranking_repo.rows(ctx.db, sc.query)]
    unscored = [str(r["_id"]) for r in rows if not r["r"]["n"]]
    if unscored:
        raise NotInStage("Some applications before the panel have no submitted score at this "
                         "stage yet; decide when every one is scored.",
                         application_ids=unscored[:50])
    plans = []
    for row in rows:
        current = S(row["info"]["st"])
        plans.append(Plan(application_id=row["_id"], current=current,
                          steps=_steps(current, _target(stage, row, places))))
    return plans


def _change(ctx: Ctx, plan: Plan, *, stage: Stage, reason: str, now: datetime
            ) -> StatusChange:
    """The status change of one application, with every step in its history."""
    history: list[StatusEntryDoc] = []
    previous = plan.current
    for step in plan.steps:
        history.append({"at": now, "by": ctx.actor.sub, "from": previous.value,
                        "to": step.value, "reason": reason})
        previous = step
    return StatusChange(
        set_fields={"status": previous.value, "updated_at": now, "decided_at": now},
        history=history[-1], through=tuple(history[:-1]), status_in=[plan.current.value],
        event=WebhookEvent.application_status_changed, action=audit.Action.decide,
        detail=f"{plan.current.value}->{previous.value} (panel {stage.value})",
        notify=rules.NOTIFY.get(previous))


async def prepare(ctx: Ctx, *, call_id: str, stage: Stage,
                  payload: PanelDecisionIn) -> Prepared:
    """Plan a stage's decisions and their records from the ranking; nothing is written."""
    call = await staff_call(ctx, call_id)
    plans = await _plan(ctx, call=call, stage=stage, places=payload.places)
    moving = [p for p in plans if p.steps]
    now = ctx.clock.now()
    stored = await panel_applications.statuses(ctx.db, call_id=call["_id"],
                                               application_ids=[p.application_id
                                                                for p in moving])
    changes: list[tuple[ApplicationStatusDoc, StatusChange]] = []
    for plan in moving:
        doc = stored.get(plan.application_id)
        if doc is None or doc["status"] != plan.current.value:
            raise PreconditionFailed(CHANGED)
        changes.append((doc, _change(ctx, plan, stage=stage, reason=payload.reason, now=now)))
    writes, _ = await changes_writes(ctx, changes)
    return Prepared(writes=writes, result=PanelDecisionResult(
        stage=stage, unchanged=len(plans) - len(moving),
        notified=sum(1 for _, change in changes if change.notify is not None),
        changed=[PanelDecisionLine(application_id=str(p.application_id),
                                   from_status=p.current.value, to_status=p.steps[-1].value)
                 for p in moving]))


async def store(ctx: Ctx, prepared: Prepared) -> None:
    """Write a stage's decisions with their records — every application's versioned change,
    notification, webhook event and audit event — as one command in one transaction; 412, and
    nothing written, when an application changed since it was planned."""
    if prepared.writes:
        await write_changes(ctx, prepared.writes, stale=CHANGED)


async def decide_from_ranking(ctx: Ctx, *, call_id: str, stage: Stage,
                              payload: PanelDecisionIn) -> PanelDecisionResult:
    """Apply the ranking's outcome to every application of the stage (recruiting unit, HR)."""
    prepared = await prepare(ctx, call_id=call_id, stage=stage, payload=payload)
    await store(ctx, prepared)
    return prepared.result
