"""Malware scanning through clamd's INSTREAM command, fed chunk by chunk during the upload."""

from __future__ import annotations

import asyncio
import logging
import struct
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.config import Settings

log = logging.getLogger("app.documents.scanning")

_REPLY_MAX = 4096


class ScannerUnavailable(Exception):
    """clamd could not give a verdict (down, slow, or refused the stream): fail closed."""


@dataclass(frozen=True)
class ScanVerdict:
    clean: bool
    signature: str | None = None
    scanned: bool = True


class ScanSession(Protocol):
    async def feed(self, chunk: bytes) -> None: ...

    async def finish(self) -> ScanVerdict: ...


class Scanner(Protocol):
    """What the upload loop needs from a scanner."""

    engine: str | None

    def session(self) -> AbstractAsyncContextManager[ScanSession]: ...

    async def ping(self) -> bool: ...


def parse_reply(reply: bytes) -> ScanVerdict:
    """clamd's answer to INSTREAM: ``stream: OK``, ``stream: <name> FOUND`` or an error."""
    text = reply.rstrip(b"\0\n").decode("utf-8", "replace").strip()
    _, _, verdict = text.partition(": ")
    if verdict == "OK":
        return ScanVerdict(clean=True)
    if verdict.endswith(" FOUND"):
        return ScanVerdict(clean=False, signature=verdict.removesuffix(" FOUND").strip())
    # "INSTREAM size limit exceeded. ERROR" and every other error: no verdict, so no upload.
    raise ScannerUnavailable(f"clamd gave no verdict: {text[:200]!r}")


class _ClamdSession:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 timeout: float) -> None:
        self._reader = reader
        self._writer = writer
        self._timeout = timeout

    async def _send(self, data: bytes) -> None:
        try:
            self._writer.write(data)
            await asyncio.wait_for(self._writer.drain(), self._timeout)
        except (OSError, TimeoutError) as exc:
            # clamd hangs up when a stream passes StreamMaxLength; its reply says why.
            reason = await self._early_reply()
            raise ScannerUnavailable(f"clamd stopped reading the stream: {reason}") from exc

    async def _early_reply(self) -> str:
        try:
            data = await asyncio.wait_for(self._reader.read(_REPLY_MAX), 1.0)
        except (OSError, TimeoutError):
            return "no reply"
        return data.rstrip(b"\0").decode("utf-8", "replace") or "no reply"

    async def feed(self, chunk: bytes) -> None:
        """Send one chunk (any size up to clamd's StreamMaxLength in total)."""
        if chunk:
            await self._send(struct.pack(">I", len(chunk)) + chunk)

    async def finish(self) -> ScanVerdict:
        """End the stream and read the verdict."""
        await self._send(struct.pack(">I", 0))
        try:
            reply = await asyncio.wait_for(self._reader.readuntil(b"\0"), self._timeout)
        except asyncio.IncompleteReadError as exc:
            reply = exc.partial
        except (OSError, TimeoutError, asyncio.LimitOverrunError) as exc:
            raise ScannerUnavailable(f"clamd did not answer: {exc!r}") from exc
        if not reply:
            raise ScannerUnavailable("clamd closed the connection without a verdict")
        return parse_reply(reply)


class ClamdScanner:
    """A clamd reached over TCP (host, port) or a unix socket."""

    engine: str | None = "clamd"

    def __init__(self, *, host: str | None = None, port: int = 3310,
                 socket_path: Path | None = None, timeout: float = 30.0) -> None:
        if host is None and socket_path is None:
            raise ValueError("clamd needs a host or a unix socket")
        self.host = host
        self.port = port
        self.socket_path = socket_path
        self.timeout = timeout

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            if self.socket_path is not None:
                opening = asyncio.open_unix_connection(str(self.socket_path))
            else:
                assert self.host is not None
                opening = asyncio.open_connection(self.host, self.port)
            return await asyncio.wait_for(opening, self.timeout)
        except (OSError, TimeoutError) as exc:
            raise ScannerUnavailable(f"cannot reach clamd: {exc!r}") from exc

    @asynccontextmanager
    async def session(self) -> AsyncIterator[ScanSession]:
        """One INSTREAM conversation: feed chunks, then ``finish()`` for the verdict."""
        reader, writer = await self._connect()
        try:
            scan = _ClamdSession(reader, writer, self.timeout)
            await scan._send(b"zINSTREAM\0")
            yield scan
        finally:
            writer.close()
            with suppress(OSError, TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

    async def ping(self) -> bool:
        """True when clamd answers PING (for the readiness probe)."""
        try:
            reader, writer = await self._connect()
        except ScannerUnavailable:
            return False
        try:
            writer.write(b"zPING\0")
            await asyncio.wait_for(writer.drain(), self.timeout)
            reply = await asyncio.wait_for(reader.read(64), self.timeout)
            return reply.rstrip(b"\0\n") == b"PONG"
        except (OSError, TimeoutError):
            return False
        finally:
            writer.close()


class _NullSession:
    async def feed(self, chunk: bytes) -> None:
        return None

    async def finish(self) -> ScanVerdict:
        return ScanVerdict(clean=True, scanned=False)


class NullScanner:
    """No clamd configured (development only; production settings refuse this)."""

    engine: str | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[ScanSession]:
        """A session that accepts everything and records ``scanned: false``."""
        yield _NullSession()

    async def ping(self) -> bool:
        return True


def make_scanner(settings: Settings) -> Scanner:
    """The scanner the settings describe: clamd when configured, otherwise the null scanner."""
    if settings.clamd_host is not None or settings.clamd_socket is not None:
        return ClamdScanner(host=settings.clamd_host, port=settings.clamd_port,
                            socket_path=settings.clamd_socket,
                            timeout=settings.clamd_timeout_seconds)
    if settings.is_production:  # settings refuse this already; never scan-less in production
        raise RuntimeError("uploads must be scanned in production")
    log.warning("no clamd configured: uploads are stored unscanned (development only)")
    return NullScanner()
