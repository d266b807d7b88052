"""Notifications the outbox gave up on, as an administrator sees them (ids only, no address)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel
from app.models.stored_more import OutboxMessageDoc


class DeadLetterRead(ApiModel):
    """A notification the outbox gave up on: ids and the failure's type, no address."""

    id: str = Field(description="The outbox message's id.")
    application_id: str = Field(description="The application the notification is about.")
    template: str = Field(description="What it announces, e.g. `invited_to_interview`.",
                          examples=["selected"])
    attempts: int = Field(description="Tries made before giving up.")
    last_error: str | None = Field(None, description="The last failure's type, e.g. "
                                   "`SMTPRecipientsRefused` (never the server's text).")
    created_at: datetime = Field(description="When the notification was queued (UTC).")
    dead_at: datetime = Field(description="When the outbox gave up.")

    @classmethod
    def from_doc(cls, doc: OutboxMessageDoc) -> DeadLetterRead:
        return cls(id=str(doc["_id"]), application_id=str(doc["application_id"]),
                   template=doc["template"], attempts=int(doc["attempts"]),
                   last_error=doc.get("last_error"), created_at=doc["created_at"],
                   dead_at=doc["dead_at"])


class DeadLetterList(BaseModel):
    """Dead letters, for an administrator to inspect and requeue."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [{
        "id": "6651a0e7c2d4e6f8a0b1c2e0", "application_id": "6650f0a9a4e8b31d9c0e4f1a",
        "template": "invited_to_interview", "attempts": 5,
        "last_error": "SMTPRecipientsRefused", "created_at": "2024-06-01T09:30:00Z",
        "dead_at": "2024-06-02T09:41:12Z"}], "next_cursor": None}]})

    items: list[DeadLetterRead] = Field(description="Dead letters, newest first.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; "
                                                      "null on the last page.")
