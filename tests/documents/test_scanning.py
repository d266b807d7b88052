"""The clamd client against a real clamd (signature database: EICAR only)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.config import Settings
from app.services.documents.scanning import (
    ClamdScanner,
    NullScanner,
    ScannerUnavailable,
    make_scanner,
    parse_reply,
)
from tests.files import EICAR, pdf_bytes


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed on exit: nothing listens there


async def _scan(scanner: ClamdScanner, data: bytes, step: int) -> tuple[bool, str | None]:
    async with scanner.session() as scan:
        for at in range(0, len(data), step):
            await scan.feed(data[at:at + step])
        verdict = await scan.finish()
    return verdict.clean, verdict.signature


async def test_a_clean_file_is_ok(clamd: tuple[str, int]) -> None:
    scanner = ClamdScanner(host=clamd[0], port=clamd[1])
    assert await _scan(scanner, pdf_bytes("clean"), 256 * 1024) == (True, None)


async def test_eicar_is_found(clamd: tuple[str, int]) -> None:
    scanner = ClamdScanner(host=clamd[0], port=clamd[1])
    clean, signature = await _scan(scanner, EICAR, 256 * 1024)
    assert clean is False
    assert signature is not None and signature.startswith("Eicar-Test-Signature")


async def test_eicar_fed_in_tiny_chunks_is_found(clamd: tuple[str, int]) -> None:
    scanner = ClamdScanner(host=clamd[0], port=clamd[1])
    clean, _ = await _scan(scanner, EICAR, 3)
    assert clean is False


async def test_a_large_file_in_many_chunks_is_scanned(clamd: tuple[str, int]) -> None:
    scanner = ClamdScanner(host=clamd[0], port=clamd[1])
    data = pdf_bytes("big") + bytes(3 * 1_048_576)
    assert await _scan(scanner, data, 64 * 1024) == (True, None)


async def test_clamd_down_raises_scanner_unavailable() -> None:
    scanner = ClamdScanner(host="127.0.0.1", port=_dead_port(), timeout=2.0)
    with pytest.raises(ScannerUnavailable):
        async with scanner.session() as scan:
            await scan.feed(b"%PDF-1.7")
    assert await scanner.ping() is False


async def test_ping(clamd: tuple[str, int]) -> None:
    assert await ClamdScanner(host=clamd[0], port=clamd[1]).ping() is True


def test_replies_are_parsed() -> None:
    assert parse_reply(b"stream: OK\0").clean is True
    found = parse_reply(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
    assert (found.clean, found.signature) == (False, "Win.Test.EICAR_HDB-1")
    with pytest.raises(ScannerUnavailable, match="size limit"):
        parse_reply(b"INSTREAM size limit exceeded. ERROR\0")
    with pytest.raises(ScannerUnavailable):
        parse_reply(b"stream: Can't allocate memory ERROR\0")


async def test_without_clamd_the_null_scanner_records_unscanned(settings: Settings) -> None:
    scanner = make_scanner(settings.model_copy(update={"clamd_host": None,
                                                      "clamd_socket": None}))
    assert isinstance(scanner, NullScanner)
    async with scanner.session() as scan:
        await scan.feed(EICAR)
        verdict = await scan.finish()
    assert (verdict.clean, verdict.scanned) == (True, False)


def test_configured_clamd_gives_the_clamd_scanner(clamd_settings: Settings) -> None:
    scanner = make_scanner(clamd_settings)
    assert isinstance(scanner, ClamdScanner)
    assert scanner.engine == "clamd"


async def test_a_stream_over_clamds_limit_fails_closed(clamd: tuple[str, int]) -> None:
    """clamd stops at StreamMaxLength (25M here): that is no verdict, so no upload."""
    scanner = ClamdScanner(host=clamd[0], port=clamd[1], timeout=10.0)
    megabyte = bytes(1_048_576)
    with pytest.raises(ScannerUnavailable):
        async with scanner.session() as scan:
            for _ in range(27):
                await scan.feed(megabyte)
            await scan.finish()


async def test_clamd_over_a_unix_socket(clamd_socket: Path) -> None:
    scanner = ClamdScanner(socket_path=clamd_socket)
    assert await scanner.ping() is True
    clean, signature = await _scan(scanner, EICAR, 1024)
    assert clean is False and signature is not None
