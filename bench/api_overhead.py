"""The API's own cost next to the database's: each operation through the API and through the raw
driver doing the same essential database work, in the same run, at 1 and 16 clients.

Starts a throw-away embedded SecantusDB and the REAL service (``python -m app serve``) on it (or
uses ``--base`` and ``--mongodb-uri`` for one already running), seeds published calls and
applications through the API, then for each operation runs the API and its raw-driver twin
alternately and prints throughput, p50/p95/p99 and the ratio API ÷ raw (1.0 = the API adds
nothing). Round trips per operation are counted with a PyMongo command listener on an in-process
instance of the app (same code, same database).

The API side is driven by a minimal keep-alive HTTP/1.1 client (``bench/lean_http.py``, as
``wrk`` would be): httpx alone costs more CPU per request than the raw side's whole operation,
and client, service and database share the machine's cores. Both sides run on uvloop. For each
API run the service's and the database's CPU per request are read from ``/proc`` (when the
bench started them), so where the time goes is printed next to the ratio.

Raw twins (what the operation cannot do without):
- read:   find the application by ``_id`` and owner, insert one audit event;
- list:   one page (50) of published calls' summary fields, newest first;
- create: insert the application, insert one audit event;
- submit: a versioned ``findAndModify`` of the draft, insert one audit event.

(The API's own database work can differ from its twin's: a submit also reads the application and
its documents, to check them and judge eligibility; the table of commands says what each sends.)

For "read one" it also measures the floor (unless ``--no-floor``): a bare FastAPI route on
uvicorn (``bench/bare_route.py``) making the read's two calls with nothing of the service around
them, in a process of its own, against the same raw twin: how much of the gap the HTTP hop and
the framework take before the service adds anything.

    .venv/bin/python bench/api_overhead.py                 # small, < 2 min
    .venv/bin/python bench/api_overhead.py --ops 400 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import httpx
from bson import ObjectId
from pymongo import ReturnDocument, monitoring

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import WRITE_CONCERN, Db, EmbeddedServer, Mongo, make_client  # noqa: E402
from app.main import create_app  # noqa: E402
from app.security.tokens import mint_dev_token  # noqa: E402
from app.services.calls.public import SUMMARY_FIELDS  # noqa: E402
from app.services.demo_calls import CA_AI_OFFICE  # noqa: E402
from bench.lean_http import LeanClient  # noqa: E402

DB_NAME = "bench_overhead"
PROFILE = {"first_name": "Ana", "last_name": "Example", "nationalities": ["PT"],
           "contact": {"email": "ana@example.org"}}
Op = Callable[[int], Awaitable[None]]
LIST_FIELDS = dict.fromkeys(SUMMARY_FIELDS, 1)  # the public list's projection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CommandCounter(monitoring.CommandListener):
    """Counts the commands a client sends (the handshake and monitoring are not round trips),
    and the round trips a request waits for: commands in flight together (sent concurrently)
    share one, a command sent when none is in flight starts the next."""

    IGNORED = {"hello", "ismaster", "isMaster", "ping", "endSessions", "buildInfo"}

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.waves = 0
        self.in_flight: set[int] = set()

    def clear(self) -> None:
        self.counts.clear()
        self.waves = 0
        self.in_flight = set()  # a command still in flight from before does not join a wave

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in self.IGNORED:
            self.counts[event.command_name] += 1
            if not self.in_flight:
                self.waves += 1
            self.in_flight.add(event.request_id)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self.in_flight.discard(event.request_id)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self.in_flight.discard(event.request_id)


def env_for(uri: str, keys: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, **(extra or {}), "ATS_ENV": "development", "ATS_MONGODB_URI": uri,
            "ATS_MONGODB_DB": DB_NAME, "ATS_DEV_KEYS_PATH": str(keys),
            "ATS_SCHEDULER_ENABLED": "false", "ATS_DEMO_DATA": "false",
            "ATS_LOG_LEVEL": "WARNING",
            # Counted as in production (one $inc per request), never refused during the bench.
            "ATS_RATE_LIMIT_CALLER": "100000000/minute",
            "ATS_RATE_LIMIT_ANONYMOUS": "100000000/minute"}


def settings_for(uri: str, keys: Path) -> Settings:
    return Settings(_env_file=None, env="development", mongodb_uri=uri,
                    mongodb_db=DB_NAME, dev_keys_path=keys, scheduler_enabled=False,
                    demo_data=False, rate_limit_caller="100000000/minute",
                    rate_limit_anonymous="100000000/minute")


def bearer(settings: Settings, *roles: str, sub: str, unit: str | None = None) -> dict[str, str]:
    token = mint_dev_token(settings, sub=sub, roles=list(roles), unit=unit)
    return {"Authorization": f"Bearer {token}"}


async def seed_calls(http: httpx.AsyncClient, settings: Settings, n: int) -> str:
    """``n`` published calls without required documents; the id of the first."""
    hr = bearer(settings, "hr", sub="bench-hr", unit="CNECT")
    body: dict[str, Any] = CA_AI_OFFICE.model_dump(mode="json")
    body["documents"]["required"] = []
    soon = datetime.now(UTC) + timedelta(days=30)
    body["deadline"] = {"local": soon.replace(tzinfo=None, microsecond=0).isoformat(),
                        "zone": "Europe/Brussels"}
    first = ""
    for i in range(n):
        body["reference"] = f"BENCH/{os.getpid()}/{i}"
        created = await http.post("/api/v1/calls", json=body, headers=hr)
        created.raise_for_status()
        call_id: str = created.json()["id"]
        (await http.post(f"/api/v1/calls/{call_id}/publish", headers=hr)).raise_for_status()
        first = first or call_id
    return first


class Bench:
    """The two sides of every operation, with the state they share."""

    def __init__(self, http: httpx.AsyncClient, db: Db, settings: Settings, call_id: str,
                 lean: LeanClient | None = None, bare: LeanClient | None = None) -> None:
        self.http, self.db, self.settings, self.call_id = http, db, settings, call_id
        self.lean, self.bare = lean, bare
        self.owned: list[tuple[str, dict[str, str]]] = []  # (application id, owner's headers)
        self.drafts: list[tuple[str, dict[str, str]]] = []
        self.raw_drafts: list[dict[str, Any]] = []
        self.serial = 0
        self.template: dict[str, Any] = {}

    def candidate(self) -> tuple[str, dict[str, str]]:
        self.serial += 1
        sub = f"bench-cand-{id(self):x}-{self.serial}"
        return sub, bearer(self.settings, "candidate", sub=sub)

    async def new_draft(self) -> tuple[str, dict[str, str]]:
        _, headers = self.candidate()
        created = await self.http.post(f"/api/v1/calls/{self.call_id}/applications",
                                       json={"profile": PROFILE}, headers=headers)
        created.raise_for_status()
        return created.json()["id"], headers

    async def seed(self, n: int) -> None:
        for _ in range(n):
            self.owned.append(await self.new_draft())
        stored = await self.db["applications"].find_one({"_id": ObjectId(self.owned[0][0])})
        assert stored is not None
        self.template = {k: v for k, v in stored.items() if k != "_id"}

    def audit_event(self, action: str, resource_id: object) -> dict[str, Any]:
        return {"at": datetime.now(UTC), "actor": "p" * 43, "actor_pseudonymous": True,
                "actor_roles": ["candidate"], "action": action, "resource": "application",
                "resource_id": str(resource_id), "subject_id": "s" * 43, "request_id": None,
                "detail": None}

    # API side (the lean client)
    async def api_read(self, i: int) -> None:
        assert self.lean is not None
        app_id, headers = self.owned[i % len(self.owned)]
        (await self.lean.get(f"/api/v1/applications/{app_id}", headers=headers)
         ).raise_for_status()

    async def bare_read(self, i: int) -> None:
        """The floor: the read's two calls behind a bare FastAPI route (``bare_route.py``)."""
        assert self.bare is not None
        app_id, _ = self.owned[i % len(self.owned)]
        (await self.bare.get(f"/applications/{app_id}")).raise_for_status()

    async def api_list(self, i: int) -> None:
        assert self.lean is not None
        (await self.lean.get("/api/v1/public/calls")).raise_for_status()

    async def api_create(self, i: int) -> None:
        assert self.lean is not None
        _, headers = self.candidate()
        created = await self.lean.post(f"/api/v1/calls/{self.call_id}/applications",
                                       json={"profile": PROFILE}, headers=headers)
        created.raise_for_status()
        self.owned.append((created.json()["id"], headers))

    async def api_submit(self, i: int) -> None:
        assert self.lean is not None
        app_id, headers = self.drafts.pop()
        (await self.lean.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
         ).raise_for_status()

    # Raw side
    async def raw_read(self, i: int) -> None:
        app_id, _ = self.owned[i % len(self.owned)]
        found = await self.db["applications"].find_one({"_id": ObjectId(app_id)})
        assert found is not None
        await self.db["audit_events"].insert_one(self.audit_event("read", app_id))

    async def raw_list(self, i: int) -> None:
        await self.db["calls"].find({"status": "published"}, LIST_FIELDS).sort(
            "_id", -1).limit(51).to_list()

    async def raw_create(self, i: int) -> None:
        self.serial += 1
        doc = {**self.template, "owner_sub": f"raw-{os.getpid()}-{self.serial}",
               "candidate_key": f"raw-{os.getpid()}-{self.serial}"}
        result = await self.db["applications"].insert_one(doc)
        await self.db["audit_events"].insert_one(self.audit_event("create", result.inserted_id))

    async def raw_submit(self, i: int) -> None:
        doc = self.raw_drafts.pop()
        updated = await self.db["applications"].find_one_and_update(
            {"_id": doc["_id"], "version": doc["version"]},
            {"$set": {"status": "submitted", "submitted_at": datetime.now(UTC)},
             "$inc": {"version": 1}}, return_document=ReturnDocument.AFTER)
        assert updated is not None
        await self.db["audit_events"].insert_one(self.audit_event("submit", doc["_id"]))

    async def prepare_submits(self, n: int) -> None:
        self.drafts = [await self.new_draft() for _ in range(n)]
        docs = []
        for _ in range(n):
            self.serial += 1
            docs.append({**self.template, "_id": ObjectId(),
                         "owner_sub": f"raw-{os.getpid()}-{self.serial}",
                         "candidate_key": f"raw-{os.getpid()}-{self.serial}"})
        await self.db["applications"].insert_many(docs)
        self.raw_drafts = docs


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU of a process so far (0 when it is not ours to read)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


