"""The API as a real child process (``python -m app serve``: uvicorn, uvloop, httptools) on
127.0.0.1, talking to the session's SecantusDB and clamd; its JSON logs go to a file."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveApi:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> list[dict[str, Any]]:
        """The JSON lines the server has logged so far."""
        entries = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entries.append(json.loads(line))
        return entries

    async def wait_for_log(self, match: Callable[[dict[str, Any]], bool],
                           within: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            found = [entry for entry in self.logs() if match(entry)]
            if found:
                return found[0]
            await asyncio.sleep(0.1)
        raise AssertionError("the server never logged the expected line")

    def kill(self) -> None:
        """kill -9: no shutdown handler, no cleanup."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def start_live_api(settings: Settings, workdir: Path) -> LiveApi:
    """Start the API with the same database, keys and scanner as ``settings``."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.update({
        "ATS_ENV": "test", "ATS_PORT": str(port), "ATS_HOST": "127.0.0.1",
        "ATS_MONGODB_URI": str(settings.mongodb_uri), "ATS_MONGODB_DB": settings.mongodb_db,
        "ATS_DEV_KEYS_PATH": str(settings.dev_keys_path), "ATS_SCHEDULER_ENABLED": "false",
        "ATS_DEMO_DATA": "false", "ATS_LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT),
        "ATS_CLAMD_HOST": str(settings.clamd_host), "ATS_CLAMD_PORT": str(settings.clamd_port),
    })
    log_path = workdir / f"api-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=workdir, env=env,
                                   stdout=subprocess.DEVNULL, stderr=log_file)
    live = LiveApi(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{live.url}/readyz", timeout=1).status_code == 200:
                return live
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            pytest.fail(f"the API exited during start-up:\n{log_path.read_text()[-2000:]}")
        time.sleep(0.2)
    process.kill()
    process.wait()
    pytest.fail("the API did not become ready in time")


@pytest.fixture
def live_api(settings: Settings, mongo: object, auth: Callable[..., dict[str, str]],
             tmp_path: Path) -> Iterator[LiveApi]:
    """A running API process; stopped (or found killed) after the test."""
    auth("hr", sub="hr-1")  # the signing key exists before the server loads it
    live = start_live_api(settings, tmp_path)
    try:
        yield live
    finally:
        if live.process.poll() is None:
            live.process.terminate()
            try:
                live.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                live.process.kill()
                live.process.wait()


def multipart_head(boundary: str, *, kind: str, filename: str) -> bytes:
    """The form up to the first byte of the file part's content."""
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()


def request_head(*, path: str, port: int, boundary: str, length: int,
                 headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}",
             f"Content-Type: multipart/form-data; boundary={boundary}",
             f"Content-Length: {length}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
