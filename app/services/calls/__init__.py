"""Calls: vacancy notices and calls for expression of interest, from draft to closure."""

from app.services.calls.editing import (
    create_call,
    create_call_once,
    get_call,
    list_calls,
    update_call,
)
from app.services.calls.lifecycle import (
    cancel_call,
    close_call,
    close_due_calls,
    complete_call,
    publish_call,
)
from app.services.calls.public import get_public_call, list_public_calls, public_calls_page
from app.services.calls.start import StartDateIn, set_start_date

__all__ = [
    "StartDateIn",
    "cancel_call",
    "close_call",
    "close_due_calls",
    "complete_call",
    "create_call",
    "create_call_once",
    "get_call",
    "get_public_call",
    "list_calls",
    "list_public_calls",
    "public_calls_page",
    "publish_call",
    "set_start_date",
    "update_call",
]
