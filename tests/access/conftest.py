"""Access tests read special needs too: the same valid AES key as the application tests."""

from __future__ import annotations

from tests.applications.conftest import settings

__all__ = ["settings"]
