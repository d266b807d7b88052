"""The audit trail: who read or changed which personal data, recorded before the response."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Any

from app.models.audit import AuditEventList, AuditEventRead
from app.models.common import PageParams
from app.repositories import audit as audit_repo
from app.security.principal import Principal, Role
from app.services.context import Ctx

# Staff act in clear: they answer for what they did with personal data. A candidate or a
# Permanent Representation (or a caller with no staff role) is only ever named by pseudonym,
# as actor as well as subject: a clear actor next to its own pseudonym re-identifies it.
STAFF_IN_CLEAR = frozenset({Role.recruiter, Role.hr, Role.panel, Role.dpo, Role.admin})
PSEUDONYMOUS_ROLES = frozenset({Role.candidate, Role.permrep})


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
    """A stable pseudonym for a person: the audit trail never holds the id itself.

    The one place pseudonyms are made (actors, subjects, SNE candidate keys, migrations).
    """
    return hmac.new(key.encode(), subject.encode(), hashlib.sha256).hexdigest()[:32]


def actor_in_clear(roles: frozenset[Role] | set[str]) -> bool:
    """Whether an actor holding ``roles`` is named in clear (staff) or by pseudonym."""
    names = {str(r) for r in roles}
    return bool(names & STAFF_IN_CLEAR) and not names & PSEUDONYMOUS_ROLES


def _actor(key: str, actor: Principal) -> tuple[str, bool]:
    if actor_in_clear(actor.roles):
        return actor.sub, False
    return pseudonym(key, actor.sub), True


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
    actor, actor_pseudonymous = _actor(key, ctx.actor)
    return {
        "at": ctx.clock.now(),
        "actor": actor,
        "actor_pseudonymous": actor_pseudonymous,
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
    resource_id: str | None = None, subject: str | None = None, person: str | None = None,
) -> AuditEventList:
    """The trail, newest first. ``actor``, ``subject`` and ``person`` (either) take a person's
    id, matched through its pseudonym; a staff actor is also matched in clear."""
    key = ctx.settings.pseudonym_key.get_secret_value()
    conditions: list[dict[str, Any]] = []
    if actor:
        conditions.append({"actor": {"$in": [actor, pseudonym(key, actor)]}})
    if resource:
        conditions.append({"resource": resource})
    if resource_id:
        conditions.append({"resource_id": resource_id})
    if subject:
        conditions.append({"subject_id": pseudonym(key, subject)})
    if person:
        alias = pseudonym(key, person)
        conditions.append({"$or": [{"actor": {"$in": [person, alias]}}, {"subject_id": alias}]})
    filters: dict[str, Any] = (conditions[0] if len(conditions) == 1 else
                               {"$and": conditions} if conditions else {})
    found = await audit_repo.find_page(ctx.db, filters=filters, page=page)
    return AuditEventList(items=[AuditEventRead.of(d) for d in found.docs],
                          next_cursor=found.next_cursor)
