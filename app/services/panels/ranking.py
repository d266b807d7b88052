"""The consolidated ranking of a stage, read by the recruiting unit, HR and the panel chair."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from app.models.common import PageParams
from app.models.panels import PanelDoc, Stage
from app.models.ranking import MemberTotal, RankingPage, RankingRow
from app.models.scoring import StageGrid
from app.models.stored import CallDoc
from app.models.stored_more import RankingRowDoc
from app.repositories import panels as panels_repo
from app.repositories import ranking as repo
from app.services import audit
from app.services.context import Ctx
from app.services.panels.access import is_chair, is_staff_of, load_call, member_seat
from app.services.panels.errors import ChairOnly, NoPanel, NotInStage
from app.services.panels.grid import effective_grid
from app.services.panels.scorecards import STAGE_STATUSES

DISPLAY_DIGITS = 4


@dataclass(frozen=True)
class StageContext:
    call: CallDoc
    panel: PanelDoc
    grid: StageGrid
    query: repo.RankingQuery


async def consolidating_call(ctx: Ctx, call_id: str) -> CallDoc:
    """The call, if the caller is its staff or its panel's chair (members: 403)."""
    call = await load_call(ctx, call_id)
    if is_staff_of(ctx, call):
        return call
    seat = await member_seat(ctx, call["_id"])
    if seat is None or not is_chair(seat[1]):
        raise ChairOnly("The ranking is for the recruiting unit, HR and the panel chair.")
    return call


async def stage_context(ctx: Ctx, call: CallDoc, stage: Stage) -> StageContext:
    """Everything the ranking of a stage depends on."""
    panel = await panels_repo.get(ctx.db, call["_id"])
    if panel is None:
        raise NoPanel("This call has no panel yet.")
    grid = (await effective_grid(ctx, call)).stage(stage)
    if grid is None:
        raise NotInStage(f"The grid has no {stage.value} stage.")
    query = repo.RankingQuery(
        call_id=call["_id"], stage=stage, grid=grid, scorers=panel.scorer_subs,
        article29=call.get("kind") == "ta" and call.get("priority_rule") == "article29",
        waiting_statuses=STAGE_STATUSES[stage])
    return StageContext(call=call, panel=panel, grid=grid, query=query)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DISPLAY_DIGITS)


def row_of(doc: repo.RankedRow, sc: StageContext) -> RankingRow:
    names = {m.sub: m.name for m in sc.panel.members}
    info = doc["info"]
    name = " ".join(p for p in (info.get("fn"), info.get("ln")) if p) or None
    r = doc["r"]
    return RankingRow(
        application_id=str(doc["_id"]), candidate=name, status=info["st"],
        priority_group=(info.get("pg") == 0) if sc.query.article29 else None,
        members=[MemberTotal(member_sub=m, name=names.get(m), total=round(t, DISPLAY_DIGITS))
                 for m, t in sorted(repo.member_totals(doc).items())],
        mean=_round(r["score"]), median=_round(r["median"]), scorers=r["n"],
        abstentions=doc["abst"], spread=_round(r["spread"]), std_dev=_round(r["sd"]),
        discuss=bool(r["discuss"]), knockout_failures=list(r["ko_failed"]),
        passed=bool(r["passed"]), rank=r["rank"])


def subject(doc: RankingRowDoc) -> str:
    """The audit subject of a ranking row (the candidate, pseudonymised by the trail)."""
    return str(doc["info"].get("ck") or doc["_id"])


async def all_rows(ctx: Ctx, sc: StageContext
                   ) -> AsyncIterator[tuple[repo.RankedRow, RankingRow]]:
    """Every row of the ranking, best first (for the report, agreement and decisions)."""
    async for doc in repo.rows(ctx.db, sc.query):
        yield doc, row_of(doc, sc)


async def get_ranking(ctx: Ctx, *, call_id: str, stage: Stage, page: PageParams
                      ) -> RankingPage:
    """A page of the ranking; one audit event per application shown."""
    call = await consolidating_call(ctx, call_id)
    sc = await stage_context(ctx, call, stage)
    after = repo.decode_position(page.cursor) if page.cursor else None
    docs = [d async for d in repo.rows(ctx.db, sc.query, after=after, limit=page.limit + 1)]
    more = len(docs) > page.limit
    docs = docs[: page.limit]
    next_cursor = repo.encode_position(docs[-1]["position"]) if more else None
    await audit.record_many(ctx, action=audit.Action.read, resource="ranking",
                            items=[(str(d["_id"]), subject(d)) for d in docs], detail=stage.value)
    return RankingPage(call_id=call_id, stage=stage, pass_threshold=sc.grid.pass_threshold,
                       spread_threshold=sc.grid.spread_threshold,
                       items=[row_of(d, sc) for d in docs], next_cursor=next_cursor)

