"""Integration tests: uploads scanned by the real clamd; webhook receivers on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.config import Settings
from tests.clamd import clamd  # noqa: F401 - the session fixture, used below


@pytest.fixture
def settings(base_settings: Settings, clamd: tuple[str, int]) -> Settings:  # noqa: F811
    host, port = clamd
    return base_settings.model_copy(update={"clamd_host": host, "clamd_port": port,
                                            "webhook_allow_loopback": True})


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it receives; ``failures`` requests
    are answered 500 before it starts answering 204."""

    url: str = ""
    failures: int = 0
    received: list[Received] = field(default_factory=list)

    def answer(self) -> int:
        failed = sum(1 for r in self.received if r.answered >= 500)
        return 500 if failed < self.failures else 204


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                status = state.answer()
                state.received.append(Received(dict(self.headers.items()), body, status))
            self.send_response(status)
            self.send_header("content-length", "2" if status >= 500 else "0")
            self.end_headers()
            if status >= 500:
                self.wfile.write(b"no")

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/eu-ats"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