async def drive(op: Op, ops: int, clients: int,
                pids: dict[str, int | None] | None = None) -> dict[str, float]:
    """``ops`` calls of ``op`` by ``clients`` concurrent workers: throughput, latencies, and the
    CPU each process spent per call (``pids``: service and database, when known)."""
    pids = pids or {}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    bench_before = own_cpu()
    latencies: list[float] = []
    queue = iter(range(ops))

    async def worker() -> None:
        for i in queue:
            started = time.perf_counter()
            await op(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    result = {"per_s": ops / elapsed, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000,
              "p99_ms": q[98] * 1000, "bench_cpu_ms": (own_cpu() - bench_before) / ops * 1000}
    for name, pid in pids.items():
        if pid is not None:
            result[f"{name}_cpu_ms"] = (cpu_seconds(pid) - before[name]) / ops * 1000
    return result


async def round_trips(settings: Settings, uri: str, call_id: str,
                      owned: tuple[str, dict[str, str]]) -> dict[str, dict[str, int]]:
    """Commands each operation sends, counted on an in-process app over the same database."""
    counter = CommandCounter()
    from pymongo import AsyncMongoClient
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        uri, w="majority", journal=True, tz_aware=True, event_listeners=[counter])
    mongo = Mongo(client=client, db=client.get_database(DB_NAME, write_concern=WRITE_CONCERN))
    app = create_app(settings, mongo=mongo)
    app.state.mongo = mongo
    result: dict[str, dict[str, int]] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        bench = Bench(http, mongo.db, settings, call_id)

        async def count(name: str, op: Callable[[], Awaitable[Any]]) -> None:
            # Warm twice: the first use builds keys and caches (the caller's audit key, the
            # call's summary), which later requests find in memory.
            await op()
            await op()
            counter.clear()
            await op()
            result[name] = {**counter.counts, "round trips": counter.waves}

        await count("read", lambda: http.get(f"/api/v1/applications/{owned[0]}",
                                              headers=owned[1]))
        await count("list", lambda: http.get("/api/v1/public/calls"))
        await count("create", bench.new_draft)
        drafts = [await bench.new_draft() for _ in range(3)]

        async def submit() -> None:
            app_id, headers = drafts.pop()
            (await http.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
             ).raise_for_status()

        await count("submit", submit)
    await client.close()
    return result


