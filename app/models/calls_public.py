"""What the public listing returns: one summary per published call (the notice is one link away)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.models.calls import CallKind, CallStatus, Deadline, DemoInfo
from app.models.common import ApiModel


class PublicCallLinks(BaseModel):
    notice: str = Field(description="The full notice: `GET` it for profiles, criteria, tasks.")


class PublicCallSummary(ApiModel):
    """A published call as a list shows it (under 1 KB, against 4-5 KB for the notice)."""

    model_config = {"json_schema_extra": {"examples": [{
        "id": "6b0f488ed87809eb9adf2aa2", "reference": "EC/2024/CNECT/443651",
        "title": "Contract Agents FG IV in the AI Office", "kind": "ca", "dg": "CNECT",
        "unit": "CNECT.A.2", "places_of_employment": ["Brussels"],
        "deadline": {"local": "2024-03-27T12:00:00", "zone": "Europe/Brussels",
                     "utc": "2024-03-27T11:00:00Z"},
        "status": "published",
        "links": {"notice": "/api/v1/public/calls/6b0f488ed87809eb9adf2aa2"}}]}}

    id: str = Field(description="The call's id.")
    reference: str = Field(description="The notice's reference, e.g. EC/2024/CNECT/443651.")
    title: str = Field(description="The notice's title.")
    kind: CallKind = Field(description="sne, ca or ta.")
    dg: str = Field(description="The Directorate-General that publishes the call.")
    unit: str = Field(description="The recruiting unit, e.g. CNECT.A.2.")
    places_of_employment: list[str] = Field(description="Where the jobs are, as the notice "
                                            "says (Brussels, Luxembourg…).")
    deadline: Deadline = Field(description="The deadline as printed and as a UTC instant.")
    status: CallStatus = Field(description="Always `published` here.")
    demo: DemoInfo | None = Field(default=None, description="Demo data only: the notice's "
                                  "original deadline, moved ahead.")
    links: PublicCallLinks = Field(description="Where the full notice is.")


class PublicCallList(ApiModel):
    """A page of published calls, newest first."""

    model_config = {"json_schema_extra": {"examples": [{
        "items": PublicCallSummary.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
        "next_cursor": None}]}}

    items: list[PublicCallSummary] = Field(description="The calls of this page.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next "
                                    "page; null on the last one.")
