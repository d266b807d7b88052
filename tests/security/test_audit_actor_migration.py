"""Migration 2026-12-01-0101: audit events written before actors were pseudonymised lose the
candidate's and the PermRep's id; staff keep theirs; running it twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo.errors import WriteError

from app.config import get_settings
from app.db import Mongo
from app.migrate import MIGRATIONS_DIR, _load
from app.services.audit import pseudonym

MIGRATION = MIGRATIONS_DIR / "2026-12-01-0101_audit_actor_pseudonyms.py"


def _event(actor: str, *roles: str) -> dict[str, object]:
    return {"at": datetime(2026, 11, 30, tzinfo=UTC), "actor": actor, "actor_roles": list(roles),
            "action": "read", "resource": "application", "resource_id": "a1",
            "subject_id": "s1", "request_id": None, "detail": None}


async def test_old_candidate_and_permrep_actors_become_pseudonyms(mongo: Mongo) -> None:
    await mongo.db.audit_events.insert_many([
        _event("cand-old", "candidate"), _event("cand-old", "candidate"),
        _event("permrep-be", "permrep"), _event("hr-anna", "hr"),
        _event("system:close_calls", "admin"), _event("nobody-known")],
        bypass_document_validation=True)  # written before this migration's validator
    key = get_settings().pseudonym_key.get_secret_value()
    up = _load(MIGRATION).up
    await up(mongo.db)
    await up(mongo.db)  # idempotent: a pseudonym is never pseudonymised again

    stored = {(e["actor"], e["actor_pseudonymous"])
              async for e in mongo.db.audit_events.find({})}
    assert stored == {
        (pseudonym(key, "cand-old"), True), (pseudonym(key, "permrep-be"), True),
        (pseudonym(key, "nobody-known"), True),
        ("hr-anna", False), ("system:close_calls", False),
    }


async def test_new_events_must_say_whether_the_actor_is_a_pseudonym(mongo: Mongo) -> None:
    with pytest.raises(WriteError):
        await mongo.db.audit_events.insert_one(_event("cand-new", "candidate"))
