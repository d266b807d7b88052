"""Transactions for services: writes that must commit together, and a 409 when they cannot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pymongo.asynchronous.client_session import AsyncClientSession

from app.errors import Conflict
from app.repositories import applications as repo
from app.services.context import Ctx

T = TypeVar("T")


async def atomically(ctx: Ctx, work: Callable[[AsyncClientSession], Awaitable[T]]) -> T:
    """Run ``work`` in a transaction; under relentless contention, ask the client to retry."""
    try:
        return await repo.in_transaction(ctx.db, work)
    except repo.TransactionBusy:
        raise Conflict("The application is being changed by another request; retry shortly.",
                       headers={"Retry-After": "1"}) from None
