"""Scorecards: a member's own scores, draft then submitted, and who may see whose."""

from __future__ import annotations

from bson import ObjectId

from app.errors import Forbidden, NotFound
from app.models.common import object_id
from app.models.panels import SCORING_ROLES, Stage
from app.models.scoring import (
    ScorecardIn,
    ScorecardList,
    ScorecardRead,
    ScorecardStatus,
    ScoringGridDoc,
)
from app.models.stored import ApplicationDoc
from app.repositories import applications as applications_repo
from app.repositories import calls as calls_repo
from app.repositories import panel_reports as reports_repo
from app.repositories import panels as panels_repo
from app.repositories import scoring as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import subject_of
from app.services.context import Ctx
from app.services.panels.access import (
    is_staff_of,
    require_file_access,
    seat_for_application,
)
from app.services.panels.errors import (
    InvalidScores,
    NotAScorer,
    NotInStage,
    ScorecardSubmitted,
    StageSignedOff,
)
from app.services.panels.grid import derived_grid
from app.services.panels.scoring_math import score_errors, weighted_total

# Which applications each stage assesses (by their status when a scorecard is written).
STAGE_STATUSES = {Stage.preselection: ("preselected",),
                  Stage.interview: ("preselected", "interviewed")}


async def _grid_for_scoring(ctx: Ctx, call_id: ObjectId) -> ScoringGridDoc:
    """The stored grid; the derived default is stored the first time anyone scores on it."""
    call = await calls_repo.get(ctx.db, call_id)
    if call is None:
        raise NotFound("The application's call no longer exists.")
    stored = await repo.get_grid(ctx.db, call["_id"])
    if stored is not None:
        return stored
    derived = derived_grid(call)
    await repo.create_grid(ctx.db, call_id=call["_id"], stages=derived.stages,
                           now=ctx.clock.now())
    return await repo.get_grid(ctx.db, call["_id"]) or derived


async def put_scorecard(ctx: Ctx, *, application_id: str, stage: Stage, payload: ScorecardIn
                        ) -> ScorecardRead:
    """Write the caller's own scorecard (chair and members who declared no conflict)."""
    seat = await seat_for_application(ctx, application_id)
    if seat.member.role not in SCORING_ROLES:
        raise NotAScorer(f"A panel {seat.member.role.value} attends but does not score.")
    await require_file_access(ctx, seat)
    application = seat.application
    if await reports_repo.is_signed(ctx.db, call_id=application["call_id"], stage=stage):
        raise StageSignedOff(f"The {stage.value} stage is signed off; scores are final.")
    if application["status"] not in STAGE_STATUSES[stage]:
        raise NotInStage(f"An application that is {application['status']} is not assessed at "
                         f"the {stage.value} stage.", application_status=application["status"])
    grid = await _grid_for_scoring(ctx, application["call_id"])
    stage_grid = grid.stage(stage)
    if stage_grid is None:
        raise NotInStage(f"The grid has no {stage.value} stage.")
    submit = payload.status == ScorecardStatus.submitted
    errors = score_errors(stage_grid, payload.scores, complete=submit)
    if errors:
        raise InvalidScores("Some scores do not fit the grid.", errors=errors)
    fields: dict[str, object] = {"scores": payload.scores, "comment": payload.comment,
                                 "status": payload.status.value}
    now = ctx.clock.now()
    if submit:
        # Freeze the grid first: a grid change racing this submission then fails, not us.
        await repo.freeze_stage(ctx.db, call_id=application["call_id"], stage=stage)
        fields.update(weighted_total=weighted_total(stage_grid, payload.scores),
                      submitted_at=now)
    saved = await repo.upsert_draft_or_submit(
        ctx.db, call_id=application["call_id"], application_id=application["_id"], stage=stage,
        member_sub=ctx.actor.sub, fields=fields, now=now)
    if saved is None:
        raise ScorecardSubmitted("Your scorecard is submitted and can no longer change.")
    await audit.record(ctx, action=audit.Action.submit if submit else audit.Action.update,
                       resource="scorecard", resource_id=str(saved.id),
                       subject=subject_of(application), detail=stage.value)
    return ScorecardRead.of(saved)


async def _readable(ctx: Ctx, application_id: str) -> tuple[ApplicationDoc, bool]:
    """The application, and whether the caller reads it as staff (not as a panel member)."""
    if ctx.actor.has(Role.panel):
        try:
            seat = await seat_for_application(ctx, application_id)
        except NotFound:
            if not ctx.actor.has(Role.recruiter, Role.hr):
                raise
        else:
            await require_file_access(ctx, seat)
            return seat.application, False
    if not ctx.actor.has(Role.recruiter, Role.hr):
        raise Forbidden("Scores are for the panel and the recruiting unit; candidates never "
                        "see them.")
    application = await applications_repo.get(ctx.db,
                                              object_id(application_id, what="application"))
    call = await calls_repo.get(ctx.db, application["call_id"]) if application else None
    if application is None or call is None or not is_staff_of(ctx, call) \
            or application["status"] == "draft":
        raise NotFound("No such application.")
    return application, True


async def list_scorecards(ctx: Ctx, *, application_id: str, stage: Stage) -> ScorecardList:
    """Scorecards of an application at a stage: independent assessment first.

    A member sees their own scorecard, and others' submitted ones only after submitting theirs
    or once the chair opened consolidation; staff see the submitted ones.
    """
    application, staff = await _readable(ctx, application_id)
    cards = await repo.scorecards_of(ctx.db, application_id=application["_id"], stage=stage)
    mine = next((c for c in cards if c.member_sub == ctx.actor.sub), None)
    others = [c for c in cards if c.member_sub != ctx.actor.sub
              and c.status == ScorecardStatus.submitted]
    show_others = staff
    if not staff:
        panel = await panels_repo.get(ctx.db, application["call_id"])
        show_others = (mine is not None and mine.status == ScorecardStatus.submitted) or (
            panel is not None and stage in panel.consolidation_open)
    visible = ([mine] if mine else []) + (others if show_others else [])
    await audit.record(ctx, action=audit.Action.read, resource="scorecard",
                       resource_id=application_id, subject=subject_of(application),
                       detail=stage.value)
    return ScorecardList(items=[ScorecardRead.of(c) for c in visible],
                         others_hidden=bool(others) and not show_others)
