"""Panel reports: what the chair signs, stored as it was served."""

from __future__ import annotations

import hashlib
from datetime import datetime

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel, Id
from app.models.panels import Stage


class PanelReportDoc(BaseModel):
    """A ``panel_reports`` record: one signed report per call and stage."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)

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
    call_id: Id
    stage: Stage = Field(description="The stage signed off.")
    signed_by: str = Field(description="The chair who signed.")
    signed_at: datetime = Field(description="When.")
    csv_sha256: str = Field(description="SHA-256 of the stored CSV, served unchanged.")
    pdf_sha256: str = Field(description="SHA-256 of the stored PDF, served unchanged.")

    @classmethod
    def of(cls, doc: PanelReportDoc) -> PanelReportRead:
        return cls(call_id=str(doc.call_id), stage=doc.stage, signed_by=doc.signed_by,
                   signed_at=doc.signed_at,
                   csv_sha256=hashlib.sha256(doc.csv.encode()).hexdigest(),
                   pdf_sha256=hashlib.sha256(doc.pdf).hexdigest())
