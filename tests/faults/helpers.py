"""Real processes for the fault tests: ``python -m app serve`` on its own embedded database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_env(workdir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.update({
        "ATS_ENV": "development", "ATS_PORT": str(port),
        "ATS_EMBEDDED_DB_PATH": str(workdir / "db"), "ATS_DEV_KEYS_PATH": str(workdir / "keys"),
        "ATS_SCHEDULER_ENABLED": "false", "ATS_DEMO_DATA": "false", "PYTHONPATH": str(ROOT),
    })
    return env


class Served:
    """A ``serve`` process started as a terminal starts a foreground job (its own group)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "serve.log"
        self._log = self.log_path.open("wb")
        # `serve` refuses pending migrations: apply them first, as `make run` does.
        subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=workdir,
                       env=serve_env(workdir, self.port), stdout=self._log,
                       stderr=subprocess.STDOUT, check=True, timeout=120)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve"], cwd=workdir, env=serve_env(workdir, self.port),
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_ready(self, within: float = 60) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.ready():
                return
            assert self.process.poll() is None, "the app exited during start-up"
            time.sleep(0.1)
        pytest.fail(f"the app did not become ready within {within} s")

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def database_children(self) -> list[psutil.Process]:
        """The live secantusd children (a zombie is not alive: it is reported apart)."""
        children = psutil.Process(self.process.pid).children(recursive=True)
        return [c for c in children
                if _status(c) not in (None, psutil.STATUS_ZOMBIE) and "secantusd" in _cmd(c)]

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()

    def close(self) -> None:
        """Kill whatever is left (a test that failed half-way must not leave processes)."""
        with_children = []
        with contextlib.suppress(psutil.NoSuchProcess):
            with_children = psutil.Process(self.process.pid).children(recursive=True)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for child in with_children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        self._log.close()


def _status(process: psutil.Process) -> str | None:
    try:
        return str(process.status())
    except psutil.NoSuchProcess:
        return None


def _cmd(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return ""


def wait_until(condition: Callable[[], bool], within: float, step: float = 0.1) -> bool:
    """Poll ``condition()`` until it is true; a guard against hanging, not a measured target."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
