"""The stored shape of a call, and the lifecycle's transition table."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId

from app.db import Update
from app.errors import Conflict, Unprocessable
from app.models.calls import (
    KIND_FIELDS,
    AnyCallCreate,
    CaCallCreate,
    CallKind,
    CallStatus,
    CallUpdate,
    DeadlineIn,
    SneCallCreate,
    TaCallCreate,
)
from app.models.common import JsonObject
from app.models.stored import CallDoc, DeadlineDoc

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[CallStatus], CallStatus]] = {
    "publish": (frozenset({CallStatus.draft}), CallStatus.published),
    "close": (frozenset({CallStatus.published}), CallStatus.closed),
    "complete": (frozenset({CallStatus.closed}), CallStatus.completed),
    "cancel": (frozenset({CallStatus.draft, CallStatus.published}), CallStatus.cancelled),
}

# Optional notice fields that a PATCH may clear with an explicit null.
NULLABLE_FIELDS = frozenset(
    name for model in (SneCallCreate, CaCallCreate, TaCallCreate)
    for name, field in model.model_fields.items()
    if not field.is_required() and field.default is None
)


def foreign_members(kind: CallKind) -> frozenset[str]:
    """The members the other kinds have and ``kind`` has not (a CA call has no ``open_to``)."""
    return frozenset().union(*KIND_FIELDS.values()) - KIND_FIELDS[kind]


def refuse_foreign(kind: CallKind, payload: CallUpdate) -> None:
    """422 for a patch giving a value to a member another kind has; null (clearing it) is
    accepted, so a draft can change kind and drop its old kind's members in one patch."""
    wrong = sorted(name for name in foreign_members(kind) & payload.model_fields_set
                   if getattr(payload, name) is not None)
    if wrong:
        raise Unprocessable(
            f"A {kind} call has no {', '.join(wrong)}.",
            errors=[{"type": "extra_forbidden", "loc": ["body", name],
                     "msg": f"not a member of a {kind} call"} for name in wrong])


def allowed_transitions(status: CallStatus | str) -> list[str]:
    """The lifecycle actions open from ``status``."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def illegal(status: CallStatus | str, what: str) -> Conflict:
    """The 409 for an action the call's status does not allow."""
    return Conflict(f"A {status} call cannot {what}.",
                    allowed_transitions=allowed_transitions(status))


def deadline_doc(deadline: DeadlineIn) -> DeadlineDoc:
    """Local wall time (ISO, no offset), its zone, the UTC instant, and the last day when the
    notice prints a date only (the wall time is then the next day's 00:00, exclusive)."""
    doc: DeadlineDoc = {"local": deadline.wall_time().replace(tzinfo=None).isoformat(),
                           "zone": deadline.zone, "utc": deadline.instant()}
    if deadline.last_day is not None:
        doc["last_day"] = deadline.last_day.isoformat()
    return doc


def new_call_doc(payload: AnyCallCreate, *, now: datetime, by: str) -> CallDoc:
    """A draft call document from a create payload (its id given here, as the driver would)."""
    # The payload's JSON is CallDoc's shape: every member of CallFields and of one kind's
    # (tests/calls/test_stored_shapes.py).
    fields: JsonObject = payload.model_dump(mode="json", exclude={"deadline"})
    return {
        "_id": ObjectId(),
        **fields,  # type: ignore[typeddict-item]
        "deadline": deadline_doc(payload.deadline),
        "status": CallStatus.draft.value,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "created_by": by,
        "published_at": None,
        "closed_at": None,
        "closed_reason": None,
        "completed_at": None,
        "cancelled_at": None,
        "corrigenda": [],
        "history": [],
    }


def transition_update(
    *, source: str, target: CallStatus, now: datetime, by: str,
    reason: str | None = None, extra: Update | None = None,
) -> Update:
    """The update that moves a call to ``target`` and records it in ``history``."""
    return {
        "$set": {"status": target.value, f"{target.value}_at": now, "updated_at": now,
                 **(extra or {})},
        "$push": {"history": {"at": now, "by": by, "from": source, "to": target.value,
                              "reason": reason}},
    }
