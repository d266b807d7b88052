"""pytest plugin: a REAL clamd for the session, with a signature database that knows only EICAR.

Fixtures: ``clamd`` → (host, port); ``clamd_socket`` → the same clamd's unix socket;
``clamd_settings`` → the test settings pointing at it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from tests.files import EICAR_MD5

READY_WITHIN = 60.0


def find_clamd() -> Path | None:
    """``ATS_TEST_CLAMD``, else ``clamd`` on PATH, else Debian's /usr/sbin (not on a user's
    PATH)."""
    chosen = os.environ.get("ATS_TEST_CLAMD")
    if chosen:
        return Path(chosen)
    found = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")
    return Path(found) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _pong(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0) as sock:
            sock.sendall(b"zPING\0")
            return sock.recv(16).rstrip(b"\0\n") == b"PONG"
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Start clamd in a temporary directory; yield (host, port); stop it at the end."""
    clamd_path = find_clamd()
    if clamd_path is None or not os.access(clamd_path, os.X_OK):
        pytest.fail(f"clamd not found ({clamd_path or 'not on PATH'}): run `make system-deps` "
                    "or set ATS_TEST_CLAMD (ClamAV's clamd is required by the upload tests)",
                    pytrace=False)
    root = tmp_path_factory.mktemp("clamd")
    database = root / "db"
    database.mkdir()
    # A hash signature (MD5:size:name) of the EICAR test file: enough for clamd to start and
    # to detect EICAR, without downloading the real databases (no freshclam).
    (database / "test.hdb").write_text(f"{EICAR_MD5}:68:Eicar-Test-Signature\n")
    host, port = "127.0.0.1", _free_port()
    config = root / "clamd.conf"
    config.write_text("\n".join([
        "Foreground yes",
        f"TCPSocket {port}",
        f"TCPAddr {host}",
        f"LocalSocket {root / 'clamd.sock'}",
        f"DatabaseDirectory {database}",
        f"LogFile {root / 'clamd.log'}",
        f"PidFile {root / 'clamd.pid'}",
        f"TemporaryDirectory {root}",
        "StreamMaxLength 25M",
        "MaxFileSize 25M",
        "MaxScanSize 100M",
        "SelfCheck 0",
        "",
    ]))
    output = (root / "clamd.out").open("wb")
    process = subprocess.Popen(
        [str(clamd_path), "--config-file", str(config)], stdout=output, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
    )
    output.close()
    try:
        deadline = time.monotonic() + READY_WITHIN
        while not _pong(host, port):
            if process.poll() is not None:
                pytest.fail(f"clamd exited with {process.returncode}:\n"
                            + (root / "clamd.out").read_text()[-2000:], pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"clamd did not answer PING within {READY_WITHIN:.0f} s",
                            pytrace=False)
            time.sleep(0.2)
        yield host, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def clamd_settings(settings: Settings, clamd: tuple[str, int]) -> Settings:
    """The test settings with uploads scanned by the session's clamd."""
    host, port = clamd
    return settings.model_copy(update={"clamd_host": host, "clamd_port": port})


@pytest.fixture(scope="session")
def clamd_socket(clamd: tuple[str, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unix socket the session's clamd also listens on."""
    sockets = list(tmp_path_factory.getbasetemp().glob("clamd*/clamd.sock"))
    assert sockets, "clamd was started without its LocalSocket"
    return sockets[0]
