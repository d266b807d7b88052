"""The embedded SecantusDB server: a supervised child process (development and tests only).

It runs in a session of its own, so a Ctrl-C at the terminal reaches the API alone and the API
stops it (after closing its client); it dies with the API if the API is killed (PDEATHSIG); a
supervisor task reaps it when it exits, restarts it on the same port and storage with back-off,
and its output is relayed into the API's log stream under the logger ``secantusd``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pymongo import AsyncMongoClient

log = logging.getLogger("app.db")
daemon_log = logging.getLogger("secantusd")  # its own name: never mistaken for the API's lines

_PR_SET_PDEATHSIG = 1
STOP_SECONDS = 10.0
NUDGE_AFTER_SECONDS = 0.1
RESEND_SECONDS = 3.0
POLL_SECONDS = 0.2
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0
STABLE_SECONDS = 30.0  # up this long after a restart: the next crash starts the back-off again
_LEVELS = {name: getattr(logging, name) for name in ("DEBUG", "INFO", "WARNING", "ERROR")}


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGKILL the database server when the process that started it dies.

    Not SIGTERM: when the API is killed, its connections to the daemon close at the same moment,
    and SecantusDB 0.7.0b3 can lose a SIGTERM that races a connection (seen: a daemon that
    outlived a killed API). SIGKILL loses nothing acknowledged (journalled writes,
    ``--sync-on-commit``); a clean stop still goes through ``stop()``/``aclose()``."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def daemon_path() -> str:
    beside = Path(sys.executable).parent / "secantusd-py"
    found = str(beside) if beside.exists() else shutil.which("secantusd-py")
    if not found:
        raise RuntimeError(
            "ATS_MONGODB_URI is unset and secantusd-py is not installed; "
            "install the 'embedded' extra (pip install -e '.[embedded]') or set ATS_MONGODB_URI"
        )
    return found


def _relay(stream: IO[bytes], pid: int) -> None:
    """Re-log each line the daemon writes ("<date> <time> LEVEL name: message")."""
    with stream:
        for raw in stream:
            line = raw.decode(errors="replace").rstrip()
            if not line:
                continue
            words = line.split(" ", 3)
            level = _LEVELS.get(words[2], logging.WARNING) if len(words) == 4 else logging.WARNING
            message = words[3] if len(words) == 4 and words[2] in _LEVELS else line
            daemon_log.log(level, message, extra={"db_pid": pid})


@dataclass
class EmbeddedServer:
    """A SecantusDB child process (development and tests only; GPL-2.0, a separate program)."""

    storage_path: Path
    port: int
    cache_size: str = "256M"
    test_commands: bool = False
    # Fsync the journal on every commit: without it a kill -9 loses acknowledged writes, and
    # every write of a multi-document transaction (which ignores j: true on SecantusDB).
    sync_on_commit: bool = True
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    restarts: int = 0
    _stopping: bool = field(default=False, repr=False)
    _resent: bool = field(default=False, repr=False)

    @property
    def uri(self) -> str:
        # retryWrites=false: SecantusDB 0.7.0b3 prunes every retry record on each write (O(n)).
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true&retryWrites=false"

    def start(self) -> None:
        """Start the server; must run on the main thread (the death signal follows that thread)."""
        self.storage_path.mkdir(parents=True, exist_ok=True)
        args = [
            daemon_path(),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--storage-path", str(self.storage_path),
            "--cache-size", self.cache_size,
            "--log-level", "INFO",  # one line at start; warnings and errors after that
        ]
        if self.test_commands:
            args.append("--enable-test-commands")
        if self.sync_on_commit:
            args.append("--sync-on-commit")
        self._stopping = False
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent, start_new_session=True,
        )
        assert self.process.stdout is not None
        threading.Thread(target=_relay, args=(self.process.stdout, self.process.pid),
                         name="secantusd-log", daemon=True).start()

    async def wait_ready(self, within: float = 60.0) -> None:
        """Wait until the server answers ``ping``."""
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            self.uri, serverSelectionTimeoutMS=500, connectTimeoutMS=500
        )
        try:
            deadline = asyncio.get_running_loop().time() + within
            while True:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(
                        f"secantusd-py exited with {self.process.returncode}; "
                        "see the 'secantusd' log lines"
                    )
                try:
                    await client.admin.command("ping")
                    return
                except Exception:
                    if asyncio.get_running_loop().time() > deadline:
                        raise
                    await asyncio.sleep(0.1)
        finally:
            await client.close()

    def _ask_to_stop(self) -> bool:
        """SIGTERM (it checkpoints and closes its storage); False when it is not running."""
        self._stopping = True
        self._resent = False
        if self.process is None or self.process.poll() is not None:
            return False
        self.process.send_signal(signal.SIGTERM)
        return True

    def _nudge(self) -> None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port),
                                                                    timeout=0.05):
            pass

    async def _anudge(self) -> None:
        with contextlib.suppress(OSError):
            _, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.port), timeout=0.05)
            writer.close()

    def _next_step(self, since: float) -> str:
        """What to do while waiting for the server to exit after SIGTERM.

        The daemon's accept thread sleeps in accept(), which closing the listening socket does
        not wake on Linux, so its stop waits 2 s for that thread: one connection wakes it. Not
        at once, though: a connection arriving before the main thread has taken the signal can
        leave the signal unhandled (seen: a daemon that never exits), hence the short delay, and
        a second SIGTERM if it still runs after 3 s (were the first one taken, the daemon's
        handler would run its stop again from the top, which also ends in closing the storage);
        SIGKILL after 10 s, which loses nothing acknowledged (see ``sync_on_commit``)."""
        waited = time.monotonic() - since
        if waited >= STOP_SECONDS:
            return "kill"
        if not self._resent and waited >= RESEND_SECONDS:
            self._resent = True
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
        return "nudge" if waited >= NUDGE_AFTER_SECONDS else "wait"

    def stop(self) -> None:
        """Stop the server and wait for it to flush (blocking: for tests and synchronous code)."""
        if not self._ask_to_stop():
            return
        assert self.process is not None
        since = time.monotonic()
        while self.process.poll() is None:
            step = self._next_step(since)
            if step == "kill":
                break
            if step == "nudge":
                self._nudge()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.02)  # returns as soon as the daemon is gone
        self._kill_if_alive()

    async def aclose(self) -> None:
        """Stop the server and wait for it to flush, without blocking the event loop."""
        if not self._ask_to_stop():
            return
        assert self.process is not None
        since = time.monotonic()
        while self.process.poll() is None:
            step = self._next_step(since)
            if step == "kill":
                break
            if step == "nudge":
                await self._anudge()
            await asyncio.sleep(0.02)
        self._kill_if_alive()

    def _kill_if_alive(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            log.warning("embedded database did not stop in time; killed",
                        extra={"db_pid": self.process.pid})
            self.process.kill()
            self.process.wait()
        else:
            log.info("embedded database stopped",
                     extra={"db_pid": self.process.pid, "returncode": self.process.returncode})

    async def supervise(self) -> None:
        """Reap the server when it exits and restart it (same port, same storage), backing off
        while it keeps failing. Runs until cancelled or until ``stop``/``aclose``."""
        backoff = FIRST_BACKOFF_SECONDS
        up_since = time.monotonic()
        while not self._stopping:
            await asyncio.sleep(POLL_SECONDS)
            if self._stopping or self.process is None:
                return
            returncode = self.process.poll()  # reaps it: no zombie is left behind
            if returncode is None:
                continue
            if time.monotonic() - up_since >= STABLE_SECONDS:
                backoff = FIRST_BACKOFF_SECONDS
            log.warning("embedded database exited; restarting it", extra={
                "db_pid": self.process.pid, "returncode": returncode,
                "restart_in_seconds": backoff})
            await asyncio.sleep(backoff)
            if self._stopping:
                return
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            up_since = time.monotonic()
            try:
                self.start()
                await self.wait_ready(within=30)
            except Exception as exc:
                log.error("embedded database failed to restart",
                          extra={"error": type(exc).__name__})
                continue
            self.restarts += 1
            log.info("embedded database restarted",
                     extra={"db_pid": self.process.pid, "port": self.port,
                            "restarts": self.restarts})
