"""The service's own CPU per request, in process: what each layer of a request costs.

A machine that runs the database, the service and a load generator on two cores makes throughput
noisy; the CPU a request costs the service is not (much). This bench starts a throw-away
embedded SecantusDB, migrates it, builds the app in this process (no HTTP server: requests are
ASGI calls, as uvicorn makes them), seeds a published call and ``--applications`` drafts, and
then, for each request below, times ``--requests`` calls with ``time.process_time()`` (this
process only: the app, its driver, its event loop; not the database's process):

- ``healthz``: the app's floor (middleware, routing, no token, no database);
- ``read one``: a candidate reads their own application (token, rate count, find + audit insert);
- ``read one (staff)``: HR reads it (find, then the audit insert);
- ``public list``: a page of published calls, rendered every time (page cache off).

It prints microseconds of CPU per request (median of ``--rounds`` rounds) and the database
commands each request sent. ``--json`` for machines; compare two commits by running it on each.

    PYTHONPATH=. .venv/bin/python bench/request_cpu.py            # ~30 s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import WRITE_CONCERN, EmbeddedServer, Mongo  # noqa: E402
from app.main import create_app  # noqa: E402
from app.migrate import migrate  # noqa: E402
from bench.api_overhead import (  # noqa: E402
    DB_NAME,
    PROFILE,
    CommandCounter,
    bearer,
    free_port,
    seed_calls,
    settings_for,
)


class AsgiCaller:
    """One GET as uvicorn would hand it to the app, the answer's status checked."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def get(self, path: str, headers: dict[str, str]) -> None:
        raw_headers = [(b"host", b"bench")] + [(k.lower().encode(), v.encode())
                                               for k, v in headers.items()]
        scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
                 "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
                 "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": raw_headers, "client": ("127.0.0.1", 50000),
                 "server": ("127.0.0.1", 8000), "state": {}}
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await self.app(scope, receive, send)
        if status != [200]:
            raise SystemExit(f"GET {path} answered {status}")


async def measure(call: Callable[[], Awaitable[None]], requests: int, rounds: int
                  ) -> float:
    """Median CPU microseconds per request over ``rounds`` rounds (after a warm-up)."""
    for _ in range(20):
        await call()
    per_round = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            await call()
        per_round.append((time.process_time() - started) / requests * 1e6)
    return statistics.median(per_round)


async def run(args: argparse.Namespace, uri: str, keys: Path) -> dict[str, Any]:
    settings = settings_for(uri, keys).model_copy(update={"public_list_cache_seconds": 0.0})
    commands = CommandCounter()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        uri, w="majority", journal=True, tz_aware=True, event_listeners=[commands])
    mongo = Mongo(client=client, db=client.get_database(DB_NAME, write_concern=WRITE_CONCERN))
    await migrate(mongo.db)
    app = create_app(settings, mongo=mongo)
    report: dict[str, Any] = {"cpu_us": {}, "commands": {}}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            call_id = await seed_calls(http, settings, 5)
            owned = []
            for i in range(args.applications):
                headers = bearer(settings, "candidate", sub=f"cpu-bench-{i}")
                created = await http.post(f"/api/v1/calls/{call_id}/applications",
                                          json={"profile": PROFILE}, headers=headers)
                created.raise_for_status()
                owned.append((created.json()["id"], headers))
            hr = bearer(settings, "hr", sub="cpu-bench-hr", unit="CNECT")
            submitted = owned[0]
            (await http.post(f"/api/v1/applications/{submitted[0]}/submit",
                             headers=submitted[1])).raise_for_status()
        caller = AsgiCaller(app)
        turn = iter(range(10**9))

        def own_read() -> Awaitable[None]:
            app_id, headers = owned[next(turn) % len(owned)]
            return caller.get(f"/api/v1/applications/{app_id}", headers)

        cases: dict[str, Callable[[], Awaitable[None]]] = {
            "healthz": lambda: caller.get("/healthz", {}),
            "read one": own_read,
            "read one (staff)": lambda: caller.get(f"/api/v1/applications/{submitted[0]}", hr),
            "public list": lambda: caller.get("/api/v1/public/calls", {}),
        }
        for name, case in cases.items():
            if args.only and name not in args.only:
                continue
            report["cpu_us"][name] = await measure(case, args.requests, args.rounds)
            commands.clear()
            await case()
            report["commands"][name] = dict(commands.counts)
    await client.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (the median is printed)")
    parser.add_argument("--applications", type=int, default=50, help="drafts seeded")
    parser.add_argument("--only", action="append",
                        choices=["healthz", "read one", "read one (staff)", "public list"],
                        help="measure only this request (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ats-bench-cpu-") as tmp:
        work = Path(tmp)
        server = EmbeddedServer(storage_path=work / "db", port=free_port(), cache_size="256M")
        server.start()
        try:
            import uvloop

            async def go() -> dict[str, Any]:
                await server.wait_ready()
                return await run(args, server.uri, work / "keys")

            report = uvloop.run(go())
        finally:
            asyncio.run(server.aclose())
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{'request':<20}{'CPU µs/request':>16}   database commands")
    for name, cpu in report["cpu_us"].items():
        sent = ", ".join(f"{k} {v}" for k, v in sorted(report["commands"][name].items()))
        print(f"{name:<20}{cpu:>16.0f}   {sent or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
