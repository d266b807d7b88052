"""The embedded database as a supervised child of a real ``serve`` process: killed, it is
reaped and restarted; Ctrl-C reaches the API, which stops it cleanly; its lines are its own."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from app.config import Settings
from app.security.tokens import mint_dev_token
from tests.faults.helpers import Served, wait_until

GUARD_SECONDS = 60  # against hanging only; bench/shutdown.py measures how fast it really is


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    app = Served(tmp_path)
    try:
        app.wait_ready()
        yield app
    finally:
        app.close()


def _hr_headers(workdir: Path) -> dict[str, str]:
    settings = Settings(_env_file=None, dev_keys_path=workdir / "keys")  # type: ignore[call-arg]
    token = mint_dev_token(settings, sub="hr-alice", roles=["hr"], unit="CNECT", country=None,
                           ttl_seconds=600)
    return {"Authorization": f"Bearer {token}"}


def _records(served: Served) -> list[dict[str, object]]:
    records = []
    for line in served.log_lines():
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):  # a line still being written
                records.append(json.loads(line))
    return records


def test_a_killed_database_is_reaped_restarted_and_requests_succeed_again(
    served: Served, tmp_path: Path
) -> None:
    hr = _hr_headers(tmp_path)
    assert httpx.get(f"{served.url}/api/v1/calls", headers=hr, timeout=30).status_code == 200
    [first] = served.database_children()
    first.send_signal(signal.SIGKILL)

    def replaced() -> bool:
        alive = served.database_children()
        return len(alive) == 1 and alive[0].pid != first.pid

    assert wait_until(replaced, GUARD_SECONDS), "the database was not restarted"
    assert not psutil.pid_exists(first.pid), "the killed database was left a zombie"
    assert wait_until(served.ready, GUARD_SECONDS)
    assert httpx.get(f"{served.url}/api/v1/calls", headers=hr, timeout=30).status_code == 200

    def events() -> list[object]:
        return [r["msg"] for r in _records(served) if r.get("logger") == "app.db"]

    # The supervisor logs after its own ping, which may come a moment after the API's.
    assert wait_until(lambda: "embedded database restarted" in events(), GUARD_SECONDS)
    assert "embedded database exited; restarting it" in events()


def test_the_database_runs_in_a_session_of_its_own(served: Served) -> None:
    # So that Ctrl-C at a terminal (SIGINT to the foreground group) reaches the API alone.
    [database] = served.database_children()
    assert os.getsid(database.pid) != os.getsid(served.process.pid)


def test_ctrl_c_stops_the_api_and_its_database_cleanly(served: Served) -> None:
    [database] = served.database_children()
    os.killpg(served.process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    assert served.process.wait(timeout=GUARD_SECONDS) == 0
    assert not psutil.pid_exists(database.pid), "the database outlived the API"
    messages = [(r.get("logger"), r["msg"]) for r in _records(served)]
    assert ("app.db", "embedded database stopped") in messages  # by the API, not killed
    assert ("app.db", "embedded database exited; restarting it") not in messages


def test_the_database_output_is_labelled_as_its_own(served: Served) -> None:
    own = [r for r in _records(served) if r.get("logger") == "secantusd"]
    assert any("listening" in str(r["msg"]) for r in own)
    assert all(str(r.get("logger", "")).startswith(("app", "uvicorn", "secantusd"))
               for r in _records(served))
