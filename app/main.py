"""The application factory and its lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, params
from fastapi.dependencies.models import Dependant
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from fastapi.telemetry._asgi import NativeTelemetry
from starlette.routing import BaseRoute

from app.clock import Clock, SystemClock
from app.config import Settings, get_settings
from app.db import Mongo, connect
from app.deps import AUTHENTICATED, COUNTED_BY_ADDRESS
from app.errors import install_error_handlers
from app.i18n import LanguageMiddleware
from app.jobs import registry
from app.jobs.runner import JobRunner, build_scheduler
from app.middleware import Metrics, RouteTemplates, ServiceMiddleware
from app.models.common import Problem, ProblemResponses
from app.openapi_errors import (
    document_call_example,
    document_errors,
    document_success_headers,
    own_statuses,
)
from app.openapi_examples import restore_model_examples
from app.routers import admin, audit, health, me, problems
from app.routers import applications as applications_router
from app.routers import calls as calls_router
from app.routers import cast as cast_router
from app.routers import clients as clients_router
from app.routers import documents as documents_router
from app.routers import matches as matches_router
from app.routers import oauth as oauth_router
from app.routers import panels as panels_router
from app.routers import privacy as privacy_router
from app.routers import public as public_router_module
from app.routers import reference as reference_router
from app.routers import webhooks as webhooks_router
from app.security.dependencies import BEARER_SCHEME, BEARER_SCHEME_NAME
from app.security.tokens import TokenVerifier
from app.services.documents.scanning import make_scanner
from app.services.integrations.rate_counts import RateCounts
from app.services.rendered_pages import RenderedPages
from app.services.subject_key_cache import SubjectKeyCache

log = logging.getLogger("app")

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    return route.name


# Each module's router is included on the app itself, under the prefix, with its access
# dependencies: FastAPI matches a path once per level of nesting and again when it dispatches,
# so a nested ``/api/v1`` router tripled the routing work of every request (0.25 ms of a 2 ms
# read). The busiest routers come first: routes are tried in order.
def api_routers() -> list[APIRouter]:
    """Every authenticated route's router; a router added here is authenticated by default."""
    return [applications_router.router, calls_router.router, documents_router.router,
            me.router, panels_router.router, admin.router, audit.router, privacy_router.router,
            clients_router.router, webhooks_router.router, cast_router.router,
            matches_router.router]


def public_routers() -> list[APIRouter]:
    """The only routes open to anonymous callers."""
    return [public_router_module.router, reference_router.router,
            oauth_router.router]  # clients authenticate per RFC 6749/7523


# The document depends on the code only, and generating it takes about half a second: build it
# once per process (every app from create_app has the same routes) and give each app a copy.
_document: dict[str, Any] | None = None


