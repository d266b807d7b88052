"""Selection panels: composition, conflict declarations, the pre-declaration view."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.deps import CtxDep, IfMatch, Page
from app.models.common import Problem, etag
from app.models.panels import (
    ConflictCheck,
    ConflictDeclarationIn,
    ConflictDeclarationList,
    ConflictDeclarationRead,
    PanelApplicationList,
    PanelIn,
    PanelRead,
    Stage,
)
from app.models.ranking import Agreement, PanelDecisionIn, PanelDecisionResult, RankingPage
from app.models.reports import PanelReportRead
from app.models.scoring import (
    ScorecardIn,
    ScorecardList,
    ScorecardRead,
    ScoringGridIn,
    ScoringGridRead,
)
from app.services.panels import (
    agreement,
    declarations,
    grid,
    membership,
    ranking,
    report,
    scorecards,
)
from app.services.panels import decisions as panel_decisions
from app.services.panels.report import ReportFormat

router = APIRouter(tags=["panels"])

_DESCRIPTIONS = {
    400: "Bad request (a cursor this service did not issue)",
    403: "Your role may not do this (e.g. `declaration-required`, `conflict-of-interest`, "
         "`not-a-scorer`, `chair-only`)",
    404: "Not found, or not yours to know about",
    409: "Conflicts with the panel's progress (e.g. `scoring-started`, `grid-frozen`, "
         "`stage-signed-off`, `scorecard-submitted`)",
    412: "Stale If-Match",
    422: "Validation failed; `errors` names the field",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses a route can really return, each as problem+json."""
    return {s: {"model": Problem, "description": _DESCRIPTIONS[s]} for s in statuses}


StageQuery = Annotated[Stage, Query(description="The assessment stage.")]


@router.put(
    "/calls/{call_id}/panel", summary="Set the call's selection panel",
    description="Replaces the panel's members (recruiting unit or HR). Once a member has "
                "scored, only members who have not scored may be replaced (409 "
                "`scoring-started`). Every change is audited.",
    response_model=PanelRead, responses=problems(403, 404, 409, 412, 422))
async def put_panel(call_id: str, payload: PanelIn, ctx: CtxDep, response: Response,
                    if_match: IfMatch = None) -> PanelRead:
    read = await membership.put_panel(ctx, call_id=call_id, payload=payload, if_match=if_match)
    response.headers["ETag"] = etag(read.version)
    return read


@router.get(
    "/calls/{call_id}/panel", summary="Read the call's selection panel",
    description="The members and their roles; for the recruiting unit, HR and the panel.",
    response_model=PanelRead, responses=problems(403, 404))
async def get_panel(call_id: str, ctx: CtxDep, response: Response) -> PanelRead:
    read = await membership.get_panel(ctx, call_id=call_id)
    response.headers["ETag"] = etag(read.version)
    return read


@router.get(
    "/calls/{call_id}/panel/applications", summary="Applications before the panel",
    description="The applications the unit has put before the panel (preselected and after), "
                "each with only what a conflict of interest is judged on and your own "
                "declaration. Open a file with `GET /applications/{id}` after declaring.",
    response_model=PanelApplicationList, responses=problems(403, 404))
async def list_panel_applications(call_id: str, ctx: CtxDep, page: Page
                                  ) -> PanelApplicationList:
    return await declarations.worklist(ctx, call_id=call_id, page=page)


@router.post(
    "/calls/{call_id}/panel/consolidation", summary="Open consolidation of a stage (chair)",
    description="From now on every member sees every submitted scorecard of the stage.",
    response_model=PanelRead, responses=problems(403, 404, 422))
async def open_consolidation(call_id: str, stage: StageQuery, ctx: CtxDep) -> PanelRead:
    return await membership.open_consolidation(ctx, call_id=call_id, stage=stage)


@router.get(
    "/applications/{application_id}/conflict-check",
    summary="What a conflict of interest is judged on",
    description="The candidate's names and current and recent employers (left within five "
                "years) — all a panel member sees before declaring — and your declaration.",
    response_model=ConflictCheck, responses=problems(403, 404))
