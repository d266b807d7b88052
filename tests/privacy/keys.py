"""Reading a person's current audit pseudonym straight from the database (tests only)."""

from __future__ import annotations

from app.config import Settings
from app.db import Db
from app.services.audit import pseudonym, subject_key_id


async def current_pseudonym(db: Db, settings: Settings, subject: str) -> str | None:
    """The pseudonym under the subject's own key; ``None`` once the key is destroyed."""
    found = await db.subject_keys.find_one({"_id": subject_key_id(settings, subject)})
    return pseudonym(bytes(found["key"]), subject) if found else None
