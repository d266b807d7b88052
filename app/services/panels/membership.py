"""A call's selection panel: its composition, and the chair opening consolidation."""

from __future__ import annotations

from app.errors import PreconditionFailed
from app.models.common import check_if_match
from app.models.panels import SCORING_ROLES, PanelDoc, PanelIn, PanelMember, PanelRead, Stage
from app.repositories import panels as repo
from app.repositories import scoring as scoring_repo
from app.services import audit
from app.services.context import Ctx
from app.services.panels.access import is_chair, load_call, member_seat, staff_call
from app.services.panels.errors import ChairOnly, NoPanel, ScoringStarted


async def get_panel(ctx: Ctx, *, call_id: str) -> PanelRead:
    """The panel of a call (its staff and its members)."""
    call = await load_call(ctx, call_id)
    panel = await repo.get(ctx.db, call["_id"])
    if panel is None:
        raise NoPanel("This call has no panel yet.")
    return PanelRead.of(panel)


def _check_replacements(current: PanelDoc, members: list[PanelMember], scored: set[str]) -> None:
    """Once anyone scored, only members who have not scored may be replaced."""
    before = {m.sub: m.role for m in current.members}
    after = {m.sub: m.role for m in members}
    for sub in scored & set(before):
        if after.get(sub) != before[sub]:
            raise ScoringStarted("Scoring has started: a member who has scored stays on the "
                                 "panel in the same role.", member=sub)
    if len(current.scorer_subs) != len([m for m in members if m.role in SCORING_ROLES]):
        raise ScoringStarted("Scoring has started: a member who has not scored may be "
                             "replaced, but the number of scoring members stays the same.")


async def put_panel(ctx: Ctx, *, call_id: str, payload: PanelIn, if_match: str | None
                    ) -> PanelRead:
    """Set or replace a call's panel (recruiting unit, HR); audited."""
    call = await staff_call(ctx, call_id)
    now = ctx.clock.now()
    members = [PanelMember(sub=m.sub, name=m.name, role=m.role) for m in payload.members]
    current = await repo.get(ctx.db, call["_id"])
    if current is None:
        created = await repo.create(ctx.db, call_id=call["_id"], members=members, now=now)
        if created is None:
            raise PreconditionFailed("The panel was set up by another request; read it again.")
        saved = created
    else:
        check_if_match(if_match, current.version, required=False)
        scored = await scoring_repo.members_who_scored(ctx.db, call_id=call["_id"])
        if scored:
            _check_replacements(current, members, scored)
        updated = await repo.replace_members(ctx.db, call_id=call["_id"],
                                             version=current.version, members=members, now=now)
        if updated is None:
            raise PreconditionFailed("The panel changed since you read it; read it again.")
        saved = updated
    await audit.record(ctx, action=audit.Action.update if current else audit.Action.create,
                       resource="panel", resource_id=str(call["_id"]),
                       detail=",".join(f"{m.sub}:{m.role.value}" for m in members))
    return PanelRead.of(saved)


async def open_consolidation(ctx: Ctx, *, call_id: str, stage: Stage) -> PanelRead:
    """The chair lets every member see everyone's scores of a stage."""
    call = await load_call(ctx, call_id)
    seat = await member_seat(ctx, call["_id"])
    if seat is None or not is_chair(seat[1]):
        raise ChairOnly("Only the panel chair opens consolidation.")
    updated = await repo.open_consolidation(ctx.db, call_id=call["_id"], stage=stage,
                                            now=ctx.clock.now())
    if updated is None:
        raise NoPanel("This call has no panel yet.")
    await audit.record(ctx, action=audit.Action.update, resource="panel",
                       resource_id=str(call["_id"]), detail=f"consolidation:{stage.value}")
    return PanelRead.of(updated)