async def run(args: argparse.Namespace, uri: str, base: str, keys: Path,
              pids: dict[str, int | None] | None = None, bare_base: str | None = None,
              bare_pid: int | None = None) -> dict[str, Any]:
    settings = settings_for(uri, keys)
    pids = pids or {}
    lean = LeanClient(base)
    bare = LeanClient(bare_base) if bare_base else None
    client = make_client(uri)
    db = client.get_database(DB_NAME, write_concern=WRITE_CONCERN)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    report: dict[str, Any] = {"operations": {}, "round_trips": {}}
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        call_id = await seed_calls(http, settings, args.calls)
        bench = Bench(http, db, settings, call_id, lean, bare)
        await bench.seed(args.applications)
        report["round_trips"] = await round_trips(settings, uri, call_id, bench.owned[0])
        random.seed(7)
        plan: list[tuple[str, Op, Op, int]] = [
            ("read one", bench.api_read, bench.raw_read, args.ops),
            ("public list", bench.api_list, bench.raw_list, args.ops),
            ("create draft", bench.api_create, bench.raw_create, args.write_ops),
            ("submit", bench.api_submit, bench.raw_submit, args.write_ops),
        ]
        for name, api, raw, ops in plan:
            if args.only and name not in args.only:
                continue
            for clients in (1, 16):
                warm = min(ops, 20)
                if name == "submit":
                    await bench.prepare_submits(warm)
                await drive(api, warm, clients)  # warm-up: connections, caches
                if name == "submit":
                    await bench.prepare_submits(ops)
                a = await drive(api, ops, clients, pids)
                r = await drive(raw, ops, clients, {"db": pids.get("db")})
                row = {"operation": name, "clients": clients, "api": a, "raw": r,
                       "ratio": a["per_s"] / r["per_s"]}
                if name == "read one" and bare is not None:
                    await drive(bench.bare_read, warm, clients)
                    floor = await drive(bench.bare_read, ops, clients,
                                        {"service": bare_pid, "db": pids.get("db")})
                    row.update(floor=floor, floor_ratio=floor["per_s"] / r["per_s"])
                report["operations"][f"{name}|{clients}"] = row
    await lean.aclose()
    if bare is not None:
        await bare.aclose()
    await client.close()
    return report


