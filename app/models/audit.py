"""The audit trail as the data protection officer reads it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel
from app.models.stored_more import AuditEventDoc


class AuditEventRead(ApiModel):
    """One read or change of personal data: who, what, when; never the data itself."""

    id: str = Field(description="The event's id.")
    at: datetime = Field(description="When it happened (UTC).")
    actor: str = Field(description="A staff member's sub in clear; for a candidate or a Permanent "
                                    "Representation, the keyed pseudonym of their id.")
    actor_pseudonymous: bool = Field(description="True when ``actor`` is a pseudonym.")
    actor_roles: list[str] = Field(description="The actor's roles at the time (`candidate`, "
                                               "`permrep`, `recruiter`, `hr`, `panel`, `dpo`, "
                                               "`admin`; a scheduled job acts as `admin`, "
                                               "its actor `system:<job>`).",
                                   examples=[["hr"]])
    action: str = Field(description="What was done: read, list, create, update, delete, "
                                    "download, export, decide, submit, withdraw, purge, hold, "
                                    "release, transfer or request.", examples=["read"])
    resource: str = Field(description="The kind of thing acted on, e.g. `application`, "
                                      "`document`, `scorecard`, `panel_report`.",
                          examples=["application"])
    resource_id: str = Field(description="The id of the thing acted on.")
    subject_id: str | None = Field(None, description="The pseudonym of the person the data is "
                                                     "about; null when it is about nobody.")
    request_id: str | None = Field(None, description="The HTTP request's `X-Request-ID`; null "
                                                     "for scheduled jobs and the CLI.")
    detail: str | None = Field(None, description="A short machine note (e.g. `csv`, "
                                                 "`sysper-handover`, `page of 50`); never "
                                                 "personal data.")

    @classmethod
    def of(cls, doc: AuditEventDoc) -> AuditEventRead:
        return cls.model_validate({**doc, "id": str(doc["_id"])})


class AuditEventList(BaseModel):
    """Audit events, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [{
        "id": "6650f2d4a4e8b31d9c0e4f33", "at": "2024-06-01T09:30:00Z", "actor": "hr-alice",
        "actor_pseudonymous": False, "actor_roles": ["hr"], "action": "read",
        "resource": "application", "resource_id": "6650f0a9a4e8b31d9c0e4f1a",
        "subject_id": "b41c6e0d9a2f4e7c8d1a3b5c7e9f0a12",
        "request_id": "4f1c2a0e9b7d4c55a1e0f3b2c6d8e901", "detail": None}],
        "next_cursor": "NjY1MGYyZDRhNGU4YjMxZDljMGU0ZjMz"}]})

    items: list[AuditEventRead] = Field(description="Events matching the filters, newest "
                                                    "first.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; "
                                                      "null on the last page.")
