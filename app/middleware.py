"""ASGI middleware: request ids, access logs, metrics, body caps, security headers."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from starlette.requests import ClientDisconnect
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.context import request_id_var
from app.errors import log_unexpected, unexpected_error
from app.problems import code_for_status, title_of, type_uri

log = logging.getLogger("app.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_DOCS_CSP = b"default-src 'self' cdn.jsdelivr.net; img-src 'self' data: fastapi.tiangolo.com; style-src 'self' 'unsafe-inline' cdn.jsdelivr.net; script-src 'self' 'unsafe-inline' cdn.jsdelivr.net"  # noqa: E501
_API_CSP = b"default-src 'none'; frame-ancestors 'none'"
# nginx's "client closed request": the client hung up before the response; not a server error.
CLIENT_CLOSED_REQUEST = 499
# Answers that are true only now: no proxy or browser may keep them.
_NOT_CACHED = ("/healthz", "/readyz", "/metrics")


class Metrics:
    """Requests, jobs, the outbox, the database and the process, in one registry per app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.job_runs = Counter(
            "job_runs_total", "Scheduled job runs by outcome (ok, failed, skipped: another "
            "replica held the lease).", ["job", "outcome"], registry=self.registry)
        self.job_failures = Counter(
            "job_failures_total", "Scheduled job runs that raised.", ["job"],
            registry=self.registry)
        self.job_duration = Histogram(
            "job_duration_seconds", "Duration of scheduled job runs.", ["job"],
            registry=self.registry,
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300))
        # Set when /metrics is scraped (the database is asked then).
        self.outbox_depth = Gauge(
            "outbox_depth", "Notifications waiting to be delivered.", registry=self.registry)
        self.outbox_dead_letters = Gauge(
            "outbox_dead_letters", "Notifications given up after every retry (see "
            "GET /api/v1/admin/outbox/dead-letters).", registry=self.registry)
        self.database_up = Gauge(
            "database_up", "1 when the database answered a ping at the last scrape.",
            registry=self.registry)
        self.requests = Counter(
            "http_requests_total", "HTTP requests.", ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency.", ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )


class RouteTemplates:
    """Maps a request path to its route template (``/api/v1/calls/{call_id}``) for metrics."""

    def __init__(self, templates: Callable[[], Iterable[str]]) -> None:
        self._source = templates
        self._compiled: list[tuple[re.Pattern[str], str]] | None = None
        self._by_route: dict[int, tuple[object, str]] = {}

    def of(self, scope: Scope) -> str:
        """The template of the route the router chose (remembered per route object: one
        pattern scan per route, not per request), else of the path (answers given before
        routing: 413, 415)."""
        route = scope.get("route")
        if route is None:
            return self.resolve(scope.get("path", ""))
        known = self._by_route.get(id(route))
        if known is None or known[0] is not route:
            known = (route, self.resolve(scope.get("path", "")))
            self._by_route[id(route)] = known
        return known[1]

    def resolve(self, path: str) -> str:
        if self._compiled is None:
            self._compiled = [(compile_path(t)[0], t) for t in self._source()]
        for pattern, template in self._compiled:
            if pattern.match(path):
                return template
        return "unmatched"


class _TooLarge(BaseException):
    """Raised from ``receive``; a BaseException so that body parsers cannot swallow it."""


async def _send_problem(send: Send, status: int, title: str, detail: str, rid: str) -> None:
    # The same problem as the error handlers give: one ``type`` per code, with the code and id.
    code = code_for_status(status)
    body = json.dumps({
        "type": type_uri(code), "title": title_of(code, title),
        "status": status, "detail": detail, "code": code, "request_id": rid,
    }).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", rid.encode()), *SECURITY_HEADERS],
    })
    await send({"type": "http.response.body", "body": body})


