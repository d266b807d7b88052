"""The audit trail: who read or changed which personal data, recorded before the response."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Any

from app.models.audit import AuditEventList, AuditEventRead
from app.models.common import PageParams
from app.repositories import audit as audit_repo
from app.services.context import Ctx


class Action(StrEnum):
    read = "read"
    list = "list"
    create = "create"
    update = "update"
    delete = "delete"
    download = "download"
    export = "export"
    decide = "decide"
    submit = "submit"
    withdraw = "withdraw"


def pseudonym(key: str, subject: str) -> str:
    """A stable pseudonym for a person: the audit trail never holds the id itself."""
    return hmac.new(key.encode(), subject.encode(), hashlib.sha256).hexdigest()[:32]


async def record(
    ctx: Ctx,
    *,
    action: Action,
    resource: str,
    resource_id: str,
    subject: str | None = None,
    detail: str | None = None,
) -> None:
    """Write one audit event; a failed write raises, so no response goes out unrecorded."""
    await audit_repo.insert(ctx.db, _event(ctx, action, resource, resource_id, subject, detail))


def _event(ctx: Ctx, action: Action, resource: str, resource_id: str, subject: str | None,
           detail: str | None) -> dict[str, object]:
    key = ctx.settings.pseudonym_key.get_secret_value()
    return {
        "at": ctx.clock.now(),
        "actor": ctx.actor.sub,
        "actor_roles": sorted(r.value for r in ctx.actor.roles),
        "action": action.value,
        "resource": resource,
        "resource_id": resource_id,
        "subject_id": pseudonym(key, subject) if subject else None,
        "request_id": ctx.request_id,
        "detail": detail,
    }


async def record_many(
    ctx: Ctx, *, action: Action, resource: str, items: list[tuple[str, str | None]],
    detail: str | None = None,
) -> None:
    """One event per ``(resource_id, subject)``, written together (list responses)."""
    await audit_repo.insert_many(ctx.db, [
        _event(ctx, action, resource, resource_id, subject, detail)
        for resource_id, subject in items
    ])


async def list_events(
    ctx: Ctx, *, page: PageParams, actor: str | None = None, resource: str | None = None,
    resource_id: str | None = None, subject: str | None = None,
) -> AuditEventList:
    """The trail, newest first; ``subject`` is the person's id, matched through its pseudonym."""
    filters: dict[str, Any] = {}
    if actor:
        filters["actor"] = actor
    if resource:
        filters["resource"] = resource
    if resource_id:
        filters["resource_id"] = resource_id
    if subject:
        filters["subject_id"] = pseudonym(ctx.settings.pseudonym_key.get_secret_value(), subject)
    found = await audit_repo.find_page(ctx.db, filters=filters, page=page)
    return AuditEventList(items=[AuditEventRead.of(d) for d in found.docs],
                          next_cursor=found.next_cursor)
