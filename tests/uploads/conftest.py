"""Fixtures for the upload-hardening tests: the real clamd scans, the real database stores."""

from __future__ import annotations

from tests.documents.conftest import candidate, ctx
from tests.documents_api.conftest import client_with, settings

__all__ = ["candidate", "client_with", "ctx", "settings"]
