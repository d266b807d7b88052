"""Structured JSON logs; records carry the request id and never personal data."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from app.context import request_id_var

# color_message: uvicorn's copy of the message with ANSI colour codes, useless in JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = without_messages(record.exc_info)
        return json.dumps(entry, default=str)


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def without_messages(exc_info: ExcInfo) -> str:
    """The traceback of an error with every frame (file, line, function, code) but without the
    exceptions' messages: a message may quote the data that failed (an e-mail address, a name
    in a validation error, a key in a duplicate-key error), and logs never hold personal data.
    The exception types, chained causes included, say what failed; the error id finds the
    request."""
    value = exc_info[1]
    if value is None:
        return ""
    chain: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = value
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__)))
        kind = type(current)
        chain.append(f"Traceback (most recent call last):\n{frames}"
                     f"{kind.__module__}.{kind.__qualname__} (message withheld)")
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    # As Python prints them: the first cause first, the error raised last.
    return "\n\nwhich led to:\n\n".join(reversed(chain))


def configure_logging(level: str = "INFO") -> None:
    """Route every logger (uvicorn's too) through one JSON handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our middleware logs each request without its query string; uvicorn's access log would not.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("pymongo").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
