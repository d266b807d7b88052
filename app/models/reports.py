"""Panel reports: what the chair signs, stored as it was served."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field

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
