"""Per-subject audit keys kept in memory for a short while, so an audited read does not pay a
round trip to ``subject_keys`` each time.

Only keys that exist are kept (a miss always asks the database), for at most ``ttl`` seconds,
and a purge in this process forgets the keys it destroys at once. Another process's purge (a
replica, the CLI) is seen within ``ttl``: that bounds how long a destroyed key can still be used
here, so the TTL is kept short.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable


class SubjectKeyCache:
    """A bounded map key id → key, each entry valid ``ttl`` seconds from when it was read."""

    def __init__(self, *, ttl: float, max_entries: int = 10_000,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._now = now
        self._keys: dict[str, tuple[bytes, float]] = {}

    def get_many(self, key_ids: Iterable[str]) -> dict[str, bytes]:
        """The keys still fresh among ``key_ids``."""
        now = self._now()
        found: dict[str, bytes] = {}
        for key_id in key_ids:
            entry = self._keys.get(key_id)
            if entry is None:
                continue
            if entry[1] <= now:
                del self._keys[key_id]
            else:
                found[key_id] = entry[0]
        return found

    def put_many(self, keys: dict[str, bytes]) -> None:
        """Remember keys just read from the database."""
        if self.ttl <= 0:
            return
        expires = self._now() + self.ttl
        for key_id, key in keys.items():
            self._keys.pop(key_id, None)
            self._keys[key_id] = (key, expires)
        while len(self._keys) > self.max_entries:  # the oldest entries go first
            del self._keys[next(iter(self._keys))]

    def forget(self, key_ids: Iterable[str]) -> None:
        """Drop keys that were destroyed: they must never be used again."""
        for key_id in key_ids:
            self._keys.pop(key_id, None)
