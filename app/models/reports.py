"""Panel reports: what the chair signs, stored as it was served."""

from __future__ import annotations

import hashlib
from datetime import datetime

from bson import ObjectId
from pydantic import ConfigDict, Field

from app.models.common import ApiModel, Id, StoredModel
from app.models.panels import Stage


class PanelReportDoc(StoredModel):
    """A ``panel_reports`` record: one signed report per call and stage."""

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    stage: Stage
    signed_by: str
    signed_at: datetime
    csv: str
    pdf: bytes
    subjects: list[tuple[str, str]] = Field(
        default_factory=list, description="(application id, audit subject) of each row, so "
                                          "every later read of the report is audited.")


class PanelReportRead(ApiModel):
    """A signed panel report: who signed it, when, and the fingerprints of what is served."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "call_id": "6650f1c2a9e4b1d2c3f4a5b6", "stage": "interview", "signed_by": "panel-dora",
        "signed_at": "2024-06-01T09:30:00Z",
        "csv_sha256": "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592",
        "pdf_sha256": "e3b98a4da31a127d4bde6e43033f66ba274cab0eb7eb1c70ec41402bf6273dd8"}]})

    call_id: Id = Field(description="The call whose panel signed.")
    stage: Stage = Field(description="The stage signed off.")
    signed_by: str = Field(description="The chair who signed (token subject).")
    signed_at: datetime = Field(description="When it was signed (UTC).")
    csv_sha256: str = Field(description="SHA-256 of the stored CSV, served unchanged.")
    pdf_sha256: str = Field(description="SHA-256 of the stored PDF, served unchanged.")

    @classmethod
    def of(cls, doc: PanelReportDoc) -> PanelReportRead:
        return cls(call_id=str(doc.call_id), stage=doc.stage, signed_by=doc.signed_by,
                   signed_at=doc.signed_at,
                   csv_sha256=hashlib.sha256(doc.csv.encode()).hexdigest(),
                   pdf_sha256=hashlib.sha256(doc.pdf).hexdigest())
