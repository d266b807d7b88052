"""What durable acknowledgements cost on the embedded database, and what they buy.

For each configuration, starts a throw-away SecantusDB, times single-document inserts and small
multi-document transactions (as the service writes them), then kills the server with SIGKILL,
restarts it on the same storage and counts how many acknowledged writes are still there (after
the inserts, and again after the transactions).

    .venv/bin/python bench/durability.py --inserts 500 --transactions 100

Configurations: "fast" is what the service used before (w: majority, no journal flag, daemon
default); "j only" adds j: true per write; "durable" is what the service uses now (j: true and
the daemon's --sync-on-commit, which also covers multi-document transactions). Prints ops/s,
the losses, and the cost ratio fast/durable measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pymongo import WriteConcern
from pymongo.asynchronous.client_session import AsyncClientSession

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import make_client  # noqa: E402
from app.embedded import EmbeddedServer, free_port  # noqa: E402
from app.repositories.applications import in_transaction  # noqa: E402


@dataclass
class Outcome:
    name: str
    inserts_per_second: float
    transactions_per_second: float
    inserts_lost: int
    transactions_lost: int


async def kill_and_restart(server: EmbeddedServer) -> None:
    """SIGKILL right after the last acknowledgement, then the same storage again."""
    assert server.process is not None
    server.process.kill()
    server.process.wait()
    server.start()
    await server.wait_ready()


async def measure(name: str, *, journal: bool, sync_on_commit: bool, inserts: int,
                  transactions: int) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="ats-durability-") as tmp:
        server = EmbeddedServer(storage_path=Path(tmp) / "db", port=free_port(),
                                sync_on_commit=sync_on_commit)
        server.start()
        await server.wait_ready()
        client = make_client(server.uri)
        concern = WriteConcern(w="majority", j=True) if journal else WriteConcern(w="majority")
        db = client.get_database("bench", write_concern=concern)
        try:
            await db.warm.insert_one({})
            began = time.perf_counter()
            for n in range(inserts):
                await db.single.insert_one({"n": n, "body": "x" * 200})
            insert_rate = inserts / (time.perf_counter() - began)
            await kill_and_restart(server)  # the last writes are the ones at risk
            found_inserts = await db.single.count_documents({})

            began = time.perf_counter()
            for n in range(transactions):
                async def work(session: AsyncClientSession, n: int = n) -> None:
                    await db.together.insert_one({"n": n}, session=session)
                    await db.audit.insert_one({"n": n}, session=session)
                await in_transaction(db, work)
            transaction_rate = transactions / (time.perf_counter() - began)
            await kill_and_restart(server)
            found_transactions = await db.together.count_documents({})
        finally:
            await client.close()
            server.stop()
    return Outcome(name, insert_rate, transaction_rate, inserts - found_inserts,
                   transactions - found_transactions)


async def run(inserts: int, transactions: int) -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"{inserts} inserts and {transactions} two-document transactions per configuration",
          flush=True)
    outcomes = []
    for name, journal, sync in (("fast", False, False), ("j only", True, False),
                                ("durable", True, True)):
        outcome = await measure(name, journal=journal, sync_on_commit=sync, inserts=inserts,
                                transactions=transactions)
        outcomes.append(outcome)
        print(f"{name:<8} {outcome.inserts_per_second:8.0f} inserts/s "
              f"{outcome.transactions_per_second:7.0f} transactions/s   after kill -9: "
              f"{outcome.inserts_lost} inserts and {outcome.transactions_lost} transactions "
              "lost", flush=True)
    fast, durable = outcomes[0], outcomes[-1]
    print(f"cost of durability: inserts {fast.inserts_per_second / durable.inserts_per_second:.2f}"
          f"x slower, transactions "
          f"{fast.transactions_per_second / durable.transactions_per_second:.2f}x slower")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inserts", type=int, default=500)
    parser.add_argument("--transactions", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(run(args.inserts, args.transactions))


if __name__ == "__main__":
    main()