async def get_conflict_check(application_id: str, ctx: CtxDep) -> ConflictCheck:
    return await declarations.conflict_check(ctx, application_id=application_id)


@router.post(
    "/applications/{application_id}/conflict-declaration", status_code=201,
    summary="Declare a conflict of interest, or none",
    description="Must precede reading or scoring the file. Declarations are immutable; a new "
                "one corrects the previous (both are kept and audited). The reason is shown "
                "to the chair and HR only.",
    response_model=ConflictDeclarationRead, responses=problems(403, 404, 422))
async def post_conflict_declaration(application_id: str, payload: ConflictDeclarationIn,
                                    ctx: CtxDep) -> ConflictDeclarationRead:
    return await declarations.declare(ctx, application_id=application_id, payload=payload)


@router.get(
    "/applications/{application_id}/conflict-declarations",
    summary="Conflict declarations about an application",
    description="All declarations for the recruiting unit, HR and the chair; a member sees "
                "their own. Reasons are shown to the chair and HR only.",
    response_model=ConflictDeclarationList, responses=problems(403, 404))
async def list_conflict_declarations(application_id: str, ctx: CtxDep
                                     ) -> ConflictDeclarationList:
    return await declarations.list_declarations(ctx, application_id=application_id)


@router.get(
    "/calls/{call_id}/scoring-grid", summary="Read the call's scoring grid",
    description="The stored grid, or (`derived: true`) the default derived from the call's "
                "selection criteria: the profile sought and each advantage the notice lists.",
    response_model=ScoringGridRead, responses=problems(403, 404))
async def get_scoring_grid(call_id: str, ctx: CtxDep, response: Response) -> ScoringGridRead:
    read = await grid.get_grid(ctx, call_id=call_id)
    response.headers["ETag"] = etag(read.version)
    return read


@router.put(
    "/calls/{call_id}/scoring-grid", summary="Set the scoring grid of one or both stages",
    description="Criteria with weights, scales, steps and knock-out minimums, and each "
                "stage's pass threshold on the weighted total (0–100). A stage is frozen (409 "
                "`grid-frozen`) once its first scorecard is submitted.",
    response_model=ScoringGridRead, responses=problems(403, 404, 409, 412, 422))
async def put_scoring_grid(call_id: str, payload: ScoringGridIn, ctx: CtxDep,
                           response: Response, if_match: IfMatch = None) -> ScoringGridRead:
    read = await grid.put_grid(ctx, call_id=call_id, payload=payload, if_match=if_match)
    response.headers["ETag"] = etag(read.version)
    return read


@router.put(
    "/applications/{application_id}/scorecard", summary="Write your own scorecard",
    description="Your scores per criterion and a comment, `draft` until `submitted`; a "
                "submitted scorecard is immutable. Chair and members only, after declaring no "
                "conflict. Errors name the field (`errors[].loc`).",
    response_model=ScorecardRead, responses=problems(403, 404, 409, 422))
async def put_scorecard(application_id: str, stage: StageQuery, payload: ScorecardIn,
                        ctx: CtxDep) -> ScorecardRead:
    return await scorecards.put_scorecard(ctx, application_id=application_id, stage=stage,
                                          payload=payload)


@router.get(
    "/applications/{application_id}/scorecards", summary="Scorecards of an application",
    description="Independent assessment: your own scorecard, and the other members' only "
                "after you submitted yours or the chair opened consolidation. The recruiting "
                "unit and HR see the submitted ones. Candidates never see scores.",
    response_model=ScorecardList, responses=problems(403, 404, 422))
async def list_scorecards(application_id: str, stage: StageQuery, ctx: CtxDep
                          ) -> ScorecardList:
    return await scorecards.list_scorecards(ctx, application_id=application_id, stage=stage)


@router.get(
    "/calls/{call_id}/ranking", summary="The panel's consolidated ranking of a stage",
    description="Per application: each member's weighted total (0–100), mean and median, "
                "scorers and abstentions, spread (max − min) and standard deviation with a "
                "`discuss` flag past the stage's spread threshold, knock-out failures, "
                "pass/fail, and the rank (equal totals share a rank; for TA calls the "
                "Article 29 priority group first). Computed by the database in one pipeline; "
                "cursor-paginated. Recruiting unit, HR and the panel chair.",
    response_model=RankingPage, responses=problems(400, 403, 404, 422))
