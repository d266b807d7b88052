"""Rate-limit counts held in the process between visits to the shared counter.

Counting every request in MongoDB costs a round trip per request. Instead a replica syncs a
caller's window with the shared counter once it has let ``step`` requests through locally (a
twentieth of the limit), sending them as one ``$inc``. Far below the limit (more than a step
away) that sync runs in the background and the request is judged by the local count; near the
limit the request waits for the shared count. Between syncs it decides with the last shared
count plus its own local hits. So with one replica the limit is exact; with R replicas a caller
can get at most about R × step requests more than the limit in a window (5 % of it per replica),
and a limit of 20 or fewer per window is synced on every request, i.e. exact.

There is no sync on a timer: it would tell other replicas of hits sooner, but the bound above
does not need it, and it cost a caller who sends a request now and then an update and a read
of the shared counter per request (a busy replica syncs every active caller every second).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)

STEP_FRACTION = 20


@dataclass
class _Window:
    start: datetime
    shared: int = 0  # the shared count at the last sync (every replica's hits)
    pending: int = 0  # hits let through here since then, not yet sent
    sending: int = 0  # hits on their way to the shared counter (a sync in the background)
    task: asyncio.Task[None] | None = None  # the background sync on its way, if any

    def estimate(self) -> int:
        return self.shared + self.sending + self.pending


class RateCounts:
    """One entry per key for its current window; bounded (the oldest go first)."""

    def __init__(self, *, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._windows: dict[str, _Window] = {}
        self._syncing: set[asyncio.Task[None]] = set()

    async def hit(self, *, key: str, start: datetime, amount: int,
                  send: Callable[[int], Awaitable[int]]) -> int:
        """Count one request; the count to judge it by. ``send(n)`` adds ``n`` to the shared
        counter and answers its new value."""
        step = max(1, amount // STEP_FRACTION)
        window = self._windows.get(key)
        if window is None or window.start != start:
            # A new window is synced at once only when every request is (step 1, exact);
            # otherwise after its first ``step`` hits, like any other: its first request costs
            # no round trip, within the same bound of step per replica.
            window = _Window(start=start)
            self._windows.pop(key, None)
            self._windows[key] = window
            while len(self._windows) > self.max_keys:
                del self._windows[next(iter(self._windows))]
        due = window.pending + 1 >= step
        if not due or (step > 1 and window.sending and window.estimate() + step < amount):
            window.pending += 1  # (a sync already on its way: the next one sends these)
            return window.estimate()
        if step > 1 and window.estimate() + 1 + step < amount:
            # Well below the limit: this request is judged by the local count, and the sync
            # goes on in the background instead of holding the answer for a round trip.
            sending = self._take(window)
            window.task = asyncio.create_task(self._sync(window, sending, send))
            self._syncing.add(window.task)
            window.task.add_done_callback(self._syncing.discard)
            return window.estimate()
        if window.task is not None and not window.task.done():
            # Its answer must land first, or a total that already counts it would count it twice.
            await window.task
        await self._sync(window, self._take(window), send, quiet=False)
        return window.estimate()

    @staticmethod
    def _take(window: _Window) -> int:
        """This request and the hits held since the last sync, now on their way."""
        sending, window.pending = window.pending + 1, 0
        window.sending += sending
        return sending

    async def settled(self) -> None:
        """Wait for the syncs on their way (tests; a server's loop runs them between requests)."""
        while self._syncing:
            await asyncio.gather(*self._syncing)

    @staticmethod
    async def _sync(window: _Window, sending: int, send: Callable[[int], Awaitable[int]],
                    *, quiet: bool = True) -> None:
        try:
            total = await send(sending)
        except BaseException as exc:
            window.pending += sending  # not counted yet: the next sync sends them
            # In the background a database error is only logged (the request was answered);
            # a cancellation (shutdown) or an error the request waits for goes on up.
            if not quiet or not isinstance(exc, Exception):
                raise
            log.warning("rate count sync failed; retried with the next one",
                        extra={"error": type(exc).__name__})
            return
        finally:
            window.sending -= sending
        window.shared = max(window.shared, total)
