"""Applications: created through a call's channel, drafted, submitted, decided, read."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from app.deps import (
    CtxDep,
    IdempotencyKey,
    IfMatch,
    MergePatchMediaType,
    MergePatchOf,
    Page,
    merge_patch_body,
)
from app.i18n import LANGUAGE_HEADERS, content_language, language_var
from app.models.applications import (
    ApplicationCreate,
    ApplicationList,
    ApplicationRead,
    ApplicationStatus,
    ApplicationUpdate,
    DecisionIn,
    SpecialNeedsRead,
    SpecialNeedsUpdate,
)
from app.models.common import ProblemResponses, etag
from app.models.eligibility import EligibilityVerdict
from app.openapi_errors import NOT_ANSWERED
from app.services.applications import create, decisions, drafts, reads, special_needs
from app.services.eligibility.localized import (
    localized,
    with_worded_verdict,
    with_worded_verdicts,
)

router = APIRouter(tags=["applications"], responses=ProblemResponses)


def _with_etag(response: Response, read: ApplicationRead) -> ApplicationRead:
    """The application as answered: its version as `ETag`, its verdict in the reader's
    language (named in `Content-Language`)."""
    response.headers["ETag"] = etag(read.version)
    response.headers.update(content_language())
    return with_worded_verdict(read, language=language_var.get())


@router.post(
    "/calls/{call_id}/applications", summary="Apply to a call (a draft application)",
    response_model=ApplicationRead, status_code=201,
    responses={201: {"headers": {"Location": {"schema": {"type": "string"}},
                                 "ETag": {"schema": {"type": "string"}}}}},
)
async def create_application(call_id: str, payload: ApplicationCreate, ctx: CtxDep,
                             idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Starts a draft application on a published call before its deadline, through the call's
    channel: a candidate on CA and TA calls, the Permanent Representation of the candidate's
    country on SNE calls. One application per candidate and call.
    """
    return await create.create_application_once(ctx, call_id=call_id, payload=payload,
                                                idempotency_key=idempotency_key)


@router.get("/applications", summary="List the applications you may see",
            response_model=ApplicationList, responses={200: {"headers": LANGUAGE_HEADERS}})
async def list_applications(
    ctx: CtxDep, page: Page, response: Response,
    call_id: Annotated[str | None, Query(max_length=40,
                                         description="Only applications to this call.")] = None,
    status: Annotated[ApplicationStatus | None,
                      Query(description="Only applications in this status.")] = None,
    submitted_by: Annotated[Literal["me"] | None, Query(
        description="`me`: only the applications the caller itself created (a Permanent "
                    "Representation's system sees what it sent, with their statuses).")] = None,
) -> ApplicationList:
    """The applications the caller may see, newest first and paginated: a candidate's own, a
    Permanent Representation's country's, staff's calls', a panel member's calls'. Each carries
    its call's summary.
    """
    found = await reads.list_applications(ctx, page=page, call_id=call_id, status=status,
                                          submitted_by_me=submitted_by == "me")
    response.headers.update(content_language())
    return with_worded_verdicts(found, language=language_var.get())


@router.get("/applications/{application_id}", summary="Read an application",
            response_model=ApplicationRead,
            responses={200: {"headers": LANGUAGE_HEADERS}, 403: NOT_ANSWERED})
async def get_application(application_id: str, ctx: CtxDep, response: Response
                          ) -> ApplicationRead:
    """One application with its call's summary; `ETag` is its version, to send as `If-Match` when
    changing it. "Not yours" is a 404.
    """
    return _with_etag(response, await reads.get_application(ctx, application_id=application_id))


ApplicationPatch = Annotated[dict[str, Any], MergePatchOf(ApplicationUpdate), merge_patch_body(
    {"profile": {"birth_name": None, "contact": {"phone": "+32 2 299 11 11"},
                 "date_of_birth": "1988-04-12"}})]


@router.patch("/applications/{application_id}", summary="Change a draft application",
              description="A JSON Merge Patch (RFC 7396) of the draft: members left out stay, "
                          "`null` clears one, objects (the profile, its contact) merge member "
                          "by member, arrays (languages, experience…) are replaced whole. The "
                          "merged draft is validated as a draft. `If-Match` is required (428 "
                          "without it, 412 when stale).",
              response_model=ApplicationRead, dependencies=[MergePatchMediaType],
              responses={428: {"description": "If-Match is required"},
                         415: {"description": "Not a JSON Merge Patch"}})
