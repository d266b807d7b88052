"""The one MongoDB client, and the embedded SecantusDB server started when no URI is configured."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from pymongo import AsyncMongoClient, WriteConcern
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from app.config import Settings

log = logging.getLogger("app.db")

Document: TypeAlias = dict[str, Any]
Db: TypeAlias = AsyncDatabase[Document]
Collection: TypeAlias = AsyncCollection[Document]

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM the database server when the process that started it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _daemon_path() -> str:
    beside = Path(sys.executable).parent / "secantusd-py"
    found = str(beside) if beside.exists() else shutil.which("secantusd-py")
    if not found:
        raise RuntimeError(
            "ATS_MONGODB_URI is unset and secantusd-py is not installed; "
            "install the 'embedded' extra (pip install -e '.[embedded]') or set ATS_MONGODB_URI"
        )
    return found


@dataclass
class EmbeddedServer:
    """A SecantusDB child process (development and tests only; GPL-2.0, a separate program)."""

    storage_path: Path
    port: int
    cache_size: str = "256M"
    test_commands: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        # retryWrites=false: SecantusDB 0.7.0b3 prunes every retry record on each write (O(n)).
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true&retryWrites=false"

    def start(self) -> None:
        """Start the server; must run on the main thread (the death signal follows that thread)."""
        self.storage_path.mkdir(parents=True, exist_ok=True)
        args = [
            _daemon_path(),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--storage-path", str(self.storage_path),
            "--cache-size", self.cache_size,
            "--log-level", "WARNING",
        ]
        if self.test_commands:
            args.append("--enable-test-commands")
        log_file = (self.storage_path.parent / f"{self.storage_path.name}.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            args, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        log_file.close()

    async def wait_ready(self, within: float = 60.0) -> None:
        """Wait until the server answers ``ping``."""
        client: AsyncMongoClient[Document] = AsyncMongoClient(
            self.uri, serverSelectionTimeoutMS=500, connectTimeoutMS=500
        )
        try:
            deadline = asyncio.get_running_loop().time() + within
            while True:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(
                        f"secantusd-py exited with {self.process.returncode}; "
                        f"see {self.storage_path}.log"
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

    def stop(self) -> None:
        """Stop the server and wait for it to flush."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Mongo:
    """The client, the database, and the embedded server when there is one."""

    client: AsyncMongoClient[Document]
    db: Db
    embedded: EmbeddedServer | None = None

    async def close(self) -> None:
        await self.client.close()
        if self.embedded is not None:
            self.embedded.stop()


def make_client(uri: str, *, app_name: str = "eu-ats") -> AsyncMongoClient[Document]:
    """A client with the service's defaults (majority writes, UTC-aware datetimes)."""
    return AsyncMongoClient(
        uri, w="majority", appname=app_name, tz_aware=True, serverSelectionTimeoutMS=10_000
    )


async def connect(settings: Settings) -> Mongo:
    """Connect to the configured MongoDB, starting the embedded server when no URI is set."""
    embedded = None
    uri = settings.mongodb_uri
    if uri is None:
        if settings.is_production:
            raise RuntimeError("the embedded database is not for production")
        embedded = EmbeddedServer(
            storage_path=settings.embedded_db_path.resolve(),
            port=settings.embedded_db_port or _free_port(),
            cache_size=settings.embedded_db_cache_size,
            test_commands=settings.embedded_db_test_commands,
        )
        embedded.start()
        try:
            await embedded.wait_ready()
        except BaseException:
            embedded.stop()
            raise
        uri = embedded.uri
        log.info("embedded database started", extra={"port": embedded.port, "pid": os.getpid()})
    client = make_client(uri)
    db = client.get_database(settings.mongodb_db, write_concern=WriteConcern(w="majority"))
    return Mongo(client=client, db=db, embedded=embedded)
