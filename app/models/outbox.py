"""Notifications the outbox gave up on, as an administrator sees them (ids only, no address)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.db import Document
from app.models.common import ApiModel


class DeadLetterRead(ApiModel):
    id: str = Field(description="The outbox message's id.")
    application_id: str = Field(description="The application the notification is about.")
    template: str = Field(description="What it announces, e.g. `invited_to_interview`.",
                          examples=["selected"])
    attempts: int = Field(description="Tries made before giving up.")
    last_error: str | None = Field(None, description="The last failure's type, e.g. "
                                   "`SMTPRecipientsRefused` (never the server's text).")
    created_at: datetime
    dead_at: datetime = Field(description="When the outbox gave up.")

    @classmethod
    def from_doc(cls, doc: Document) -> DeadLetterRead:
        return cls(id=str(doc["_id"]), application_id=str(doc["application_id"]),
                   template=doc["template"], attempts=int(doc["attempts"]),
                   last_error=doc.get("last_error"), created_at=doc["created_at"],
                   dead_at=doc["dead_at"])


class DeadLetterList(BaseModel):
    items: list[DeadLetterRead]
    next_cursor: str | None = None
