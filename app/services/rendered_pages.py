"""Pages of the public call list a replica rendered in the last seconds.

The same page for everyone, and the answer already tells browsers and CDNs they may keep it a
minute: so most requests cost neither a query nor a serialisation. A call written by this
replica drops every page at once (the calls repository counts its writes); another replica's
change shows within ``ATS_PUBLIC_LIST_CACHE_SECONDS`` (0 = render every time).
"""

from __future__ import annotations

import time
from collections.abc import Hashable

from app.repositories import calls as calls_repo

Rendered = tuple[bytes, str]  # the JSON body and its ETag


class RenderedPages:
    """Per process (one per app): bounded, dropped whole when a crawler walks every filter."""

    LIMIT = 256

    def __init__(self) -> None:
        self._pages: dict[Hashable, tuple[float, int, Rendered]] = {}

    def get(self, key: Hashable, ttl: float) -> Rendered | None:
        entry = self._pages.get(key)
        if entry is None or ttl <= 0 or time.monotonic() - entry[0] >= ttl \
                or entry[1] != calls_repo.generation():
            return None
        return entry[2]

    def put(self, key: Hashable, rendered: Rendered, ttl: float) -> None:
        if ttl <= 0:
            return
        if len(self._pages) >= self.LIMIT:
            self._pages.clear()
        self._pages[key] = (time.monotonic(), calls_repo.generation(), rendered)
