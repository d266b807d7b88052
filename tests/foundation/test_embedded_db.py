"""The embedded database: started with the app, stopped with it, data kept across restarts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.update({
        "ATS_ENV": "development", "ATS_PORT": str(port),
        "ATS_EMBEDDED_DB_PATH": str(tmp_path / "db"), "ATS_DEV_KEYS_PATH": str(tmp_path / "keys"),
        "ATS_SCHEDULER_ENABLED": "false", "ATS_DEMO_DATA": "false", "PYTHONPATH": str(ROOT),
    })
    return env


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    # `serve` refuses a database with pending migrations.
    subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=tmp_path,
                   env=_env(tmp_path, port), capture_output=True, timeout=120, check=True)
    process = subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=tmp_path,
                               env=_env(tmp_path, port), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process, port
        except httpx.HTTPError:
            pass
        assert process.poll() is None, "the app exited during start-up"
        time.sleep(0.2)
    process.kill()
    pytest.fail("the app did not become ready within 60 s")


def _database_children(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    children = psutil.Process(process.pid).children(recursive=True)
    return [c for c in children if "secantusd" in " ".join(c.cmdline())]


def _gone(processes: list[psutil.Process], within: float = 20) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_stopping_or_killing_the_app_leaves_no_database_behind(
    tmp_path: Path, how: signal.Signals
) -> None:
    process, _ = _start(tmp_path)
    servers = _database_children(process)
    assert len(servers) == 1
    process.send_signal(how)
    process.wait(timeout=30)
    assert _gone(servers), "secantusd-py outlived the app"


def test_migrations_are_applied_once_and_data_survives_a_restart(tmp_path: Path) -> None:
    def migrate() -> str:
        done = subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=tmp_path,
                              env=_env(tmp_path, _free_port()), capture_output=True, text=True,
                              timeout=120, check=True)
        return done.stdout

    first = migrate()
    assert "2026-11-22-0001_foundation" in first
    assert migrate().startswith("applied 0 migration(s)")  # recorded in ./var/db, kept on disk
