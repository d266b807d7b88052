"""Readiness: the database must answer; the malware scanner's state is reported beside it."""

from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import BaseModel

from app.db import Db
from app.errors import ServiceUnavailable
from app.services.documents.scanning import Scanner

PROBE_SECONDS = 2.0


class Readiness(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]
    scanner: Literal["ok", "unavailable", "not_configured"]


async def readiness(*, db: Db, scanner: Scanner) -> Readiness:
    """503 when the database does not answer. A clamd that is down does not make the service
    unready: reads go on, and uploads fail closed (503) on their own."""
    try:
        await asyncio.wait_for(db.command("ping"), timeout=PROBE_SECONDS)
    except Exception:
        raise ServiceUnavailable("The database does not answer.",
                                 headers={"Retry-After": "5"}) from None
    if scanner.engine is None:
        state: Literal["ok", "unavailable", "not_configured"] = "not_configured"
    else:
        try:
            up = await asyncio.wait_for(scanner.ping(), timeout=PROBE_SECONDS)
        except TimeoutError:
            up = False
        state = "ok" if up else "unavailable"
    return Readiness(status="ready", database="ok", scanner=state)
