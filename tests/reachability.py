"""Which (operation, status) pairs the suite reached, against what the document promises.

``record(app)`` wraps a test app in a recorder that notes, for every answer, the operation it
was for (method and the path template of the route the path matches, whether or not the request
got past the middleware) and its status. At the end of a run that collected the whole ``tests``
tree, unfiltered and green, every error status the OpenAPI document lists must have been seen:
a status nobody can reach is one the document should not promise (see README, "Error
statuses").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Pair = tuple[str, str, int]  # (method, path template, status)

OBSERVED: set[Pair] = set()
# What the schema fuzzing met: reported, not counted, because it is random (a pair it reaches
# on one run it may miss on the next); the check counts only the deterministic tests.
FUZZED: set[Pair] = set()
_fuzzing = False
# Documented statuses that are real but that no test can provoke deterministically (a race
# between two requests), each with why. Kept short: an entry that is reached, or no longer
# documented, fails the check too, so the list cannot rot.
KNOWN_UNREACHED: dict[Pair, str] = {
    ("post", "/api/v1/admin/clients/{client_id}/revoke", 409):
        "another request changed the client between its read and its write",
    ("post", "/api/v1/calls/{call_id}/ranking/decisions", 412):
        "an application changed while the stage's decisions were prepared or written",
}
_TESTS = Path(__file__).resolve().parent


class StatusRecorder:
    """Outermost ASGI middleware: adds (method, template, status) of each answer to OBSERVED."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                template = _template(scope)
                if template is not None:
                    pair = (scope["method"].lower(), template, int(message["status"]))
                    (FUZZED if _fuzzing else OBSERVED).add(pair)
            await send(message)

        await self.app(scope, receive, noting)


def _template(scope: Scope) -> str | None:
    # Matched as the router matches (the first route whose path and method fit), so the
    # 413/415 the middleware answers before routing count for the operation they were aimed at.
    application = scope.get("app")
    if not isinstance(application, FastAPI):
        return None
    routes = getattr(application.state, "reach_routes", None)
    if routes is None:
        routes = [(compile_path(context.path_format)[0], context.path_format,
                   {method.lower() for method in context.methods})
                  for context in iter_route_contexts(application.routes)
                  if context.path_format is not None and context.methods]
        application.state.reach_routes = routes
    method = scope["method"].lower()
    for pattern, template, methods in routes:
        if method in methods and pattern.match(scope["path"]):
            return str(template)
    return None


@contextmanager
def fuzzing() -> Iterator[None]:
    """Answers given meanwhile go to FUZZED, not OBSERVED."""
    global _fuzzing
    _fuzzing = True
    try:
        yield
    finally:
        _fuzzing = False


def record(app: FastAPI) -> FastAPI:
    """Make ``app`` (not started yet) report what it answers."""
    app.add_middleware(StatusRecorder)
    return app


def documented(document: dict[str, Any]) -> set[Pair]:
    """Every (method, path, status ≥ 400) the document lists."""
    return {(method, path, int(status))
            for path, methods in document.get("paths", {}).items()
            for method, operation in methods.items()
            for status in operation.get("responses", {})
            if status.isdigit() and int(status) >= 400}


def _sorted(pairs: Iterable[Pair]) -> list[Pair]:
    return sorted(pairs, key=lambda pair: (pair[1], pair[0], pair[2]))


def unreached(document: dict[str, Any], observed: Iterable[Pair],
              known: Iterable[Pair] = ()) -> list[Pair]:
    """The documented error statuses no request reached (but the ``known`` ones), sorted by
    path, method, status."""
    return _sorted(documented(document) - set(observed) - set(known))


def stale(document: dict[str, Any], observed: Iterable[Pair], known: Iterable[Pair]
          ) -> list[Pair]:
    """Known-unreached entries that were reached after all, or are no longer documented."""
    return _sorted(set(known) & (set(observed) | (set(known) - documented(document))))


def _lines(pairs: list[Pair]) -> list[str]:
    return [f"  {method.upper():<6} {path}  {status}" for method, path, status in pairs]


def describe(pairs: list[Pair]) -> str:
    return "\n".join([f"{len(pairs)} documented error statuses were never reached: reach "
                      "each with a test, or stop documenting it (app/openapi_errors.py, the "
                      "route's responses=, NOT_ANSWERED):", *_lines(pairs)])


def describe_stale(pairs: list[Pair]) -> str:
    return "\n".join([f"{len(pairs)} entries of KNOWN_UNREACHED (tests/reachability.py) were "
                      "reached or are no longer documented: remove them:", *_lines(pairs)])


# --- the session-end check ------------------------------------------------------------------

_deselected = 0


def pytest_deselected(items: list[pytest.Item]) -> None:
    global _deselected
    _deselected += len(items)


def _whole_tree(session: pytest.Session) -> bool:
    config = session.config
    if config.option.keyword or config.option.markexpr or _deselected:
        return False
    # Listing or planning the tests runs none of them: nothing to check.
    if config.option.collectonly or config.option.setuponly or config.option.setupplan:
        return False
    return all(Path(arg).resolve() == _TESTS for arg in config.args)


def _document() -> dict[str, Any]:
    from app.config import Settings
    from app.main import create_app

    settings = Settings(_env_file=None, env="test")  # type: ignore[call-arg]
    document: dict[str, Any] = create_app(settings).openapi()
    return document


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail a green full run that left a documented error status unreached."""
    if exitstatus != pytest.ExitCode.OK or not _whole_tree(session):
        return
    document = _document()
    missing = unreached(document, OBSERVED, KNOWN_UNREACHED)
    rotten = stale(document, OBSERVED, KNOWN_UNREACHED)
    reporter = session.config.pluginmanager.getplugin("terminalreporter")
    total = len(documented(document))
    if reporter is not None:
        reached = len(documented(document) & OBSERVED)
        fuzzed = len(documented(document) & FUZZED)
        reporter.write_sep("-", f"reachability: {reached} of {total} documented error statuses "
                                f"reached, {len(KNOWN_UNREACHED)} known races (schemathesis met "
                                f"{fuzzed}, not counted)")
        if missing:
            reporter.write_line(describe(missing))
        if rotten:
            reporter.write_line(describe_stale(rotten))
    if missing or rotten:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
