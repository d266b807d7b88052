"""Liveness, readiness and metrics (unauthenticated, outside ``/api``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from app.deps import Db, ScannerDep
from app.models.common import Problem
from app.services import health
from app.services.health import Readiness

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz", summary="Readiness: the database answers (and how the scanner is)",
    response_model=Readiness,
    responses={503: {"model": Problem, "description": (
        "The database does not answer: the problem's `database` is `unavailable` (and "
        "`scanner` tells the scanner's state); `Retry-After` says when to ask again")}},
)
async def readyz(db: Db, scanner: ScannerDep) -> Readiness:
    return await health.readiness(db=db, scanner=scanner)


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
