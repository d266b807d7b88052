"""Scheduled delivery of webhook events (Standard Webhooks), retried with backoff for 24 h."""

from __future__ import annotations

from app.services.integrations.webhook_delivery import deliver_webhooks

__all__ = ["deliver_webhooks"]
