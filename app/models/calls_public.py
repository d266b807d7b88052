"""What the public listing returns: one summary per published call (the notice is one link away)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.models.calls import CallKind, CallStatus, Deadline, DemoInfo
from app.models.common import ApiModel


class CallLinks(BaseModel):
    notice: str = Field(description="The full notice: `GET` it for profiles, criteria, tasks.")


class CallSummary(ApiModel):
    """A published call as a list shows it (under 1 KB, against 4-5 KB for the notice)."""

    id: str
    reference: str
    title: str
    kind: CallKind
    dg: str
    unit: str
    places_of_employment: list[str]
    deadline: Deadline
    status: CallStatus
    demo: DemoInfo | None = None
    links: CallLinks


class CallSummaryList(ApiModel):
    items: list[CallSummary]
    next_cursor: str | None = None
