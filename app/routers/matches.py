"""Best matches for a call from the talent pool, and candidates' consent to be in it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.deps import CtxDep
from app.models.common import Problem
from app.models.integrations_matches import BestMatchList, TalentPoolConsent
from app.services.integrations import matches as service

router = APIRouter(tags=["integrations"])

Responses = dict[int | str, dict[str, Any]]
_ERRORS: Responses = {403: {"model": Problem, "description": "Not allowed for your role"},
                      404: {"model": Problem, "description": "Not found (or not yours)"}}


@router.get("/calls/{call_id}/best-matches", summary="The talent pool ranked for a call",
            description="Earlier calls' applicants who consented to be considered (and did not "
                        "object, and are within their retention period) plus EPSO CAST "
                        "candidates of the call's function group. Candidates the eligibility "
                        "engine rules out are left out; `unknown` ones are shown as such. The "
                        "score adds four components from the call's advantage criteria, each "
                        "shown: field of degree, months of experience, languages, keywords.",
            response_model=BestMatchList, responses=_ERRORS)
async def get_best_matches(
    call_id: str, ctx: CtxDep,
    limit: Annotated[int, Query(ge=1, le=200, description="How many to show.")] = 50,
) -> BestMatchList:
    return await service.best_matches(ctx, call_id=call_id, limit=limit)


@router.put("/applications/{application_id}/talent-pool-consent",
            summary="Agree to be considered for later calls",
            description="The candidate (or the submitting Permanent Representation) lets the "
                        "institution propose this candidate for later calls' best matches.",
            response_model=TalentPoolConsent, responses=_ERRORS)
async def give_talent_pool_consent(application_id: str, ctx: CtxDep) -> TalentPoolConsent:
    return await service.give_consent(ctx, application_id=application_id)


@router.delete("/applications/{application_id}/talent-pool-consent",
               summary="Object to being considered for later calls",
               description="An objection: the candidate is never proposed again, from any of "
                           "their applications.",
               response_model=TalentPoolConsent, responses=_ERRORS)
async def object_to_talent_pool(application_id: str, ctx: CtxDep) -> TalentPoolConsent:
    return await service.object_to_pool(ctx, application_id=application_id)
