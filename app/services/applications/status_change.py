"""A status change and the records it owes, written together.

Submit, withdraw and a decision each change an application's status under its version and owe
records of it: the audit event, the webhook event a Permanent Representation is told of, the
candidate's notification. All of them go to the database as one ordered command inside one
transaction (``together.write_together``): a crash loses none of them, a stale version writes
none of them. The answer is the document as the change leaves it, not read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession

from app.db import Document
from app.errors import PreconditionFailed
from app.models.integrations_webhooks import WebhookEvent
from app.repositories import applications as repo
from app.repositories import audit as audit_repo
from app.repositories import outbox as outbox_repo
from app.repositories import together
from app.repositories import webhooks as webhooks_repo
from app.services import audit
from app.services.applications.access import subject_of
from app.services.applications.tx import atomically
from app.services.context import Ctx
from app.services.integrations import webhooks

STALE = "The application changed since you read it; read it again and retry."


@dataclass(frozen=True)
class StatusChange:
    set_fields: dict[str, Any]  # the new status and its dates (UTC, to the millisecond)
    history: dict[str, Any]  # the status_history entry
    status_in: list[str]  # the statuses it may leave
    event: WebhookEvent | str  # announced to a Permanent Representation (its applications)
    action: audit.Action
    detail: str | None = None  # the audit event's detail
    notify: str | None = None  # the candidate's notification template, if one is owed


async def change_status(ctx: Ctx, *, application: Document, change: StatusChange) -> Document:
    """Apply ``change`` to ``application`` if it is still the version read (412 otherwise),
    with its records; the changed document."""
    push = {"status_history": change.history}
    updated = repo.as_updated(application, set_fields=change.set_fields, push=push)
    writes: list[together.Write] = [together.Update(repo.COLLECTION, *repo.versioned_change(
        application_id=application["_id"], version=application["version"],
        set_fields=change.set_fields, push=push, status_in=change.status_in))]
    if change.notify is not None:
        writes.append(together.Insert(outbox_repo.COLLECTION, outbox_repo.message(
            application_id=application["_id"], template=change.notify,
            now=change.history["at"])))
    announced = webhooks.announcement(ctx, change.event, application=updated)
    if announced is not None:
        writes.append(together.Insert(webhooks_repo.EVENTS, announced.to_mongo()))
    writes.append(together.Insert(audit_repo.COLLECTION, await audit.event(
        ctx, action=change.action, resource="application", resource_id=str(application["_id"]),
        subject=subject_of(application), detail=change.detail)))

    async def store(session: AsyncClientSession) -> None:
        outcome = await together.write_together(ctx.db, writes, session=session)
        if outcome.counts[0] == 0:
            raise PreconditionFailed(STALE)

    await atomically(ctx, store)
    return updated
