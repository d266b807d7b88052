"""Liveness, readiness and metrics (unauthenticated, outside ``/api``)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, ConfigDict, Field

from app.deps import Db, ScannerDep, SettingsDep
from app.errors import Unauthorized
from app.middleware import Metrics
from app.models.common import Problem
from app.services import health
from app.services import outbox as outbox_service
from app.services.health import Readiness

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """The process is alive."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: str = Field(description="Always `ok`: the process answers; nothing else is "
                                    "checked.")


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
async def healthz() -> Health:
    """Answers 200 while the process runs; it checks nothing else (use `/readyz` for dependencies).
    """
    return Health(status="ok")


@router.get(
    "/readyz", summary="Readiness: the database answers (and how the scanner is)",
    response_model=Readiness,
    responses={503: {"model": Problem, "description": (
        "The database does not answer: the problem's `database` is `unavailable` (and "
        "`scanner` tells the scanner's state); `Retry-After` says when to ask again")}},
)
async def readyz(db: Db, scanner: ScannerDep) -> Readiness:
    """200 when the database answers, 503 when it does not; also says whether the malware scanner
    answers (uploads fail closed without it).
    """
    return await health.readiness(db=db, scanner=scanner)


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
               401: {"model": Problem, "description": "ATS_METRICS_TOKEN is set and the "
                                                      "bearer token is not it"}},
)
async def metrics(request: Request, db: Db, settings: SettingsDep,
                  authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
                  ) -> Response:
    """Request counts and latencies per route template, job runs and outbox depth, in Prometheus
    text format; a bearer `ATS_METRICS_TOKEN` when that is set.
    """
    expected = settings.metrics_token
    if expected is not None and not hmac.compare_digest(
            (authorization or "").encode(), f"Bearer {expected.get_secret_value()}".encode()):
        raise Unauthorized("/metrics needs the bearer token of ATS_METRICS_TOKEN.")
    registry: Metrics = request.app.state.metrics
    up, waiting, dead = await outbox_service.gauges(db=db)
    registry.database_up.set(1 if up else 0)
    if waiting is not None and dead is not None:
        registry.outbox_depth.set(waiting)
        registry.outbox_dead_letters.set(dead)
    return Response(generate_latest(registry.registry), media_type=CONTENT_TYPE_LATEST)
