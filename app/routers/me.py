"""The caller: ``/me`` and ``/me/notifications`` (any authenticated caller)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.deps import CtxDep, Page
from app.i18n import LANGUAGE_HEADERS, content_language
from app.models.common import Problem
from app.models.me import Me, NotificationList
from app.services import me as service

router = APIRouter(prefix="/me", tags=["me"], responses={
    401: {"model": Problem, "description": "Missing or invalid token"}})


@router.get(
    "", summary="Who am I, and what may I do",
    description="The caller's subject, roles, unit (recruiters) and country (Permanent "
                "Representations), and `may`: every action their roles allow, so the SPA "
                "shows only what will work. Unit, country and ownership still scope each "
                "action; the table is in the README (\"For client developers\").",
    response_model=Me,
)
async def get_me(ctx: CtxDep) -> Me:
    return service.who_am_i(ctx)


@router.get(
    "/notifications", summary="My notifications",
    description="The messages sent (or about to be sent) to the calling candidate about their "
                "own applications, newest first: the call's reference and title, the subject "
                "and text as e-mailed, `pending` or `delivered`. Only candidates receive "
                "notifications; for other callers the list is empty. The subject and text "
                "are in the language `Accept-Language` asks for (English, French or "
                "German), named in `Content-Language`; the e-mails are sent in English.",
    response_model=NotificationList, responses={200: {"headers": LANGUAGE_HEADERS}},
)
async def list_my_notifications(ctx: CtxDep, page: Page, response: Response
                                ) -> NotificationList:
    response.headers.update(content_language())
    return await service.my_notifications(ctx, page=page)
