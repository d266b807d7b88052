"""One error family, rendered as RFC 9457 problem+json by one set of handlers."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("app.errors")
PROBLEM = "application/problem+json"
TYPE_BASE = "https://eu-ats.dev/problems/"


class AppError(Exception):
    """Base of every error the service means to show to a client."""

    status = 400
    code = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    """401 with an RFC 6750 §3 challenge. ``error=None`` when no token was sent (log in);
    ``invalid_token`` when the token is refused (get a new one)."""

    status, code, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str, *, error: str | None = "invalid_token", **extra: Any) -> None:
        challenge = 'Bearer realm="eu-ats"'
        if error is not None:
            challenge += f', error="{error}", error_description="{_quoted_text(detail)}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge}, **extra)


def _quoted_text(text: str) -> str:
    """RFC 6750 error_description: printable ASCII except '"' and '\\' (and kept short)."""
    safe = text.replace('"', "'").replace("\\", "/")
    return "".join(ch if " " <= ch <= "~" else "?" for ch in safe)[:200]


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(AppError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class Gone(AppError):
    status, code, title = 410, "gone", "Gone"


class PreconditionFailed(AppError):
    status, code, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(AppError):
    status, code, title = 428, "precondition-required", "Precondition required"


class PayloadTooLarge(AppError):
    status, code, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(AppError):
    status, code, title = 415, "unsupported-media-type", "Unsupported media type"


class Unprocessable(AppError):
    status, code, title = 422, "unprocessable", "Unprocessable content"


class ServiceUnavailable(AppError):
    status, code, title = 503, "service-unavailable", "Service unavailable"


class DatabaseUnavailable(ServiceUnavailable):
    code, title = "database-unavailable", "Database unavailable"


# A restarted embedded server answers within a second; a replica set elects within ~12 s.
DATABASE_RETRY_AFTER = "5"


_STATUS_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
}


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """An RFC 9457 response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (code or str(status)),
        "title": title,
        "status": status,
        "detail": detail,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM)


def _loc(loc: tuple[Any, ...] | list[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


def validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic errors as ``{loc, msg}``, never echoing the rejected input (it may be personal)."""
    return [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as problem+json."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem(
            exc.status, exc.title, exc.detail, code=exc.code, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        if any(e["msg"].startswith("JSON decode error") for e in errors):
            return problem(400, "Malformed JSON", "The request body is not valid JSON.",
                           code="malformed-json", errors=errors)
        return problem(422, "Validation failed", "The request does not match the schema.",
                       code="validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = _STATUS_TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = "No such resource."
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed here."
        return problem(exc.status_code, title, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(ConnectionFailure)
    async def _database_unreachable(request: Request, exc: ConnectionFailure) -> JSONResponse:
        # Only "cannot reach the database" (no server to select, connection lost or timed out,
        # pool exhausted) is a 503 to retry; what a reachable server refuses (OperationFailure,
        # duplicate keys, bad commands) stays a 500 with an error id, as the bug it is.
        log.warning("database unreachable", extra={
            "error": type(exc).__name__,
            "request_id": getattr(request.state, "request_id", None)})
        error = DatabaseUnavailable("The database cannot be reached; retry shortly.",
                                    headers={"Retry-After": DATABASE_RETRY_AFTER})
        return problem(error.status, error.title, error.detail, code=error.code,
                       headers=error.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error(exc)


def log_unexpected(exc: BaseException) -> str:
    """Log an unhandled error once (the formatter adds the request id from its context);
    return the error id that the client may quote."""
    error_id = uuid.uuid4().hex
    log.error("unhandled error", exc_info=exc, extra={"error_id": error_id})
    return error_id


def unexpected_error(exc: BaseException) -> JSONResponse:
    """Log an unhandled error and answer a generic 500 with an error id to quote; never the
    trace or the message."""
    error_id = log_unexpected(exc)
    return problem(500, "Internal server error",
                   f"An unexpected error occurred; quote error id {error_id}.",
                   code="internal", error_id=error_id)
