"""Webhook endpoints of machine clients, their deliveries and manual redelivery."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.deps import CtxDep, Page
from app.models.common import Problem
from app.models.integrations_webhooks import (
    DeliveryList,
    DeliveryRead,
    EndpointCreate,
    EndpointList,
    EndpointRead,
    EndpointSecret,
)
from app.services.integrations import webhooks as service

router = APIRouter(prefix="/webhooks/endpoints", tags=["webhooks"])

Responses = dict[int | str, dict[str, Any]]
_403: Responses = {403: {"model": Problem, "description": "Your role registers no webhooks"}}
_404: Responses = {404: {"model": Problem, "description": "No such endpoint (or not yours)"}}


@router.post("", summary="Register a webhook endpoint", status_code=201,
             description="Events are POSTed to the URL signed per Standard Webhooks "
                         "(`webhook-id`, `webhook-timestamp`, `webhook-signature`). The secret "
                         "is shown once. A Permanent Representation receives only its own "
                         "applications' events. 422 `unsafe-webhook-url` for a URL that is not "
                         "https (production) or resolves to a private address.",
             response_model=EndpointSecret, responses=_403)
async def register_endpoint(payload: EndpointCreate, ctx: CtxDep) -> EndpointSecret:
    return await service.register_endpoint(ctx, payload=payload)


@router.get("", summary="List webhook endpoints",
            description="Your endpoints; administrators see every one, and `failing=true` "
                        "shows those whose deliveries exhausted their retries.",
            response_model=EndpointList)
async def list_endpoints(
    ctx: CtxDep, page: Page,
    failing: Annotated[bool, Query(description="Only failing endpoints.")] = False,
) -> EndpointList:
    return await service.list_endpoints(ctx, page=page, failing=failing)


@router.get("/{endpoint_id}", summary="Read a webhook endpoint",
            description="One of your endpoints.", response_model=EndpointRead, responses=_404)
async def get_endpoint(endpoint_id: str, ctx: CtxDep) -> EndpointRead:
    return await service.get_endpoint(ctx, endpoint_id=endpoint_id)


@router.post("/{endpoint_id}/rotate-secret", summary="Rotate an endpoint's signing secret",
             description="Returns the new secret; the old one keeps signing beside it for "
                         "24 h (both signatures are sent), then stops.",
             response_model=EndpointSecret, responses=_404)
async def rotate_endpoint_secret(endpoint_id: str, ctx: CtxDep) -> EndpointSecret:
    return await service.rotate_secret(ctx, endpoint_id=endpoint_id)


@router.get("/{endpoint_id}/deliveries", summary="Deliveries to an endpoint",
            description="The last 30 days, newest first, with every attempt's status, "
                        "latency and response excerpt.",
            response_model=DeliveryList, responses=_404)
async def list_deliveries(endpoint_id: str, ctx: CtxDep, page: Page) -> DeliveryList:
    return await service.list_deliveries(ctx, endpoint_id=endpoint_id, page=page)


@router.post("/{endpoint_id}/deliveries/{delivery_id}/redeliver", status_code=202,
             summary="Deliver one event again",
             description="Queues the event again (same `webhook-id`) with a fresh 24 h of "
                         "retries; a delivery still pending is left as it is.",
             response_model=DeliveryRead, responses=_404)
async def redeliver(endpoint_id: str, delivery_id: str, ctx: CtxDep) -> DeliveryRead:
    return await service.redeliver(ctx, endpoint_id=endpoint_id, delivery_id=delivery_id)
