"""A status change and the records it owes, written together.

Submit, withdraw and a decision each change an application's status under its version and owe
records of it: the audit event, the webhook event a Permanent Representation is told of, the
candidate's notification. All of them go to the database as one ordered command inside one
transaction (``together.write_together``): a crash loses none of them, a stale version writes
none of them. The answer is the document as the change leaves it, not read back. A panel's
decisions on a whole stage are many such changes, written the same way in one command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from pymongo.asynchronous.client_session import AsyncClientSession

from app.errors import PreconditionFailed
from app.models.integrations_webhooks import WebhookEvent
from app.models.stored import ApplicationChangeDoc, ApplicationStatusDoc, StatusEntryDoc
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
# A whole application (submit, withdraw, a decision) or what a panel's decisions read of one.
A = TypeVar("A", bound=ApplicationStatusDoc)


@dataclass(frozen=True)
class StatusChange:
    set_fields: ApplicationChangeDoc  # the new status and its dates (UTC, to the millisecond)
    history: StatusEntryDoc  # the status_history entry
    status_in: list[str]  # the statuses it may leave
    event: WebhookEvent | str  # announced to a Permanent Representation (its applications)
    action: audit.Action
    detail: str | None = None  # the audit event's detail
    notify: str | None = None  # the candidate's notification template, if one is owed
    # Entries before ``history`` for the statuses passed through on the way (a panel's
    # ``interviewed`` before ``selected``): the history keeps every legal step.
    through: tuple[StatusEntryDoc, ...] = ()


async def changes_writes(ctx: Ctx, changes: list[tuple[A, StatusChange]]
                         ) -> tuple[list[together.Write], list[A]]:
    """The writes of ``changes`` in order — for each its versioned update, the candidate's
    notification, the webhook event and the audit event — and each document as it leaves it."""
    events = await audit.events(ctx, [audit.Entry(
        action=change.action, resource="application", resource_id=str(application["_id"]),
        subject=subject_of(application), detail=change.detail)
        for application, change in changes])
    writes: list[together.Write] = []
    updated_docs: list[A] = []
    for (application, change), audit_event in zip(changes, events, strict=True):
        push = {"status_history": {"$each": [*change.through, change.history]}
                if change.through else change.history}
        updated = repo.as_updated(application, set_fields=change.set_fields, push=push)
        writes.append(together.Update(repo.COLLECTION, *repo.versioned_change(
            application_id=application["_id"], version=application["version"],
            set_fields=change.set_fields, push=push, status_in=change.status_in)))
        if change.notify is not None:
            writes.append(together.Insert(outbox_repo.COLLECTION, outbox_repo.message(
                application_id=application["_id"], template=change.notify,
                now=change.history["at"])))
        # The PermRep is told where the application went from where it was: a status passed
        # through on the way was never announced.
        announced = webhooks.announcement(ctx, change.event, application=updated,
                                          previous_status=application["status"])
        if announced is not None:
            writes.append(together.Insert(webhooks_repo.EVENTS, announced.to_mongo()))
        writes.append(together.Insert(audit_repo.COLLECTION, audit_event))
        updated_docs.append(updated)
    return writes, updated_docs


async def write_changes(ctx: Ctx, writes: list[together.Write], *, stale: str = STALE) -> None:
    """Write ``changes_writes``' writes as one command in one transaction; 412 (``stale``), and
    nothing written, when any application is no longer the version the change was made from."""

    async def store(session: AsyncClientSession) -> None:
        outcome = await together.write_together(ctx.db, writes, session=session)
        if any(count == 0 for write, count in zip(writes, outcome.counts, strict=True)
               if isinstance(write, together.Update)):
            raise PreconditionFailed(stale)  # inside the transaction: it aborts

    await atomically(ctx, store)


async def change_status(ctx: Ctx, *, application: A, change: StatusChange) -> A:
    """Apply ``change`` to ``application`` if it is still the version read (412 otherwise),
    with its records; the changed document."""
    writes, [updated] = await changes_writes(ctx, [(application, change)])
    await write_changes(ctx, writes)
    return updated
