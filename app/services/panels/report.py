"""The panel report of a stage (CSV and PDF), and the chair's sign-off that freezes it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.models.panels import PanelMember, Stage
from app.models.ranking import Agreement, RankingRow
from app.models.reports import PanelReportDoc
from app.models.scoring import StageGrid
from app.models.stored import CallDoc
from app.repositories import panel_reports as repo
from app.repositories import panels as panels_repo
from app.services import audit
from app.services.context import Ctx
from app.services.panels.access import is_chair, member_seat
from app.services.panels.agreement import get_agreement
from app.services.panels.errors import ChairOnly, StageSignedOff
from app.services.panels.ranking import all_rows, consolidating_call, stage_context, subject
from app.services.panels.report_pdf import render_pdf

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ReportFormat(StrEnum):
    csv = "csv"
    pdf = "pdf"


@dataclass(frozen=True)
class ReportData:
    call: CallDoc
    stage: Stage
    grid: StageGrid
    members: list[PanelMember]
    declarations: dict[str, int]
    rows: list[RankingRow]
    subjects: list[tuple[str, str]]
    agreement: Agreement
    signed_by: str | None
    signed_at: datetime | None

    @property
    def proposed(self) -> list[RankingRow]:
        """Who the ranking proposes for the next step: those who passed, best first."""
        return [r for r in self.rows if r.passed]


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix with a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def render_csv(data: ReportData) -> str:
    """The report as CSV sections; every cell escaped against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def row(*cells: object) -> None:
        writer.writerow([safe_cell(c) for c in cells])

    row("panel report", data.call.get("reference"), data.call.get("title"))
    row("stage", data.stage.value)
    if data.signed_by:
        row("signed by", data.signed_by, data.signed_at.isoformat() if data.signed_at else "")
    else:
        row("draft", "not signed off")
    row()
    row("grid", "label", "weight", "scale_min", "scale_max", "step", "knockout_min")
    for c in data.grid.criteria:
        row(c.id, c.label, _number(c.weight), _number(c.scale_min), _number(c.scale_max),
            _number(c.step), _number(c.knockout_min))
    row("pass_threshold", _number(data.grid.pass_threshold))
    row("spread_threshold", _number(data.grid.spread_threshold))
    row()
    row("members", "role")
    for m in data.members:
        row(m.name, m.role.value)
    row()
    row("declarations", "count")
    for kind in ("no_conflict", "conflict"):
        row(kind, data.declarations.get(kind, 0))
    row()
    names = [m for m in data.members if m.role.value in ("chair", "member")]
    row("rank", "application_id", "candidate", "status", "mean", "median", "scorers",
        "abstentions", "spread", "std_dev", "discuss", "knockout_failures", "passed",
        "article29_priority", *[m.name for m in names])
    for r in data.rows:
        totals = {t.member_sub: t.total for t in r.members}
        priority = "" if r.priority_group is None else "yes" if r.priority_group else "no"
        row(r.rank or "", r.application_id, r.candidate, r.status, _number(r.mean),
            _number(r.median), r.scorers, r.abstentions, _number(r.spread), _number(r.std_dev),
            "yes" if r.discuss else "no", " ".join(r.knockout_failures),
            "yes" if r.passed else "no", priority, *[_number(totals.get(m.sub)) for m in names])
    row()
    a = data.agreement
    row("agreement", "value")
    row("krippendorff_alpha", _number(a.krippendorff_alpha))
    row("icc2k", _number(a.icc2k))
    row("icc2k_ci95", *(_number(v) for v in (a.icc2k_ci95 or ())))
    row("note", a.note)
    row()
    row("proposed for the next step", "application_id", "candidate")
    for r in data.proposed:
        row(r.rank, r.application_id, r.candidate)
    return out.getvalue()


async def _gather(ctx: Ctx, call: CallDoc, stage: Stage, *, signed_by: str | None = None,
                  signed_at: datetime | None = None) -> ReportData:
    sc = await stage_context(ctx, call, stage)
    rows: list[RankingRow] = []
    subjects: list[tuple[str, str]] = []
    async for doc, row in all_rows(ctx, sc):
        rows.append(row)
        subjects.append((row.application_id, subject(doc)))
    return ReportData(
        call=call, stage=stage, grid=sc.grid, members=sc.panel.members,
        declarations=await panels_repo.declaration_counts(ctx.db, call_id=call["_id"]),
        rows=rows, subjects=subjects,
        agreement=await get_agreement(ctx, call_id=str(call["_id"]), stage=stage),
        signed_by=signed_by, signed_at=signed_at)


async def get_report(ctx: Ctx, *, call_id: str, stage: Stage, fmt: ReportFormat
                     ) -> tuple[bytes, bool]:
    """The report's bytes, and whether it is the signed one (served unchanged)."""
    call = await consolidating_call(ctx, call_id)
    signed = await repo.get(ctx.db, call_id=call["_id"], stage=stage)
    if signed is not None:
        body = signed.csv.encode() if fmt == ReportFormat.csv else signed.pdf
        subjects: list[tuple[str, str]] = [(str(a), str(s)) for a, s in signed.subjects]
    else:
        data = await _gather(ctx, call, stage)
        body = render_csv(data).encode() if fmt == ReportFormat.csv else render_pdf(data)
        subjects = data.subjects
    await audit.record_many(ctx, action=audit.Action.export, resource="panel_report",
                            items=[(a, s) for a, s in subjects],
                            detail=f"{stage.value}:{fmt.value}")
    return body, signed is not None


async def sign_off(ctx: Ctx, *, call_id: str, stage: Stage) -> PanelReportDoc:
    """The chair signs the stage's report: it is stored, served unchanged, and the stage's
    scores are final."""
    call = await consolidating_call(ctx, call_id)
    seat = await member_seat(ctx, call["_id"])
    if seat is None or not is_chair(seat[1]):
        raise ChairOnly("Only the panel chair signs off the report.")
    if await repo.is_signed(ctx.db, call_id=call["_id"], stage=stage):
        raise StageSignedOff(f"The {stage.value} report is already signed off.")
    now = ctx.clock.now()
    data = await _gather(ctx, call, stage, signed_by=seat[1].name, signed_at=now)
    saved = await repo.insert(ctx.db, call_id=call["_id"], stage=stage, signed_by=ctx.actor.sub,
                              signed_at=now, csv=render_csv(data), pdf=render_pdf(data),
                              subjects=data.subjects)
    if saved is None:
        raise StageSignedOff(f"The {stage.value} report is already signed off.")
    await audit.record(ctx, action=audit.Action.create, resource="panel_report",
                       resource_id=str(saved.id), detail=f"sign-off:{stage.value}")
    return saved
