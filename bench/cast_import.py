"""EPSO CAST import throughput and memory: a 50,000-row CSV on the embedded database.

Generates the export, uploads it through the service, runs the import job, prints rows per
second and this process's peak RSS; then imports the same file again (every row unchanged):

    PYTHONPATH=. .venv/bin/python bench/cast_import.py --rows 50000
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import socket
import tempfile
import threading
import time
from pathlib import Path

import psutil
from starlette.datastructures import UploadFile

from app.clock import SystemClock
from app.config import Settings
from app.db import EmbeddedServer, make_client
from app.migrate import migrate
from app.models.common import object_id
from app.repositories import cast as cast_repo
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.integrations import cast
from app.services.integrations.cast_apply import process_cast_imports


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_export(path: Path, rows: int) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["epso_per_id", "last_name", "first_name", "email", "nationality",
                         "function_group", "profile", "result", "result_date",
                         "registration_date", "languages"])
        for n in range(rows):
            writer.writerow([str(10_000_000 + n), f"Surname{n}", f"Given{n}",
                             f"cand{n}@example.eu", "PT", "FG IV", "Digital and IT",
                             "passed" if n % 7 else "failed", "2025-03-14", "2024-11-02",
                             "EN:C1;FR:B2"])
    return path.stat().st_size


class PeakRss:
    """Samples this process's RSS every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        process = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, process.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _one_import(ctx: Ctx, path: Path) -> dict[str, int]:
    with path.open("rb") as handle:
        read = await cast.start_import(ctx, upload=UploadFile(handle, filename=path.name),
                                       mapping=None)
    started = time.perf_counter()
    with PeakRss() as rss:
        await process_cast_imports(ctx)
    elapsed = time.perf_counter() - started
    doc = await cast_repo.get_import(ctx.db, object_id(read.id))
    assert doc is not None
    counts = doc.counts
    print(f"  {doc.state}: {counts.read} rows in {elapsed:.1f} s = {counts.read / elapsed:,.0f} "
          f"rows/s; created {counts.created}, updated {counts.updated}, unchanged "
          f"{counts.unchanged}, rejected {counts.rejected}; peak RSS {rss.peak / 2**20:.0f} MiB")
    return counts.model_dump()


async def _run(rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cast-bench-") as tmp:
        server = EmbeddedServer(storage_path=Path(tmp) / "db", port=_free_port(),
                                cache_size="256M")
        server.start()
        try:
            await server.wait_ready()
            client = make_client(server.uri)
            db = client.get_database("cast_bench")
            await migrate(db)
            settings = Settings(_env_file=None, env="test", mongodb_uri=server.uri,
                                dev_keys_path=Path(tmp) / "keys")
            ctx = Ctx(db=db, clock=SystemClock(), settings=settings,
                      actor=Principal(sub="hr-bench", roles=frozenset({Role.hr})))
            export = Path(tmp) / "cast.csv"
            size = write_export(export, rows)
            print(f"{rows:,} rows, {size / 2**20:.1f} MiB; RSS before: "
                  f"{psutil.Process().memory_info().rss / 2**20:.0f} MiB")
            print("first import:")
            await _one_import(ctx, export)
            print("same file again:")
            again = await _one_import(ctx, export)
            assert again["unchanged"] == rows, again
            await client.close()
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    asyncio.run(_run(parser.parse_args().rows))


if __name__ == "__main__":
    main()
