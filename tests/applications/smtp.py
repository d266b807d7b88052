"""A tiny in-process SMTP server: enough of RFC 5321 for smtplib to hand over one message."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class SmtpSink:
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self) -> SmtpSink:
        self.server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await reply("220 sink ready")
        recipients: list[str] = []
        while line := await reader.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                await reply("250 sink")
            elif command.startswith("MAIL FROM"):
                recipients = []
                await reply("250 ok")
            elif command.startswith("RCPT TO"):
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                await reply("250 ok")
            elif command == "DATA":
                await reply("354 go on")
                body = b""
                while (chunk := await reader.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.messages.append((recipients, body))
                await reply("250 queued")
            elif command == "QUIT":
                await reply("221 bye")
                break
            else:
                await reply("250 ok")
        writer.close()