class ServiceMiddleware:
    """One pass over every HTTP request: id, cap, headers, metrics, access log."""

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, max_body: int, max_upload: int,
        templates: RouteTemplates,
    ) -> None:
        self.app = app
        self.templates = templates
        self.metrics = metrics
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        offered = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status_holder = {"status": 500}
        path: str = scope.get("path", "")
        is_multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        cap = self.max_upload + 65_536 if is_multipart else self.max_body

        declared = headers.get(b"content-length")
        try:
            too_large = declared is not None and int(declared) > cap
        except ValueError:
            await _send_problem(send, 400, "Bad request", "Invalid Content-Length.", rid)
            self._observe(scope, 400, started)
            request_id_var.reset(token)
            return
        if too_large:
            await _send_problem(send, 413, "Payload too large",
                                f"The request body exceeds {cap} bytes.", rid)
            self._observe(scope, 413, started)
            request_id_var.reset(token)
            return

        method = scope.get("method", "")
        has_body = (declared not in (None, b"0")) or b"transfer-encoding" in headers
        if method in ("POST", "PUT", "PATCH") and has_body and path.startswith("/api/"):
            ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if not (ctype == b"application/json" or ctype.endswith(b"+json")
                    or ctype == b"multipart/form-data"
                    or (ctype == b"application/x-www-form-urlencoded"  # RFC 6749 §4.4.2
                        and path == "/api/v1/oauth/token")):
                await _send_problem(send, 415, "Unsupported media type",
                                    "Send application/json (or multipart/form-data for files).",
                                    rid)
                self._observe(scope, 415, started)
                request_id_var.reset(token)
                return

        received = 0
        disconnected = False  # http.disconnect before any response: a client abort

        async def capped_receive() -> Message:
            nonlocal received, disconnected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise _TooLarge
            elif message["type"] == "http.disconnect" and not response_started:
                disconnected = True
            return message

        is_docs = path in ("/docs", "/redoc") or path.startswith("/docs/")
        response_started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                status_holder["status"] = message["status"]
                out = list(message.get("headers", []))
                names = {k.lower() for k, _ in out}
                out.append((b"x-request-id", rid.encode()))
                out.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                if b"content-security-policy" not in names:
                    out.append((b"content-security-policy", _DOCS_CSP if is_docs else _API_CSP))
                if (path.startswith("/api/") or path in _NOT_CACHED) \
                        and b"cache-control" not in names:
                    out.append((b"cache-control", b"no-store"))
                message = {**message, "headers": out}
            await send(message)

        try:
            await self.app(scope, capped_receive, send_wrapper)
        except _TooLarge:
            status_holder["status"] = 413
            if not response_started:
                await _send_problem(send, 413, "Payload too large",
                                    f"The request body exceeds {cap} bytes.", rid)
        except ClientDisconnect:
            # Reading the body met http.disconnect: nobody is left to answer, and nothing was
            # stored (an upload is stored only once its whole body has been read).
            disconnected = True
        except Exception as exc:
            # Answered here, inside CORS and with the request id still set, and not re-raised:
            # Starlette's outer error middleware would answer without CORS headers and uvicorn
            # would log the same error a second time.
            if response_started:
                # Too late for a 500: the client gets a cut-off body, and uvicorn a one-line
                # "returned without completing response" after our one logged trace.
                log_unexpected(exc)
                return
            status_holder["status"] = 500
            await unexpected_error(exc)(scope, capped_receive, send_wrapper)
        finally:
            if disconnected:
                # FastAPI turns a JSON body cut short into a 400 nobody receives: still an abort.
                status_holder["status"] = CLIENT_CLOSED_REQUEST
                log.info("client closed the request", extra={
                    "route": self.templates.resolve(path), "received_bytes": received})
            self._observe(scope, status_holder["status"], started)
            request_id_var.reset(token)

    def _observe(self, scope: Scope, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        template = self.templates.of(scope)
        method = scope.get("method", "")
        self.metrics.requests.labels(method, template, str(status)).inc()
        self.metrics.latency.labels(method, template).observe(elapsed)
        log.info("request", extra={
            "method": method, "route": template, "status": status,
            "duration_ms": round(elapsed * 1000, 2),
        })
