"""Scheduled removal of GridFS content no document points at (uploads cut short by a crash)."""

from __future__ import annotations

from app.services.documents.cleanup import sweep_orphan_files

__all__ = ["sweep_orphan_files"]
