"""Rate-limit dependencies: the authenticated router counts per caller, the public one per IP."""

from __future__ import annotations

from fastapi import Request

from app.deps import CtxDep, PublicCtx
from app.services.integrations import rate_limits


async def per_caller(ctx: CtxDep) -> None:
    """Count an authenticated request against its caller's limit (429 beyond it)."""
    if ctx.settings.rate_limit_enabled:
        await rate_limits.check(ctx, key=f"sub:{ctx.actor.sub}",
                                limit=ctx.settings.rate_limit_caller)


async def per_address(request: Request, ctx: PublicCtx) -> None:
    """Count an anonymous request against its IP address's limit (429 beyond it). Behind a
    proxy, run uvicorn with ``--proxy-headers --forwarded-allow-ips`` so this is the client's."""
    if ctx.settings.rate_limit_enabled:
        host = request.client.host if request.client else "unknown"
        await rate_limits.check(ctx, key=f"ip:{host}", limit=ctx.settings.rate_limit_anonymous)
