"""A minimal keep-alive HTTP/1.1 client for load generation, as ``wrk`` would be.

httpx spends ~1.3 ms of the bench's own CPU per request on this machine (measured against
``/healthz``, which costs the service 0.4 ms), more than the raw-driver side spends on a whole
operation; with client, service and database sharing two cores, that cost would be charged to
the API. This client writes the request bytes and reads a ``Content-Length`` answer, nothing
else: enough for the service's JSON answers, which are never chunked.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit


class HTTPStatusError(RuntimeError):
    pass


class LeanResponse:
    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)

    def raise_for_status(self) -> None:
        if self.status >= 400:
            raise HTTPStatusError(f"{self.status}: {self.body[:300]!r}")


class LeanClient:
    """A pool of keep-alive connections to one origin; one request per connection at a time."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.authority = f"{self.host}:{self.port}".encode()
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def request(self, method: str, path: str, *, headers: dict[str, str] | None = None,
                      json_body: Any = None) -> LeanResponse:
        body = b"" if json_body is None else json.dumps(json_body).encode()
        head = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self.authority]
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}".encode())
        if json_body is not None or method in ("POST", "PUT", "PATCH"):
            head.append(b"Content-Type: application/json")
            head.append(b"Content-Length: " + str(len(body)).encode())
        payload = b"\r\n".join(head) + b"\r\n\r\n" + body
        while self.idle:  # a kept-alive connection the server may have closed meanwhile
            reader, writer = self.idle.pop()
            writer.write(payload)
            try:
                raw = await reader.readuntil(b"\r\n\r\n")
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
        else:
            reader, writer = await asyncio.open_connection(self.host, self.port)
            writer.write(payload)
            raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        answer = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                answer[name.strip().lower()] = value.strip()
        if answer.get("transfer-encoding"):
            raise HTTPStatusError("chunked answers are not supported by the lean client")
        data = await reader.readexactly(int(answer.get("content-length", "0")))
        if answer.get("connection", "").lower() == "close":
            writer.close()
        else:
            self.idle.append((reader, writer))
        return LeanResponse(status, answer, data)

    async def get(self, path: str, *, headers: dict[str, str] | None = None) -> LeanResponse:
        return await self.request("GET", path, headers=headers)

    async def post(self, path: str, *, headers: dict[str, str] | None = None,
                   json: Any = None) -> LeanResponse:
        return await self.request("POST", path, headers=headers, json_body=json)

    async def aclose(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()
