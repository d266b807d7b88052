"""Administration of machine clients: register, list, rotate, revoke."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.deps import CtxDep, Page
from app.models.common import Problem
from app.models.integrations import (
    ClientCreate,
    ClientCredentials,
    ClientList,
    ClientRead,
    ClientRotate,
)
from app.services.integrations import clients as service

router = APIRouter(prefix="/admin/clients", tags=["admin"])

Responses = dict[int | str, dict[str, Any]]
_403: Responses = {403: {"model": Problem, "description": "Not an administrator"}}
_404: Responses = {404: {"model": Problem, "description": "No such client"}}
_409: Responses = {409: {"model": Problem, "description": "Revoked, or changed meanwhile"}}


@router.post("", summary="Register a machine client", status_code=201,
             description="Registers a Permanent Representation's system with its public keys "
                         "(`private_key_jwt`) and/or a generated secret, shown once.",
             response_model=ClientCredentials, responses=_403)
async def register_client(payload: ClientCreate, ctx: CtxDep) -> ClientCredentials:
    return await service.register(ctx, payload=payload)


@router.get("", summary="List machine clients", description="Every registered client.",
            response_model=ClientList, responses=_403)
async def list_clients(ctx: CtxDep, page: Page) -> ClientList:
    return await service.list_clients(ctx, page=page)


@router.get("/{client_id}", summary="Read a machine client",
            description="One client (never its secret).", response_model=ClientRead,
            responses={**_403, **_404})
async def get_client(client_id: str, ctx: CtxDep) -> ClientRead:
    return await service.get_client(ctx, client_id=client_id)


@router.post("/{client_id}/rotate", summary="Rotate a client's credentials",
             description="The given keys (and a new secret, if asked) replace the old ones "
                         "at once; tokens already issued expire within minutes.",
             response_model=ClientCredentials, responses={**_403, **_404, **_409})
async def rotate_client(client_id: str, payload: ClientRotate, ctx: CtxDep
                        ) -> ClientCredentials:
    return await service.rotate(ctx, client_id=client_id, payload=payload)


@router.post("/{client_id}/revoke", summary="Revoke a machine client",
             description="The client gets no more tokens; revoking twice changes nothing.",
             response_model=ClientRead, responses={**_403, **_404, **_409})
async def revoke_client(client_id: str, ctx: CtxDep) -> ClientRead:
    return await service.revoke(ctx, client_id=client_id)
