"""Liveness, readiness and metrics (unauthenticated, outside ``/api``)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from app.deps import Db
from app.errors import ServiceUnavailable
from app.models.common import Problem

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz", summary="Readiness: the database answers", response_model=Health,
    responses={503: {"model": Problem, "description": "The database does not answer"}},
)
async def readyz(db: Db) -> Health:
    try:
        await asyncio.wait_for(db.command("ping"), timeout=2)
    except Exception:
        raise ServiceUnavailable("The database does not answer.",
                                 headers={"Retry-After": "5"}) from None
    return Health(status="ready")


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
