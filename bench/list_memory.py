"""Server memory while staff list 10,000 applications by cursor: does RSS stay flat?

Starts a throw-away embedded SecantusDB and the REAL service (``python -m app serve``, after
``python -m app migrate``), publishes one call of DG CNECT, applies and submits a few times
through the API, then copies one of those submitted applications with the driver up to
``--applications`` (new ``_id``, ``owner_sub``, ``candidate_key`` and the subject's audit key,
as the API would have made them). Then, as HR of CNECT, pages through
``GET /api/v1/applications?call_id=...`` with ``next_cursor`` (the largest page the API allows)
to the end, twice, reading the service's VmRSS and VmHWM (peak) from ``/proc/<pid>/status``
after every page.

    PYTHONPATH=. .venv/bin/python bench/list_memory.py --applications 2000   # < 1 min
    PYTHONPATH=. .venv/bin/python bench/list_memory.py                       # 10,000

Verdict "flat" when RSS at the end of the second pass exceeds RSS at the 10 % point of the first
by less than the threshold (10 MB): what the first pages cost (imports, caches, pools, the
subject key cache filling up to its bound) is paid once; a leak would keep growing.

Only the API process is measured. Page times are printed too (``--timing``: only the median
seconds a page takes, per pass): on SecantusDB a page costs in proportion to the call's
applications older than the cursor, which it reads and sorts (from the index) before it limits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bson import Binary, ObjectId

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import WRITE_CONCERN, EmbeddedServer, make_client  # noqa: E402
from app.services.audit import subject_key_id  # noqa: E402
from bench.api_overhead import (  # noqa: E402
    DB_NAME,
    PROFILE,
    bearer,
    free_port,
    seed_calls,
    settings_for,
    start_service,
)

MB = 1_048_576
THRESHOLD_MB = 10.0
PAGE_SIZE = 200  # the API's maximum (app/deps.py)
BATCH = 1000


def memory(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM (the peak so far) of ``pid``, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024 / MB
    return fields["VmRSS"], fields["VmHWM"]


async def seed(http: httpx.AsyncClient, db: Any, settings: Settings, *, total: int,
               via_api: int) -> str:
    """One published call with ``total`` submitted applications; its id."""
    call_id = await seed_calls(http, settings, 1)
    first = ""
    for i in range(via_api):
        headers = bearer(settings, "candidate", sub=f"bench-list-api-{i}")
        created = await http.post(f"/api/v1/calls/{call_id}/applications",
                                  json={"profile": PROFILE}, headers=headers)
        created.raise_for_status()
        app_id: str = created.json()["id"]
        (await http.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
         ).raise_for_status()
        first = first or app_id
    stored = await db.applications.find_one({"_id": ObjectId(first)})
    assert stored is not None and stored["status"] == "submitted"
    template = {k: v for k, v in stored.items() if k != "_id"}
    now = datetime.now(UTC)
    for start in range(0, total - via_api, BATCH):
        apps, keys = [], []
        for i in range(start, min(start + BATCH, total - via_api)):
            candidate = f"bench-list-{os.getpid()}-{i}"
            apps.append({**template, "_id": ObjectId(), "owner_sub": candidate,
                         "candidate_key": candidate})
            keys.append({"_id": subject_key_id(settings, candidate),
                         "key": Binary(os.urandom(32)), "created_at": now})
        await db.applications.insert_many(apps, ordered=False)
        await db.subject_keys.insert_many(keys, ordered=False)
    return call_id


async def list_all(http: httpx.AsyncClient, headers: dict[str, str], call_id: str,
                   pid: int) -> dict[str, Any]:
    """One pass through every page; (items listed so far, RSS MB) after each page."""
    samples: list[tuple[int, float]] = []
    page_ms: list[float] = []
    items, peak, cursor = 0, 0.0, None
    started = time.perf_counter()
    while True:
        asked = time.perf_counter()
        params = {"call_id": call_id, "limit": str(PAGE_SIZE)}
        if cursor:
            params["cursor"] = cursor
        response = await http.get("/api/v1/applications", params=params, headers=headers)
        response.raise_for_status()
        page = response.json()
        page_ms.append((time.perf_counter() - asked) * 1000)
        items += len(page["items"])
        rss, peak = memory(pid)
        samples.append((items, rss))
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return {"pages": len(samples), "items": items, "seconds": time.perf_counter() - started,
            "peak_mb": peak, "samples": samples,
            "page_s_median": statistics.median(page_ms) / 1000,
            # Does a page cost more the deeper the cursor goes? (median of the first/last tenth)
            "page_ms_first": statistics.median(page_ms[:max(1, len(page_ms) // 10)]),
            "page_ms_last": statistics.median(page_ms[-max(1, len(page_ms) // 10):])}


def at(samples: list[tuple[int, float]], fraction: float) -> float:
    """RSS after the page where ``fraction`` of the items had been listed."""
    target = samples[-1][0] * fraction
    return next(rss for items, rss in samples if items >= target)


def slope(samples: list[tuple[int, float]]) -> float:
    """MB per 1,000 applications listed, least squares over the pages after the first 10 %."""
    target = samples[-1][0] * 0.10
    points = [(items / 1000, rss) for items, rss in samples if items > target]
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / den if den else 0.0


def summary(listing: dict[str, Any]) -> dict[str, Any]:
    samples = listing["samples"]  # kept: --json carries them for a plot
    return {**listing, "rss_first_page_mb": samples[0][1], "rss_10_mb": at(samples, 0.10),
            "rss_25_mb": at(samples, 0.25), "rss_50_mb": at(samples, 0.50),
            "rss_75_mb": at(samples, 0.75), "rss_end_mb": samples[-1][1],
            "slope_mb_per_1000": slope(samples)}


async def run(args: argparse.Namespace, uri: str, base: str, keys: Path,
              pid: int) -> dict[str, Any]:
    settings = settings_for(uri, keys)
    client = make_client(uri)
    db = client.get_database(DB_NAME, write_concern=WRITE_CONCERN)
    report: dict[str, Any] = {"applications": args.applications, "page_size": PAGE_SIZE,
                              "threshold_mb": THRESHOLD_MB}
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            started = time.perf_counter()
            call_id = await seed(http, db, settings, total=args.applications,
                                 via_api=min(args.via_api, args.applications))
            report["seed_seconds"] = time.perf_counter() - started
            report["rss_before_mb"] = memory(pid)[0]
            hr = bearer(settings, "hr", sub="bench-list-hr", unit="CNECT")
            first = await list_all(http, hr, call_id, pid)
            second = await list_all(http, hr, call_id, pid)
    finally:
        await client.close()
    report["passes"] = [summary(first), summary(second)]
    growth = report["passes"][1]["rss_end_mb"] - report["passes"][0]["rss_10_mb"]
    report["growth_mb"] = growth
    report["verdict"] = "flat" if growth < THRESHOLD_MB else "NOT flat"
    return report


def print_report(report: dict[str, Any]) -> None:
    print(f"{report['applications']} applications seeded in {report['seed_seconds']:.1f} s; "
          f"RSS before listing {report['rss_before_mb']:.1f} MB; page size {report['page_size']}")
    print(f"{'pass':<5}{'pages':>6}{'items':>7}{'s':>7}{'first':>8}{'10%':>7}{'25%':>7}"
          f"{'50%':>7}{'75%':>7}{'end':>7}{'peak':>7}{'MB/1000':>9}{'ms/page first/last':>20}")
    for n, p in enumerate(report["passes"], 1):
        print(f"{n:<5}{p['pages']:>6}{p['items']:>7}{p['seconds']:>7.1f}"
              f"{p['rss_first_page_mb']:>8.1f}{p['rss_10_mb']:>7.1f}{p['rss_25_mb']:>7.1f}"
              f"{p['rss_50_mb']:>7.1f}{p['rss_75_mb']:>7.1f}{p['rss_end_mb']:>7.1f}"
              f"{p['peak_mb']:>7.1f}{p['slope_mb_per_1000']:>9.2f}"
              f"{p['page_ms_first']:>12.0f} /{p['page_ms_last']:>6.0f}")
    print("median s/page: " + " / ".join(f"{p['page_s_median']:.3f}"
                                         for p in report["passes"]) + " (pass 1 / pass 2)")
    print(f"growth from 10 % of pass 1 to the end of pass 2: {report['growth_mb']:+.1f} MB "
          f"(threshold {report['threshold_mb']:.0f} MB): {report['verdict']}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="RSS columns are MB after the page where that share of the items was listed; "
        "'peak' is VmHWM; MB/1000 is the least-squares slope after the first 10 %; ms/page is "
        "the median time of a page in the first and the last tenth of the pass. Verdict 'flat' "
        f"when the growth from the 10 % point of pass 1 to the end of pass 2 is "
        f"< {THRESHOLD_MB:.0f} MB; exit status 1 when not flat. 10,000 applications take ~3 min "
        "on a busy 2-core machine.")
    parser.add_argument("--applications", type=int, default=10_000,
                        help="submitted applications to list (default 10,000; try 2,000 first)")
    parser.add_argument("--via-api", type=int, default=5,
                        help="of which created and submitted through the API (default 5); "
                        "the rest are driver copies of the first")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--timing", action="store_true",
                        help="print only the median seconds a page takes, per pass")
    args = parser.parse_args()
    if args.applications < 1 or args.via_api < 1:
        parser.error("--applications and --via-api must be at least 1")
    with tempfile.TemporaryDirectory(prefix="ats-bench-listmem-") as tmp:
        work = Path(tmp)
        server = EmbeddedServer(storage_path=work / "db", port=free_port(), cache_size="256M")
        server.start()
        process = None
        try:
            asyncio.run(server.wait_ready())
            process, base = start_service(server.uri, work / "keys", work / "service.log")
            report = asyncio.run(run(args, server.uri, base, work / "keys", process.pid))
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
            server.stop()
    if args.json:
        print(json.dumps(report, indent=2))
    elif args.timing:
        print(" ".join(f"{p['page_s_median']:.3f}" for p in report["passes"]))
    else:
        print_report(report)
    return 0 if report["verdict"] == "flat" else 1


if __name__ == "__main__":
    raise SystemExit(main())
