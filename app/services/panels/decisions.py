"""Decisions from a stage's ranking: every application at once, in one transaction.

Preselection: those who passed stay ``preselected`` (they were told when the unit put them
before the panel), the others become ``not_selected``. Interview: those who passed and rank
within ``places`` become ``selected``, the other passers ``reserve``, the rest
``not_selected`` (through ``interviewed`` where the transition rules ask for it). Only
``selected`` candidates are notified, through the outbox, as the notices say.
"""

from __future__ import annotations

from dataclasses import dataclass

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from app.db import Document
from app.errors import PreconditionFailed
from app.models.applications import ApplicationStatus as S
from app.models.panels import Stage
from app.models.ranking import PanelDecisionIn, PanelDecisionLine, PanelDecisionResult
from app.repositories import applications as applications_repo
from app.repositories import outbox as outbox_repo
from app.repositories import panel_applications
from app.repositories import ranking as ranking_repo
from app.services import audit
from app.services.applications import rules
from app.services.applications.tx import atomically
from app.services.context import Ctx
from app.services.panels.access import staff_call
from app.services.panels.errors import NotInStage
from app.services.panels.ranking import stage_context, subject


@dataclass(frozen=True)
class Plan:
    application_id: ObjectId
    subject: str
    current: S
    steps: list[S]  # the statuses to pass through, the last being the decision


def _target(stage: Stage, row: Document, places: int | None) -> S:
    if not ranking_repo.figure(row, "passed"):
        return S.not_selected
    if stage == Stage.preselection:
        return S.preselected
    return S.selected if places is None or ranking_repo.figure(row, "rank") <= places \
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


async def _plan(ctx: Ctx, *, call: Document, stage: Stage, places: int | None) -> list[Plan]:
    sc = await stage_context(ctx, call, stage)
    rows = [row async for row in ranking_repo.rows(ctx.db, sc.query)]
    unscored = [str(r["_id"]) for r in rows if not ranking_repo.figure(r, "n")]
    if unscored:
        raise NotInStage("Some applications before the panel have no submitted score at this "
                         "stage yet; decide when every one is scored.",
                         application_ids=unscored[:50])
    plans = []
    for row in rows:
        current = S(ranking_repo.info(row, "st"))
        plans.append(Plan(application_id=row["_id"], subject=subject(row),
                          current=current, steps=_steps(current, _target(stage, row, places))))
    return plans


async def decide_from_ranking(ctx: Ctx, *, call_id: str, stage: Stage,
                              payload: PanelDecisionIn) -> PanelDecisionResult:
    """Apply the ranking's outcome to every application of the stage (recruiting unit, HR)."""
    call = await staff_call(ctx, call_id)
    plans = await _plan(ctx, call=call, stage=stage, places=payload.places)
    moving = [p for p in plans if p.steps]
    now = ctx.clock.now()
    stored = await panel_applications.statuses(ctx.db, call_id=call["_id"],
                                               application_ids=[p.application_id
                                                                for p in moving])

    async def store(session: AsyncClientSession) -> int:
        notified = 0
        for plan in moving:
            doc = stored.get(plan.application_id)
            if doc is None or doc["status"] != plan.current.value:
                raise PreconditionFailed("An application changed while the decisions were "
                                         "prepared; run the decision again.")
            history, previous = [], plan.current
            for step in plan.steps:
                history.append({"at": now, "by": ctx.actor.sub, "from": previous.value,
                                "to": step.value, "reason": payload.reason})
                previous = step
            updated = await applications_repo.update_versioned(
                ctx.db, application_id=plan.application_id, version=doc["version"],
                set_fields={"status": previous.value, "updated_at": now, "decided_at": now},
                push={"status_history": {"$each": history}},
                status_in=[plan.current.value], session=session)
            if updated is None:
                raise PreconditionFailed("An application changed while the decisions were "
                                         "written; run the decision again.")
            template = rules.NOTIFY.get(previous)
            if template is not None:
                await outbox_repo.enqueue(ctx.db, application_id=plan.application_id,
                                          template=template, now=now, session=session)
                notified += 1
        return notified

    notified = await atomically(ctx, store) if moving else 0
    for plan in moving:
        await audit.record(ctx, action=audit.Action.decide, resource="application",
                           resource_id=str(plan.application_id), subject=plan.subject,
                           detail=f"{plan.current.value}->{plan.steps[-1].value} "
                                  f"(panel {stage.value})")
    return PanelDecisionResult(
        stage=stage, unchanged=len(plans) - len(moving), notified=notified,
        changed=[PanelDecisionLine(application_id=str(p.application_id),
                                   from_status=p.current.value, to_status=p.steps[-1].value)
                 for p in moving])
