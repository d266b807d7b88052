"""A call's candidates as the selecting unit considers them: Article 29 order on TA calls."""

from __future__ import annotations

import base64
import binascii

from bson import ObjectId
from bson.errors import InvalidId

from app.errors import BadRequest
from app.models.applications import ApplicationList, application_read
from app.models.common import PageParams
from app.repositories import applications as applications_repo
from app.services import audit
from app.services.applications.access import subject_of
from app.services.calls.access import load_visible, require_staff
from app.services.context import Ctx


def _cursor(rank: int, last: ObjectId) -> str:
    return base64.urlsafe_b64encode(f"{rank}:{last}".encode()).rstrip(b"=").decode()


def _after(cursor: str | None) -> tuple[int, ObjectId] | None:
    if cursor is None:
        return None
    try:
        rank, last = base64.urlsafe_b64decode(cursor.encode() + b"==").decode().split(":")
        return int(rank), ObjectId(last)
    except (binascii.Error, InvalidId, UnicodeDecodeError, ValueError):
        raise BadRequest("The cursor is not one this service issued.") from None


async def list_candidates(ctx: Ctx, *, call_id: str, page: PageParams) -> ApplicationList:
    """The call's submitted applications, in its priority order (Article 29 on TA calls: "
    Commission officials, officials of other institutions, competition laureates, then the
    others), each group in order of arrival; HR and the unit's recruiters only."""
    require_staff(ctx)
    call = await load_visible(ctx, call_id)
    found = await applications_repo.by_priority(ctx.db, call_id=call["_id"],
                                                after=_after(page.cursor), limit=page.limit + 1)
    docs = found[: page.limit]
    await audit.record_many(ctx, action=audit.Action.list, resource="application",
                            items=[(str(a["_id"]), subject_of(a)) for a in docs])
    last = docs[-1] if docs else None
    more = len(found) > page.limit and last is not None
    return ApplicationList(
        items=[application_read(a) for a in docs],
        next_cursor=_cursor(int(last.get("priority_rank") or 0), last["_id"])
        if more and last is not None else None)
