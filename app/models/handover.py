"""The hand-over to HR (Sysper) of interviewed or selected candidates: a documented JSON shape."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from app.models.common import ApiModel, InputModel

FORMAT = "eu-ats/sysper-handover/1"


class HandoverDocument(ApiModel):
    """One document, with its content (base64) so Sysper holds the file itself."""

    id: str = Field(description="The document's id.")
    kind: str = Field(description="What it is: `cv`, `motivation_letter`, `application_form` "
                                  "or `other`.", examples=["cv"])
    filename: str = Field(description="The file name as uploaded.", examples=["cv.pdf"])
    content_type: str = Field(description="The file's media type (PDF or DOCX).",
                              examples=["application/pdf"])
    size: int = Field(description="Bytes (before base64).")
    sha256: str = Field(description="SHA-256 of the content, hex: Sysper checks it on import.")
    content_base64: str = Field(description="The file, base64 (RFC 4648), streamed.")


class HandoverDecision(ApiModel):
    """One step of the application's life, with who took it."""

    at: datetime = Field(description="When the status changed (UTC).")
    by: str = Field(description="The staff member who decided.")
    from_: str = Field(alias="from", serialization_alias="from",
                       description="The application's status before.", examples=["interviewed"])
    to: str = Field(description="The status after.", examples=["selected"])
    reason: str | None = Field(None, description="The reason recorded with the change; null "
                                                 "when none was given.")


class HandoverApplication(ApiModel):
    """An interviewed or selected candidate's application, whole (special needs excepted:
    health data stays with the interview's organisers)."""

    id: str = Field(description="The application's id: send it back in `HandoverConfirm`.")
    profile_code: str = Field(description="The call's profile applied for.",
                              examples=["ai-policy"])
    status: str = Field(description="preselected (invited to the interview), interviewed, "
                                    "selected or reserve.", examples=["selected"])
    profile: dict[str, Any] = Field(description="The candidate's profile as given.")
    decisions: list[HandoverDecision] = Field(description="Every status change, oldest first.")
    submitted_at: datetime | None = Field(description="When it was submitted (UTC); null "
                                                      "only if the record lacks the date.")
    documents: list[HandoverDocument] = Field(description="Every document of the application, "
                                                          "with its content.")


class HandoverCall(ApiModel):
    """The call the hand-over is about."""

    id: str = Field(description="The call's id.")
    reference: str = Field(description="The call's reference, as printed on the notice.",
                           examples=["COM/2024/CA/FG4/AI-OFFICE"])
    kind: str = Field(description="`sne`, `ca` or `ta`.", examples=["ca"])
    title: str = Field(description="The call's title, as printed on the notice.")


class Handover(ApiModel):
    """The export Sysper imports (``format`` names this shape's version)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "format": FORMAT, "generated_at": "2024-06-01T09:30:00Z",
        "call": {"id": "6650f1c2a9e4b1d2c3f4a5b6", "reference": "COM/2024/CA/FG4/AI-OFFICE",
                 "kind": "ca", "title": "Contract Agents FG IV – European AI Office"},
        "applications": [{
            "id": "6650f0a9a4e8b31d9c0e4f1a", "profile_code": "ai-policy", "status": "selected",
            "profile": {"first_name": "Erika", "last_name": "Mustermann",
                        "nationalities": ["DE"], "epso_per_id": "12345678"},
            "decisions": [{"at": "2024-05-30T14:00:00Z", "by": "hr-alice",
                           "from": "interviewed", "to": "selected",
                           "reason": "Panel ranking of 29 May, signed by the chair."}],
            "submitted_at": "2024-03-25T10:47:30Z",
            "documents": [{"id": "6650f1c2a4e8b31d9c0e4f21", "kind": "cv",
                           "filename": "cv.pdf", "content_type": "application/pdf",
                           "size": 14,
                           "sha256": "a37ded0c250be0267040b3c2702a072c"
                                     "91b2de4aaa897299dc1d9fbdadcf0889",
                           "content_base64": "JVBERi0xLjcKJeLjz9M="}]}]}]})

    format: str = Field(description=f"Always `{FORMAT}`.", examples=[FORMAT])
    generated_at: datetime = Field(description="When the export was made (UTC).")
    call: HandoverCall = Field(description="The call whose candidates are handed over.")
    applications: list[HandoverApplication] = Field(
        description="The call's interviewed or selected applications not yet transferred.")


class HandoverConfirm(InputModel):
    """Sysper imported these applications: mark them ``transferred`` (read-only, kept under
    HR's retention, no longer purged by the one-year rule)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"application_ids": ["6751f0c2a1b2c3d4e5f60718"]}]})

    application_ids: Annotated[list[Annotated[str, Field(max_length=64)]],
                               Field(min_length=1, max_length=500,
                                     description="Ids from the hand-over export.")]


class HandoverResult(ApiModel):
    """What the confirmation did."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "transferred": ["6650f0a9a4e8b31d9c0e4f1a"],
        "not_eligible": ["6650f0b3a4e8b31d9c0e4f1b"]}]})

    transferred: list[str] = Field(description="Applications now marked transferred.")
    not_eligible: list[str] = Field(
        description="Ids refused: not of this call, not interviewed or selected, restricted, "
                    "or already transferred.")