async def update_application(application_id: str, patch: ApplicationPatch, ctx: CtxDep,
                             response: Response, if_match: IfMatch = None) -> ApplicationRead:
    read = await drafts.update_draft(ctx, application_id=application_id, patch=patch,
                                     if_match=if_match)
    return _with_etag(response, read)


@router.post("/applications/{application_id}/submit",
             summary="Submit a draft application before the deadline",
             response_model=ApplicationRead)
async def submit_application(application_id: str, ctx: CtxDep, if_match: IfMatch = None,
                             idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Submits the draft before the call's deadline: the complete profile and the required
    documents are checked, the eligibility verdict is computed and stored. `If-Match` guards
    against a stale draft; `Idempotency-Key` makes a retry safe (the same key replays the first
    answer).
    """
    return await drafts.submit_application_once(ctx, application_id=application_id,
                                                if_match=if_match,
                                                idempotency_key=idempotency_key)


@router.post("/applications/{application_id}/withdraw", summary="Withdraw an application",
             response_model=ApplicationRead)
async def withdraw_application(application_id: str, ctx: CtxDep, response: Response,
                               if_match: IfMatch = None) -> ApplicationRead:
    """The candidate (or the submitting Permanent Representation) withdraws an application
    before the deadline and before any decision; it stays visible with status `withdrawn`.
    """
    read = await drafts.withdraw_application(ctx, application_id=application_id,
                                             if_match=if_match)
    return _with_etag(response, read)


@router.get("/applications/{application_id}/eligibility",
            summary="The eligibility verdict, criterion by criterion",
            description="The stored verdict of a submitted application, or a live one for a "
                        "draft. `summary`, each result's `label`, its `reason` and `evidence` "
                        "(where stored as messages) and `as_of_reason` are in the language "
                        "`Accept-Language` asks for (English, French or German; English by "
                        "default), named in `Content-Language`; the codes never change.",
            response_model=EligibilityVerdict,
            responses={200: {"headers": LANGUAGE_HEADERS}, 403: NOT_ANSWERED,
                       422: {"description": "A draft whose profile is incomplete: `errors` "
                                            "lists what to complete before it can be judged"}})
async def get_application_eligibility(application_id: str, ctx: CtxDep, response: Response
                                      ) -> EligibilityVerdict:
    verdict = await reads.get_eligibility(ctx, application_id=application_id)
    response.headers.update(content_language())
    return localized(verdict, language=language_var.get())


@router.get("/applications/{application_id}/special-needs",
            summary="The candidate's special needs (HR of the DG and the candidate)",
            description="Health data, decrypted for HR of the DG concerned (who organise the "
                        "interview logistics) and for the candidate (or the submitting Permanent "
                        "Representation); every read is audited. Other readers of the "
                        "application get 403, anyone else 404.",
            response_model=SpecialNeedsRead)
async def get_application_special_needs(application_id: str, ctx: CtxDep) -> SpecialNeedsRead:
    return await special_needs.get_special_needs(ctx, application_id=application_id)


@router.put("/applications/{application_id}/special-needs",
            summary="Rectify your special needs (the candidate, any status)",
            description="The candidate's right of rectification: replaces the stored needs, or "
                        "erases them with null, whatever the application's status.",
            response_model=SpecialNeedsRead, responses={409: NOT_ANSWERED})
async def replace_application_special_needs(application_id: str, payload: SpecialNeedsUpdate,
                                            ctx: CtxDep) -> SpecialNeedsRead:
    return await special_needs.replace_special_needs(ctx, application_id=application_id,
                                                     payload=payload)


@router.post("/applications/{application_id}/decision",
             summary="Decide on an application (eligible, preselected, selected...)",
             response_model=ApplicationRead)
async def decide_application(application_id: str, decision: DecisionIn, ctx: CtxDep,
                             response: Response, if_match: IfMatch = None) -> ApplicationRead:
    """Moves an application to a decision `status`, with a `reason` kept in its history.
    Recruiting unit or HR of the call.
    """
    read = await decisions.decide(ctx, application_id=application_id, decision=decision,
                                  if_match=if_match)
    return _with_etag(response, read)