def print_report(report: dict[str, Any]) -> None:
    print(f"{'operation':<14}{'clients':>8}{'API/s':>9}{'raw/s':>9}{'ratio':>7}"
          f"{'API p50/p95/p99 ms':>24}{'raw p50/p95/p99 ms':>24}")
    for row in report["operations"].values():
        a, r = row["api"], row["raw"]
        lat = "{p50_ms:.1f}/{p95_ms:.1f}/{p99_ms:.1f}"
        print(f"{row['operation']:<14}{row['clients']:>8}{a['per_s']:>9.0f}{r['per_s']:>9.0f}"
              f"{row['ratio']:>7.2f}{lat.format(**a):>24}{lat.format(**r):>24}")
    floors = [row for row in report["operations"].values() if "floor" in row]
    if floors:
        print("\nthe floor: a bare FastAPI route making the read's two calls (bare_route.py) "
              "÷ the same raw twin:")
        for row in floors:
            f = row["floor"]
            print(f"  {row['operation']:<14}{row['clients']:>3}   bare {f['per_s']:.0f}/s, p50 "
                  f"{f['p50_ms']:.1f} ms, its CPU {f.get('service_cpu_ms', 0):.2f} ms/request: "
                  f"ratio {row['floor_ratio']:.2f} (the service: {row['ratio']:.2f})")
    print("\nCPU per request, ms (service / database / bench process), API side vs raw side:")
    for row in report["operations"].values():
        a, r = row["api"], row["raw"]
        print(f"  {row['operation']:<14}{row['clients']:>3}   API "
              f"{a.get('service_cpu_ms', 0):.2f} / {a.get('db_cpu_ms', 0):.2f} / "
              f"{a['bench_cpu_ms']:.2f}    raw - / {r.get('db_cpu_ms', 0):.2f} / "
              f"{r['bench_cpu_ms']:.2f}")
    print("\ndatabase commands and round trips per request (API; commands sent together share "
          "a round trip):")
    for name, counts in report["round_trips"].items():
        commands = {k: v for k, v in counts.items() if k != "round trips"}
        detail = ", ".join(f"{k} {v}" for k, v in sorted(commands.items()))
        print(f"  {name:<8}{sum(commands.values()):>3} commands in "
              f"{counts.get('round trips', 0)} round trips  ({detail})")


