"""Rate-limit counts held in the process between visits to the shared counter.

Counting every request in MongoDB costs a round trip per request. Instead a replica syncs a
caller's window with the shared counter once it has let ``step`` requests through locally (a
twentieth of the limit) or a second has passed, sending them as one ``$inc`` (a window's first
request is counted locally too). Between syncs it decides with the last shared count plus its
own local hits. So with one replica the limit is exact; with R replicas a caller can get at most
about R × step requests more than the limit in a window (5 % of it per replica), and a limit of
20 or fewer per window is synced on every request, i.e. exact.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

SYNC_SECONDS = 1.0
STEP_FRACTION = 20


@dataclass
class _Window:
    start: datetime
    shared: int = 0  # the shared count at the last sync (every replica's hits)
    pending: int = 0  # hits let through here since then, not yet sent
    synced_at: float = field(default_factory=time.monotonic)


class RateCounts:
    """One entry per key for its current window; bounded (the oldest go first)."""

    def __init__(self, *, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._windows: dict[str, _Window] = {}

    async def hit(self, *, key: str, start: datetime, amount: int,
                  send: Callable[[int], Awaitable[int]]) -> int:
        """Count one request; the count to judge it by. ``send(n)`` adds ``n`` to the shared
        counter and answers its new value."""
        step = max(1, amount // STEP_FRACTION)
        window = self._windows.get(key)
        if window is None or window.start != start:
            # A new window is synced at once only when every request is (step 1, exact);
            # otherwise after its first ``step`` hits or second, like any other: its first
            # request costs no round trip, within the same bound of step per replica.
            window = _Window(start=start, synced_at=0.0 if step == 1 else time.monotonic())
            self._windows.pop(key, None)
            self._windows[key] = window
            while len(self._windows) > self.max_keys:
                del self._windows[next(iter(self._windows))]
        due = window.synced_at == 0.0 or window.pending + 1 >= step or (
            time.monotonic() - window.synced_at >= SYNC_SECONDS)
        if not due:
            window.pending += 1
            return window.shared + window.pending
        sending, window.pending = window.pending + 1, 0
        window.synced_at = time.monotonic()
        try:
            total = await send(sending)
        except BaseException:
            window.pending += sending  # not counted yet: the next sync sends them
            raise
        window.shared = max(window.shared, total)
        return window.shared + window.pending
