"""Rate limits per caller (token ``sub``: a machine client or a user) and per anonymous IP.

A fixed window counted in MongoDB (``$inc`` on one document per key and window, removed by a
TTL index), so every replica shares the counts. The ``limits`` library parses the settings
("600/minute"); its own MongoDB storage is not used: it needs Motor (a second, deprecated
driver beside PyMongo's async client) and creates its collections and indexes itself, where ours
come from migrations.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from limits import RateLimitItem, parse

from app.errors import AppError
from app.repositories import rate_limits as repo
from app.services.context import Ctx


class TooManyRequests(AppError):
    status, code, title = 429, "rate-limited", "Too many requests"


@lru_cache(maxsize=8)
def _item(text: str) -> RateLimitItem:
    return parse(text)


async def check(ctx: Ctx, *, key: str, limit: str) -> None:
    """Count this request against ``limit`` for ``key``; 429 with ``Retry-After`` beyond it."""
    item = _item(limit)
    seconds = item.get_expiry()
    now = ctx.clock.now()
    epoch = int(now.timestamp())
    start = datetime.fromtimestamp(epoch - epoch % seconds, UTC)
    end = start + timedelta(seconds=seconds)
    # The key is hashed: counters must not hold a client id or an address in clear.
    hashed = hashlib.sha256(key.encode()).hexdigest()[:32]
    if ctx.rate_counts is None:
        count = await repo.hit(ctx.db, key=hashed, window_start=start, expires_at=end)
    else:
        async def send(by: int) -> int:
            return await repo.hit(ctx.db, key=hashed, window_start=start, expires_at=end, by=by)

        count = await ctx.rate_counts.hit(key=hashed, start=start, amount=item.amount,
                                          send=send)
    if count > item.amount:
        retry = max(1, int((end - now).total_seconds()) + 1)
        raise TooManyRequests(f"More than {item.amount} requests per {seconds} s; retry in "
                              f"{retry} s.", headers={"Retry-After": str(retry)})
