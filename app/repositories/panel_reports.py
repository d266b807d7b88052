"""The ``panel_reports`` collection: signed reports, stored and served unchanged."""

from __future__ import annotations

from datetime import datetime

from bson import Binary, ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from app.db import Db
from app.models.panels import Stage
from app.models.reports import PanelReportDoc

COLLECTION = "panel_reports"


async def get(db: Db, *, call_id: ObjectId, stage: Stage) -> PanelReportDoc | None:
    found = await db[COLLECTION].find_one({"call_id": call_id, "stage": stage.value})
    return PanelReportDoc.model_validate(found) if found else None


async def is_signed(db: Db, *, call_id: ObjectId, stage: Stage) -> bool:
    return await db[COLLECTION].find_one({"call_id": call_id, "stage": stage.value},
                                         {"_id": 1}) is not None


async def insert(db: Db, *, call_id: ObjectId, stage: Stage, signed_by: str, signed_at: datetime,
                 csv: str, pdf: bytes, subjects: list[tuple[str, str]],
                 session: AsyncClientSession | None = None) -> PanelReportDoc | None:
    """Store the signed report; ``None`` if the stage was already signed."""
    doc = {"call_id": call_id, "stage": stage.value, "signed_by": signed_by,
           "signed_at": signed_at, "csv": csv, "pdf": Binary(pdf),
           "subjects": [list(pair) for pair in subjects]}
    try:
        result = await db[COLLECTION].insert_one(doc, session=session)
    except DuplicateKeyError:
        return None
    return PanelReportDoc.model_validate({**doc, "_id": result.inserted_id, "pdf": pdf,
                                           "subjects": subjects})
