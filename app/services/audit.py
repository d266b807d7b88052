"""The audit trail: who read or changed which personal data, recorded before the response."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bson import ObjectId

from app.config import Settings
from app.db import Filter
from app.models.audit import AuditEventList, AuditEventRead
from app.models.common import PageParams
from app.models.stored_more import AuditEventDoc, SubjectKeyDoc
from app.repositories import audit as audit_repo
from app.security.principal import Role
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
    purge = "purge"
    hold = "hold"
    release = "release"
    transfer = "transfer"
    request = "request"


def pseudonym(key: str | bytes, subject: str) -> str:
    """A stable pseudonym for a person: the audit trail never holds the id itself.

    The one place pseudonyms are made (actors, subjects, SNE candidate keys, migrations). Audit
    records use the subject's own key (``subject_aliases``), so destroying that key when the
    person's data is purged leaves their pseudonyms unlinkable to anyone (crypto-shredding).
    """
    raw = key.encode() if isinstance(key, str) else key
    return hmac.new(raw, subject.encode(), hashlib.sha256).hexdigest()[:32]


def subject_key_id(settings: Settings, subject: str) -> str:
    """Where a subject's key is filed: a keyed hash, so the key store names nobody."""
    return pseudonym(settings.pseudonym_key.get_secret_value(), "subject-key\x00" + subject)


def legacy_pseudonym(settings: Settings, subject: str) -> str:
    """The pseudonym records written before per-subject keys hold (global key)."""
    return pseudonym(settings.pseudonym_key.get_secret_value(), subject)


async def subject_aliases(ctx: Ctx, subjects: set[str], *, create: bool) -> dict[str, str]:
    """Each subject's pseudonym under its own key; keys are made on first use when ``create``
    (writing a record), never when only searching (a search must not mint keys)."""
    if not subjects:
        return {}
    ids = {s: subject_key_id(ctx.settings, s) for s in subjects}
    cache = ctx.subject_keys
    keys = cache.get_many(ids.values()) if cache is not None else {}
    if len(keys) < len(ids):
        keys = await audit_repo.subject_keys(ctx.db, list(ids.values()))
        missing = [s for s in subjects if ids[s] not in keys]
        if create and missing:
            raced = False
            for subject in missing:
                key = secrets.token_bytes(32)
                if await audit_repo.ensure_subject_key(ctx.db, key_id=ids[subject], key=key,
                                                       now=ctx.clock.now()):
                    keys[ids[subject]] = key  # ours was stored: no need to read it back
                else:
                    raced = True
            if raced:  # another request created it first: its key is the one
                keys = await audit_repo.subject_keys(ctx.db, list(ids.values()))
        if cache is not None:
            cache.put_many(keys)
    return {s: pseudonym(keys[ids[s]], s) for s in subjects if ids[s] in keys}


async def person_matches(ctx: Ctx, person: str) -> list[str]:
    """Every stored value that may stand for ``person``: their current and legacy pseudonyms."""
    found = await subject_aliases(ctx, {person}, create=False)
    return [*found.values(), legacy_pseudonym(ctx.settings, person)]


def actor_in_clear(roles: frozenset[Role] | set[str]) -> bool:
    """Whether an actor holding ``roles`` is named in clear (staff) or by pseudonym."""
    names = {str(r) for r in roles}
    return bool(names & STAFF_IN_CLEAR) and not names & PSEUDONYMOUS_ROLES


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
    await audit_repo.insert(ctx.db, await event(ctx, action=action, resource=resource,
                                                resource_id=resource_id, subject=subject,
                                                detail=detail))


async def event(
    ctx: Ctx,
    *,
    action: Action,
    resource: str,
    resource_id: str,
    subject: str | None = None,
    detail: str | None = None,
) -> AuditEventDoc:
    """One audit event, to be written with the change it records (``audit_events``)."""
    [one] = await events(ctx, [Entry(action=action, resource=resource, resource_id=resource_id,
                                     subject=subject, detail=detail)])
    return one


@dataclass(frozen=True)
class Entry:
    """One event to compute among several (``events``)."""

    action: Action
    resource: str
    resource_id: str
    subject: str | None = None
    detail: str | None = None


async def events(ctx: Ctx, entries: list[Entry]) -> list[AuditEventDoc]:
    """Several events, to be written with the changes they record; the subjects' pseudonyms
    are looked up at once (a panel's decisions on a whole stage)."""
    aliases = await _aliases(ctx, [e.subject for e in entries])
    return [_event(ctx, aliases, e.action, e.resource, e.resource_id, e.subject, e.detail)
            for e in entries]


@dataclass(frozen=True)
class WithNewKeys:
    """An audit event computed with fresh keys for the people who have none in memory, assumed
    new (a first application): ``key_docs`` go first in the same ordered command as the event,
    so a duplicate among them (the person had a key) stops the command before the event."""

    event: AuditEventDoc
    key_docs: list[SubjectKeyDoc]
    keys: dict[str, bytes]