async def get_ranking(call_id: str, stage: StageQuery, ctx: CtxDep, page: Page) -> RankingPage:
    return await ranking.get_ranking(ctx, call_id=call_id, stage=stage, page=page)


@router.get(
    "/calls/{call_id}/ranking/agreement", summary="How far the panel agrees on a stage",
    description="Krippendorff's alpha (interval metric, on the members' weighted totals; "
                "abstentions are missing values) and, when every member scored every "
                "application, ICC(2,k) with its 95 % confidence interval. Alpha below 0.667: "
                "treat the ranking with caution.",
    response_model=Agreement, responses=problems(403, 404, 422))
async def get_agreement(call_id: str, stage: StageQuery, ctx: CtxDep) -> Agreement:
    return await agreement.get_agreement(ctx, call_id=call_id, stage=stage)


@router.post(
    "/calls/{call_id}/ranking/decisions", summary="Decide every application from the ranking",
    description="One transaction for the whole stage. Preselection: those who passed stay "
                "`preselected`, the others become `not_selected`. Interview: those who passed "
                "and rank within `places` become `selected`, the other passers `reserve`, the "
                "rest `not_selected`. Idempotent: repeating it changes nothing. Only selected "
                "candidates are notified. Recruiting unit or HR.",
    response_model=PanelDecisionResult, responses=problems(403, 404, 409, 412, 422))
async def decide_from_ranking(call_id: str, stage: StageQuery, payload: PanelDecisionIn,
                              ctx: CtxDep) -> PanelDecisionResult:
    return await panel_decisions.decide_from_ranking(ctx, call_id=call_id, stage=stage,
                                                     payload=payload)


ReportFormatQuery = Annotated[ReportFormat, Query(alias="format",
                                                  description="`csv` (default) or `pdf`.")]
_MEDIA = {ReportFormat.csv: "text/csv; charset=utf-8", ReportFormat.pdf: "application/pdf"}


@router.get(
    "/calls/{call_id}/panel-report", summary="The panel report of a stage (CSV or PDF)",
    description="Grid, members, declaration counts (never reasons), ranking, agreement and "
                "the candidates proposed for the next step. Once the chair signed off, the "
                "stored report is served unchanged (`X-Report-Signed: true`). CSV cells that "
                "begin with `=`, `+`, `-`, `@` are prefixed with `'`. Recruiting unit, HR, "
                "chair.",
    response_class=Response, responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}},
                          "application/pdf": {"schema": {"type": "string",
                                                         "format": "binary"}}},
              "description": "The report.",
              "headers": {"X-Report-Signed": {"schema": {"type": "string"},
                                              "description": "true once signed off"}}},
        **problems(403, 404, 422)})
async def get_panel_report(call_id: str, stage: StageQuery, ctx: CtxDep,
                           fmt: ReportFormatQuery = ReportFormat.csv) -> Response:
    body, signed = await report.get_report(ctx, call_id=call_id, stage=stage, fmt=fmt)
    filename = f"panel-report-{stage.value}.{fmt.value}"
    return Response(body, media_type=_MEDIA[fmt], headers={
        "X-Report-Signed": "true" if signed else "false",
        "Content-Disposition": f'attachment; filename="{filename}"'})


@router.post(
    "/calls/{call_id}/panel-report/sign-off", status_code=201,
    summary="Sign off a stage's report (chair)",
    description="Stores the CSV and PDF as they are now, to be served unchanged, and freezes "
                "the stage: no scorecard changes afterwards (409 `stage-signed-off`).",
    response_model=PanelReportRead, responses=problems(403, 404, 409, 422))
async def sign_off_panel_report(call_id: str, stage: StageQuery, ctx: CtxDep
                                ) -> PanelReportRead:
    return PanelReportRead.of(await report.sign_off(ctx, call_id=call_id, stage=stage))