def start_service(uri: str, keys: Path, log: Path,
                  extra: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = env_for(uri, keys, extra)
    python = sys.executable
    with log.open("ab") as out:
        subprocess.run([python, "-m", "app", "migrate"], cwd=ROOT, env=env, check=True,
                       stdout=out, stderr=subprocess.STDOUT)
        process = subprocess.Popen(
            [python, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, wait_ready(process, f"http://127.0.0.1:{port}", "/readyz", "the service",
                               log, seconds=90)


def wait_ready(process: subprocess.Popen[bytes], base: str, path: str, name: str, log: Path,
               *, seconds: float) -> str:
    """``base`` once ``path`` answers 2xx; exits if ``process`` dies or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            give_up(process, name, log, f"exited with {process.returncode}")
        try:
            if httpx.get(f"{base}{path}", timeout=1).is_success:
                return base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    give_up(process, name, log, f"did not become ready within {seconds:.0f} s")


def give_up(process: subprocess.Popen[bytes], name: str, log: Path, why: str) -> NoReturn:
    """Exit with the end of ``log`` (the bench's temporary directory goes with it), after
    stopping ``process``: a service that never became ready must not outlive the bench."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    tail = log.read_text(errors="replace").splitlines()[-20:] if log.exists() else []
    raise SystemExit("\n".join([f"{name} {why}; the end of its log:", *tail]))


def start_bare(uri: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``bare_route.py`` on a free port, over the bench's database."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "bare_route.py"), "--port", str(port),
             "--mongodb-uri", uri, "--db", DB_NAME], cwd=ROOT, stdout=out,
            stderr=subprocess.STDOUT)
    return process, wait_ready(process, f"http://127.0.0.1:{port}", "/ready", "bare_route.py",
                               log, seconds=60)


def run_loop(main: Any) -> Any:
    """Both sides on uvloop, as the service itself runs."""
    import uvloop

    return uvloop.run(main)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=200, help="requests per read/list run")
    parser.add_argument("--write-ops", type=int, default=80, help="requests per write run")
    parser.add_argument("--applications", type=int, default=50, help="applications seeded")
    parser.add_argument("--calls", type=int, default=50, help="published calls seeded")
    parser.add_argument("--base", help="a running service (with --mongodb-uri and --keys)")
    parser.add_argument("--mongodb-uri", help="its database")
    parser.add_argument("--keys", type=Path, help="its ATS_DEV_KEYS_PATH")
    parser.add_argument("--public-list-cache-seconds", type=float,
                        help="ATS_PUBLIC_LIST_CACHE_SECONDS for the service the bench starts "
                             "(default: the service's own, 2 s; 0 renders every page, to "
                             "compare the API's own cost with the raw query)")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the bare FastAPI route next to \"read one\" (bare_route.py)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--only", action="append", choices=["read one", "public list",
                                                            "create draft", "submit"],
                        help="measure only this operation (repeatable)")
    args = parser.parse_args()
    floor = not args.no_floor and (not args.only or "read one" in args.only)
    with tempfile.TemporaryDirectory(prefix="ats-bench-overhead-") as tmp:
        work = Path(tmp)
        bare_process = None
        if args.base:
            if not (args.mongodb_uri and args.keys):
                parser.error("--base needs --mongodb-uri and --keys")
            bare_base = None
            if floor:
                bare_process, bare_base = start_bare(args.mongodb_uri, work / "bare.log")
            try:
                report = run_loop(run(args, args.mongodb_uri, args.base, args.keys,
                                      bare_base=bare_base,
                                      bare_pid=bare_process.pid if bare_process else None))
            finally:
                if bare_process is not None:
                    bare_process.terminate()
                    bare_process.wait(timeout=30)
        else:
            server = EmbeddedServer(storage_path=work / "db", port=free_port(),
                                    cache_size="256M")
            server.start()
            process = None
            try:
                asyncio.run(server.wait_ready())
                extra = ({} if args.public_list_cache_seconds is None else
                         {"ATS_PUBLIC_LIST_CACHE_SECONDS": str(args.public_list_cache_seconds)})
                process, base = start_service(server.uri, work / "keys", work / "service.log",
                                              extra)
                bare_base = None
                if floor:
                    bare_process, bare_base = start_bare(server.uri, work / "bare.log")
                db_pid = server.process.pid if server.process is not None else None
                report = run_loop(run(args, server.uri, base, work / "keys",
                                      {"service": process.pid, "db": db_pid}, bare_base,
                                      bare_process.pid if bare_process else None))
            finally:
                for started in (process, bare_process):
                    if started is not None:
                        started.terminate()
                        started.wait(timeout=30)
                server.stop()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
