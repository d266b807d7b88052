"""The audit trail as the data protection officer reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.models.common import ApiModel


class AuditEventRead(ApiModel):
    id: str
    at: datetime
    actor: str = Field(description="A staff member's sub in clear; for a candidate or a Permanent "
                                    "Representation, the keyed pseudonym of their id.")
    actor_pseudonymous: bool = Field(description="True when ``actor`` is a pseudonym.")
    actor_roles: list[str]
    action: str
    resource: str
    resource_id: str
    subject_id: str | None = None
    request_id: str | None = None
    detail: str | None = None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> AuditEventRead:
        return cls.model_validate({**doc, "id": str(doc["_id"])})


class AuditEventList(BaseModel):
    items: list[AuditEventRead]
    next_cursor: str | None = None