def event_with_new_keys(
    ctx: Ctx, *, action: Action, resource: str, resource_id: str, subject: str,
) -> WithNewKeys:
    """The event and the keys it needs that this process does not know (see ``WithNewKeys``);
    ``remember`` them once written."""
    wanted = {subject} if actor_in_clear(ctx.actor.roles) else {subject, ctx.actor.sub}
    ids = {s: subject_key_id(ctx.settings, s) for s in wanted}
    known = ctx.subject_keys.get_many(ids.values()) if ctx.subject_keys is not None else {}
    fresh = {ids[s]: secrets.token_bytes(32) for s in wanted if ids[s] not in known}
    keys = {**known, **fresh}
    aliases = {s: pseudonym(keys[ids[s]], s) for s in wanted}
    now = ctx.clock.now()
    return WithNewKeys(
        event=_event(ctx, aliases, action, resource, resource_id, subject, None),
        key_docs=[audit_repo.subject_key_doc(key_id, key, now) for key_id, key in fresh.items()],
        keys=fresh)


def remember(ctx: Ctx, written: WithNewKeys) -> None:
    """The new keys are stored: keep them in memory like keys read back."""
    if ctx.subject_keys is not None and written.keys:
        ctx.subject_keys.put_many(written.keys)


async def _aliases(ctx: Ctx, subjects: list[str | None]) -> dict[str, str]:
    wanted = {s for s in subjects if s}
    if not actor_in_clear(ctx.actor.roles):
        wanted.add(ctx.actor.sub)
    return await subject_aliases(ctx, wanted, create=True)


def _event(ctx: Ctx, aliases: dict[str, str], action: Action, resource: str, resource_id: str,
           subject: str | None, detail: str | None) -> AuditEventDoc:
    pseudonymous = not actor_in_clear(ctx.actor.roles)
    return {
        "_id": ObjectId(),  # the id the driver would give it on insert, so the event is whole
        "at": ctx.clock.now(),
        "actor": aliases[ctx.actor.sub] if pseudonymous else ctx.actor.sub,
        "actor_pseudonymous": pseudonymous,
        "actor_roles": sorted(r.value for r in ctx.actor.roles),
        "action": action.value,
        "resource": resource,
        "resource_id": resource_id,
        "subject_id": aliases[subject] if subject else None,
        "request_id": ctx.request_id,
        "detail": detail,
    }


async def record_many(
    ctx: Ctx, *, action: Action, resource: str, items: list[tuple[str, str | None]],
    detail: str | None = None,
) -> None:
    """One event per ``(resource_id, subject)``, written together (list responses)."""
    await audit_repo.insert_many(ctx.db, await events(ctx, [
        Entry(action=action, resource=resource, resource_id=resource_id, subject=subject,
              detail=detail) for resource_id, subject in items]))


@dataclass(frozen=True)
class EventFilters:
    """What the DPO may search the trail by (every field optional, all combined with AND)."""

    actor: str | None = None
    resource: str | None = None
    resource_id: str | None = None
    subject: str | None = None
    person: str | None = None
    pseudonym: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def _query(ctx: Ctx, f: EventFilters) -> Filter:
    """``actor``, ``subject`` and ``person`` take a person's id, matched through its
    pseudonyms; a staff actor is also matched in clear; ``pseudonym`` matches a stored one."""
    conditions: list[Filter] = []
    if f.actor:
        conditions.append({"actor": {"$in": [f.actor, *await person_matches(ctx, f.actor)]}})
    if f.resource:
        conditions.append({"resource": f.resource})
    if f.resource_id:
        conditions.append({"resource_id": f.resource_id})
    if f.subject:
        conditions.append({"subject_id": {"$in": await person_matches(ctx, f.subject)}})
    if f.person:
        aliases = await person_matches(ctx, f.person)
        conditions.append({"$or": [{"actor": {"$in": [f.person, *aliases]}},
                                   {"subject_id": {"$in": aliases}}]})
    if f.pseudonym:
        conditions.append({"$or": [{"actor": f.pseudonym}, {"subject_id": f.pseudonym}]})
    if f.action:
        conditions.append({"action": f.action})
    if f.since or f.until:
        span: dict[str, datetime] = {}
        if f.since:
            span["$gte"] = f.since
        if f.until:
            span["$lt"] = f.until
        conditions.append({"at": span})
    return (conditions[0] if len(conditions) == 1 else
            {"$and": conditions} if conditions else {})


async def list_events(ctx: Ctx, *, page: PageParams, filters: EventFilters) -> AuditEventList:
    """The trail, newest first; the DPO's reading is itself recorded."""
    found = await audit_repo.find_page(ctx.db, filters=await _query(ctx, filters), page=page)
    await record(ctx, action=Action.read, resource="audit_events", resource_id="*",
                 detail=f"page of {len(found.docs)}")
    return AuditEventList(items=[AuditEventRead.of(d) for d in found.docs],
                          next_cursor=found.next_cursor)


CSV_COLUMNS = ("id", "at", "actor", "actor_pseudonymous", "actor_roles", "action", "resource",
               "resource_id", "subject_id", "request_id", "detail")


async def export_csv(ctx: Ctx, *, filters: EventFilters) -> AsyncIterator[str]:
    """Every matching event as CSV, streamed in batches (memory stays flat); audited first."""
    query = await _query(ctx, filters)
    await record(ctx, action=Action.export, resource="audit_events", resource_id="*",
                 detail="csv")

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        async for doc in audit_repo.stream(ctx.db, filters=query):
            event = AuditEventRead.of(doc)
            writer.writerow([event.id, event.at.isoformat(), _csv_safe(event.actor),
                             event.actor_pseudonymous, " ".join(event.actor_roles),
                             event.action, event.resource, _csv_safe(event.resource_id),
                             event.subject_id or "", event.request_id or "",
                             _csv_safe(event.detail or "")])
            if buffer.tell() > 64 * 1024:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return rows()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them out."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
