"""The hand-over to HR (Sysper) of interviewed or selected candidates: a documented JSON shape."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from app.models.common import ApiModel, InputModel

FORMAT = "eu-ats/sysper-handover/1"


class HandoverDocument(ApiModel):
    """One document, with its content (base64) so Sysper holds the file itself."""

    id: str
    kind: str = Field(examples=["cv"])
    filename: str = Field(examples=["cv.pdf"])
    content_type: str = Field(examples=["application/pdf"])
    size: int = Field(description="Bytes (before base64).")
    sha256: str = Field(description="SHA-256 of the content, hex: Sysper checks it on import.")
    content_base64: str = Field(description="The file, base64 (RFC 4648), streamed.")


class HandoverDecision(ApiModel):
    at: datetime
    by: str = Field(description="The staff member who decided.")
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    reason: str | None = None


class HandoverApplication(ApiModel):
    """An interviewed or selected candidate's application, whole (special needs excepted:
    health data stays with the interview's organisers)."""

    id: str
    profile_code: str
    status: str = Field(examples=["selected"])
    profile: dict[str, Any] = Field(description="The candidate's profile as given.")
    decisions: list[HandoverDecision]
    submitted_at: datetime | None
    documents: list[HandoverDocument]


class HandoverCall(ApiModel):
    id: str
    reference: str = Field(examples=["COM/2024/CA/FG4/AI-OFFICE"])
    kind: str = Field(examples=["ca"])
    title: str


class Handover(ApiModel):
    """The export Sysper imports (``format`` names this shape's version)."""

    format: str = Field(description=f"Always `{FORMAT}`.", examples=[FORMAT])
    generated_at: datetime
    call: HandoverCall
    applications: list[HandoverApplication]


class HandoverConfirm(InputModel):
    """Sysper imported these applications: mark them ``transferred`` (read-only, kept under
    HR's retention, no longer purged by the one-year rule)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"application_ids": ["6751f0c2a1b2c3d4e5f60718"]}]})

    application_ids: Annotated[list[Annotated[str, Field(max_length=64)]],
                               Field(min_length=1, max_length=500,
                                     description="Ids from the hand-over export.")]


class HandoverResult(ApiModel):
    transferred: list[str] = Field(description="Applications now marked transferred.")
    not_eligible: list[str] = Field(
        description="Ids refused: not of this call, not interviewed or selected, restricted, "
                    "or already transferred.")
