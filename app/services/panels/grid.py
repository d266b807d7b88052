"""The scoring grid of a call: derived from its selection criteria until staff set one."""

from __future__ import annotations

from bson import ObjectId

from app.errors import PreconditionFailed
from app.models.common import check_if_match
from app.models.panels import Stage
from app.models.scoring import (
    ScoringCriterion,
    ScoringGridDoc,
    ScoringGridIn,
    ScoringGridRead,
    StageGrid,
)
from app.models.stored import CallDoc
from app.repositories import scoring as repo
from app.services import audit
from app.services.context import Ctx
from app.services.panels.access import load_call, staff_call
from app.services.panels.errors import GridFrozen

DEFAULT_THRESHOLD = 60.0
LABEL_MAX = 300


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def default_stages(call: CallDoc) -> list[StageGrid]:
    """One criterion per advantage the notice lists, after the profile sought (weight 2);
    the interview adds motivation and communication. Scales 0–5 by 1, threshold 60."""
    sections = call.get("sections") or {}
    profile = ScoringCriterion(id="profile", label="Match with the profile sought", weight=2,
                        description=sections.get("we_look_for"))
    advantages = [ScoringCriterion(id=f"advantage_{i}", label=_label(text), weight=1)
                  for i, text in enumerate(call.get("advantages") or [], start=1)][:18]
    preselection = StageGrid(stage=Stage.preselection, criteria=[profile, *advantages],
                             pass_threshold=DEFAULT_THRESHOLD)
    interview = StageGrid(stage=Stage.interview, pass_threshold=DEFAULT_THRESHOLD, criteria=[
        profile.model_copy(update={"label": "Expertise for the post, as shown at interview"}),
        ScoringCriterion(id="motivation", label="Motivation and understanding of the post",
                         weight=1),
        ScoringCriterion(id="communication", label="Communication in the working language",
                         weight=1),
    ])
    return [preselection, interview]


def _ordered(stages: dict[Stage, StageGrid]) -> list[StageGrid]:
    return [stages[s] for s in Stage if s in stages]


def derived_grid(call: CallDoc) -> ScoringGridDoc:
    return ScoringGridDoc(id=ObjectId(), call_id=call["_id"], stages=default_stages(call),
                          derived=True, version=0, updated_at=call["updated_at"])


async def effective_grid(ctx: Ctx, call: CallDoc) -> ScoringGridDoc:
    """The stored grid, or the default one derived from the call."""
    return await repo.get_grid(ctx.db, call["_id"]) or derived_grid(call)


async def get_grid(ctx: Ctx, *, call_id: str) -> ScoringGridRead:
    """The grid of a call (its staff and its panel)."""
    call = await load_call(ctx, call_id)
    return ScoringGridRead.of(await effective_grid(ctx, call))


async def put_grid(ctx: Ctx, *, call_id: str, payload: ScoringGridIn, if_match: str | None
                   ) -> ScoringGridRead:
    """Set stage grids (recruiting unit, HR); a stage with a submitted scorecard is frozen."""
    call = await staff_call(ctx, call_id)
    current = await repo.get_grid(ctx.db, call["_id"])
    now = ctx.clock.now()
    given = {s.stage: s for s in payload.stages}
    if current is None:
        base = {s.stage: s for s in default_stages(call)}
        saved = await repo.create_grid(ctx.db, call_id=call["_id"],
                                       stages=_ordered({**base, **given}), now=now)
    else:
        check_if_match(if_match, current.version, required=False)
        frozen = [s for s in given if s in current.frozen_stages and current.stage(s) != given[s]]
        if frozen:
            raise GridFrozen(f"The {frozen[0].value} grid is frozen: scorecards were submitted "
                             "against it.", stage=frozen[0].value)
        stages = {s.stage: s for s in current.stages}
        saved = await repo.replace_stages(ctx.db, call_id=call["_id"], version=current.version,
                                          stages=_ordered({**stages, **given}),
                                          unfrozen=[s for s in given
                                                    if s not in current.frozen_stages],
                                          now=now)
    if saved is None:
        raise PreconditionFailed("The grid changed (or froze) since you read it; read it again.")
    await audit.record(ctx, action=audit.Action.update, resource="scoring_grid",
                       resource_id=str(call["_id"]),
                       detail=",".join(s.value for s in given))
    return ScoringGridRead.of(saved)