def _shared_document(app: FastAPI) -> dict[str, Any]:
    """The process's one generated document (read it, never change it)."""
    global _document
    if _document is None:
        _document = _generate_openapi(app)
    return _document


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document, with every error described as RFC 9457 problem+json."""
    if app.openapi_schema is None:
        app.openapi_schema = copy.deepcopy(_shared_document(app))
    return app.openapi_schema


# Likewise the routes: FastAPI analyses every endpoint's signature when a router is included
# (~0.2 s for this service), and the result depends on the code only. Build them once per
# process; a later app (the tests build one per test) reuses the same route objects.
_routes: list[BaseRoute] | None = None


def _telemetry() -> TelemetryConfig | None:
    """FastAPI's own OpenTelemetry when a provider is configured before the app is made (e.g.
    by ``opentelemetry-instrument``); otherwise off, instead of FastAPI asking the OpenTelemetry
    API on every request whether a provider has appeared since (2 % of a read's CPU)."""
    everything: TelemetryConfig = {"tracer_provider": None, "meter_provider": None,
                                   "logger_provider": None, "tracing": True, "metrics": True,
                                   "logs": True}
    if NativeTelemetry(everything).enabled():
        return None
    return {"tracing": False, "metrics": False, "logs": False}


def _include_routes(app: FastAPI) -> None:
    global _routes
    if _routes is not None:
        app.router.routes.extend(_routes)
        return
    before = len(app.router.routes)
    for router in (health.router, problems.router):
        _include_flat(app, router)
    for router in public_routers():
        _include_flat(app, router, prefix=API_PREFIX, dependencies=[COUNTED_BY_ADDRESS])
    for router in api_routers():
        _include_flat(app, router, prefix=API_PREFIX, dependencies=[AUTHENTICATED],
                      security=[{BEARER_SCHEME_NAME: []}])
    _routes = app.router.routes[before:]


def _include_flat(app: FastAPI, router: APIRouter, *, prefix: str = "",
                  dependencies: Sequence[params.Depends] = (),
                  security: list[dict[str, list[str]]] | None = None) -> None:
    """The router's routes as the app's own, with ``prefix`` and ``dependencies`` first.

    ``include_router`` keeps a router as one branch that is matched, then matched again inside,
    on every request (FastAPI >= 0.16x): about 7 % of a one-document read's way through the
    framework (py-spy). The routes are the same either way (the OpenAPI document does not
    change: tests/test_openapi.py).

    A dependency in ``dependencies`` that the route solves first anyway (an endpoint whose first
    dependency is the request's context) is not added twice: each mention is one more node that
    FastAPI solves on every request, cached or not (~70 µs of a read's CPU). ``security`` is the
    routes' OpenAPI security requirement (a dependency in ``dependencies`` reads the token)."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"{route!r}: only API routes are included flat")
        # Already solved first by the route itself (an endpoint whose first parameter that is a
        # dependency is the request's context): not added again. Anything else, it goes first.
        first = _solved_first(route.dependant)
        added = [d for d in dependencies if d.dependency is not first]
        extra = route.openapi_extra
        if security is not None:
            extra = {**(extra or {}), "security": security}
        app.router.add_api_route(
            prefix + route.path, route.endpoint, response_model=route.response_model,
            status_code=route.status_code, tags=route.tags,
            dependencies=[*added, *route.dependencies], summary=route.summary,
            description=route.description, response_description=route.response_description,
            responses=route.responses, deprecated=route.deprecated, methods=route.methods,
            operation_id=route.operation_id,
            response_model_include=route.response_model_include,
            response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none,
            include_in_schema=route.include_in_schema, response_class=route.response_class,
            name=route.name, callbacks=route.callbacks, openapi_extra=extra,
            generate_unique_id_function=route.generate_unique_id_function,
            strict_content_type=route.strict_content_type, max_body_size=route.max_body_size)


def _solved_first(dependant: Dependant) -> Any:
    """The callable FastAPI calls first for a route (depth first: a dependency's own come
    before it), or None if it has no dependency."""
    if not dependant.dependencies:
        return None
    first = dependant.dependencies[0]
    deeper = _solved_first(first)
    return first.call if deeper is None else deeper


def _generate_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                         routes=app.routes)
    restore_model_examples(schema, app.routes)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schema["components"]["securitySchemes"] = {BEARER_SCHEME_NAME: BEARER_SCHEME}
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schemas["Problem"].pop("$defs", {}))
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    document_errors(schema, api_prefix=API_PREFIX,
                    own=own_statuses(app.routes, ProblemResponses))
    document_success_headers(schema)
    document_call_example(schema)
    return schema


def _templates(app: FastAPI) -> list[str]:
    paths = list(_shared_document(app).get("paths", {}))
    return [*paths, "/docs", "/openapi.json"]


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    mongo: Mongo | None = None,
) -> FastAPI:
    """Build the service. Tests pass their own settings, clock and database."""
    settings = settings or get_settings()
    owns_mongo = mongo is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.mongo = mongo if mongo is not None else await connect(settings)
        scheduler = None
        try:
            if settings.demo_data:
                from app.services.demo import seed_demo_data

                await seed_demo_data(app.state.mongo.db, clock=app.state.clock, settings=settings)
            if settings.scheduler_enabled:
                runner = JobRunner(db=app.state.mongo.db, clock=app.state.clock, settings=settings,
                                   subject_keys=app.state.subject_keys,
                                   metrics=app.state.metrics)
                scheduler = build_scheduler(runner, registry.JOBS)
                scheduler.start()
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            # Rate counts on their way to the database land before it closes (briefly: Ctrl-C).
            with contextlib.suppress(Exception, TimeoutError):
                await asyncio.wait_for(app.state.rate_counts.settled(), timeout=0.5)
            if owns_mongo:
                await app.state.mongo.close()

    dev = not settings.is_production
    app = FastAPI(
        title="eu-ats",
        version="1.0.0",
        summary="Recruitment calls of EU institutions: SNE, Contract Agent and Temporary Agent.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        telemetry=_telemetry(),
        docs_url="/docs" if dev else None,
        redoc_url=None,
        openapi_url="/openapi.json" if dev else None,
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.verifier = TokenVerifier.from_settings(settings)
    app.state.scanner = make_scanner(settings)
    app.state.metrics = Metrics()
    app.state.subject_keys = SubjectKeyCache(ttl=settings.subject_key_cache_seconds)
    app.state.rate_counts = RateCounts()
    app.state.public_pages = RenderedPages()

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    install_error_handlers(app)
    _include_routes(app)

    # Innermost: the handlers and error renderers below it see the request's language.
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(
        ServiceMiddleware, metrics=app.state.metrics,
        max_body=settings.max_body_bytes, max_upload=settings.max_upload_bytes,
        templates=RouteTemplates(lambda: _templates(app)),
    )
    # Added last, so outermost: the 413/415/400 that ServiceMiddleware answers itself, and its
    # 500s, carry CORS headers too (else the SPA sees an opaque network error, not the problem).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key",
                       "X-Request-ID"],
        expose_headers=["ETag", "Location", "X-Request-ID", "Idempotent-Replayed"],
        max_age=600,
    )
    return app
