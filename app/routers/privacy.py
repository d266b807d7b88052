"""Retention runs, legal holds, erasure requests and the data subject's own export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from app.deps import CtxDep, Page
from app.models.common import Problem
from app.models.privacy import RetentionRunList, RetentionRunRead
from app.security.dependencies import require_roles
from app.security.principal import Principal, Role
from app.services.privacy import retention

router = APIRouter(tags=["privacy"])
Overseer = Annotated[Principal, Depends(require_roles(Role.dpo, Role.admin))]


def problems(*codes: tuple[int, str]) -> dict[int | str, dict[str, object]]:
    """The error statuses a route can return, each with its stable ``code``."""
    base = {401: "Missing or invalid token (`unauthorized`)."}
    return {status: {"model": Problem, "description": text}
            for status, text in [*base.items(), *codes]}


FORBIDDEN = (403, "The caller's role may not do this (`forbidden`).")
BAD_CURSOR = (400, "A cursor this service did not issue (`bad-request`).")
NOT_FOUND = (404, "No such resource, or not yours (`not-found`).")
INVALID = (422, "The request does not match the schema (`validation`).")


@router.get("/retention/runs", summary="Purge reports",
            description="Every retention run, newest first: when, the policy version, dry run "
                        "or not, and per call the counts deleted and skipped. No personal data.",
            response_model=RetentionRunList,
            responses=problems(BAD_CURSOR, FORBIDDEN, INVALID))
async def list_retention_runs(caller: Overseer, ctx: CtxDep, page: Page) -> RetentionRunList:
    return await retention.list_runs(ctx, page=page)


@router.get("/retention/runs/{run_id}", summary="One purge report",
            description="One retention run's report.", response_model=RetentionRunRead,
            responses=problems(FORBIDDEN, NOT_FOUND))
async def get_retention_run(
    caller: Overseer, ctx: CtxDep,
    run_id: Annotated[str, Path(max_length=64, description="The run's id.")],
) -> RetentionRunRead:
    return await retention.get_run(ctx, run_id=run_id)


@router.post("/retention/runs", summary="Run the purge now",
             description="Runs the retention purge at once and returns its report; with "
                         "`dry_run=true` nothing is deleted and the counts say what would go. "
                         "409 while another run works.",
             status_code=201, response_model=RetentionRunRead,
             responses=problems(FORBIDDEN, (409, "Another retention run is working "
                                                 "(`conflict`)."), INVALID))
async def start_retention_run(
    caller: Overseer, ctx: CtxDep,
    dry_run: Annotated[bool, Query(description="Only count what would be deleted.")] = False,
) -> RetentionRunRead:
    return await retention.start_run(ctx, dry_run=dry_run)
