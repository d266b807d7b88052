"""Readiness: the database must answer; the malware scanner's state is reported beside it."""

from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.db import Db
from app.errors import DATABASE_RETRY_AFTER, DatabaseUnavailable
from app.services.documents.scanning import Scanner

PROBE_SECONDS = 2.0


ScannerState = Literal["ok", "unavailable", "not_configured"]


class Readiness(BaseModel):
    """The service can serve: the database answers (a 503 problem says otherwise)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "ready", "database": "ok", "scanner": "ok"}]})

    status: Literal["ready"] = Field(description="Always `ready` in a 200 answer.")
    database: Literal["ok"] = Field(description="Always `ok` in a 200 answer: the database "
                                                "answered a ping within 2 seconds.")
    scanner: ScannerState = Field(description="The malware scanner (clamd): `ok` when it "
                                              "answered, `unavailable` when it did not (uploads "
                                              "then fail with 503), `not_configured` when none "
                                              "is set (development only).")


async def readiness(*, db: Db, scanner: Scanner) -> Readiness:
    """503 naming the database when it does not answer. A clamd that is down does not make the
    service unready: reads go on, and uploads fail closed (503) on their own."""
    try:
        await asyncio.wait_for(db.command("ping"), timeout=PROBE_SECONDS)
        database_up = True
    except Exception:
        database_up = False
    scanner_state = await _scanner_state(scanner)
    if not database_up:
        raise DatabaseUnavailable("The database does not answer.",
                                  headers={"Retry-After": DATABASE_RETRY_AFTER},
                                  database="unavailable", scanner=scanner_state)
    return Readiness(status="ready", database="ok", scanner=scanner_state)


async def _scanner_state(scanner: Scanner) -> ScannerState:
    if scanner.engine is None:
        return "not_configured"
    try:
        up = await asyncio.wait_for(scanner.ping(), timeout=PROBE_SECONDS)
    except TimeoutError:
        up = False
    return "ok" if up else "unavailable"
