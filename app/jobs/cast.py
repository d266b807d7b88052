"""Scheduled application of uploaded EPSO CAST exports (resumable after a crash)."""

from __future__ import annotations

from app.services.integrations.cast_apply import process_cast_imports

__all__ = ["process_cast_imports"]
