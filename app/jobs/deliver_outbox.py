"""Scheduled delivery of the notification outbox (idempotent: each message is claimed once)."""

from __future__ import annotations

from app.services.applications.notifications import deliver_outbox

__all__ = ["deliver_outbox"]
