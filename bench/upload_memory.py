"""Server memory during a large upload: does an N MB PDF cost the service N MB of RAM?

Starts the REAL service (``python -m app serve``) on a free port with a throw-away embedded
database, creates and publishes a Contract Agent call as HR, and for each run applies as a new
candidate and uploads a PDF streamed from disk. A thread samples the server process's RSS every
20 ms; growth = peak during the upload - RSS just before it. A 10 KB upload is measured the same
way, so the big upload's growth can be read against the fixed cost of any upload.

    .venv/bin/python bench/upload_memory.py --size-mb 10 --runs 3

Only the API process is measured: the embedded database is a separate process (its memory is the
database's, as it would be with a real MongoDB).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.security.tokens import mint_dev_token  # noqa: E402
from app.services.demo_calls import CA_AI_OFFICE  # noqa: E402

MB = 1_048_576
THRESHOLD_MB = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_pdf(path: Path, size: int) -> int:
    """A valid one-page PDF of about ``size`` bytes (an incompressible image), written in chunks."""
    width = 1024
    height = max(1, (size - 1024) // (3 * width))
    image_length = width * height * 3
    offsets: list[int] = []
    with path.open("wb") as out:
        def obj(body: bytes) -> None:
            offsets.append(out.tell())
            out.write(body)

        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        obj(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
        obj(b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
        obj(b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n")
        offsets.append(out.tell())
        out.write(f"4 0 obj\n<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                  f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {image_length} >>\n"
                  "stream\n".encode())
        left = image_length
        while left:
            step = min(left, MB)
            out.write(os.urandom(step))
            left -= step
        out.write(b"\nendstream\nendobj\n")
        content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        obj(b"5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (len(content), content))
        xref = out.tell()
        out.write(b"xref\n0 6\n0000000000 65535 f \n")
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
        return out.tell()


class PeakSampler:
    """Polls a process's RSS every ``interval`` seconds in a thread; keeps the maximum."""

    def __init__(self, process: psutil.Process, interval: float = 0.02) -> None:
        self.process = process
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self) -> PeakSampler:
        self.peak = self.process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


class Service:
    """The API as a child process, with its own database and signing key in ``workdir``."""

    def __init__(self, workdir: Path, args: argparse.Namespace) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ATS_ENV": "development",
            "ATS_EMBEDDED_DB_PATH": str(workdir / "db"),
            "ATS_DEV_KEYS_PATH": str(workdir / "keys"),
            "ATS_SCHEDULER_ENABLED": "false",
            "ATS_DEMO_DATA": "false",
            "ATS_LOG_LEVEL": "WARNING",
        }
        self.env.pop("ATS_MONGODB_URI", None)  # no URI: the service starts its embedded DB
        if args.clamd_host:
            self.env["ATS_CLAMD_HOST"] = args.clamd_host
            self.env["ATS_CLAMD_PORT"] = str(args.clamd_port)
        self.settings = Settings(_env_file=None, env="development",
                                 dev_keys_path=workdir / "keys")
        self.log = (workdir / "service.log").open("wb")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> psutil.Process:
        python = str(ROOT / ".venv" / "bin" / "python")
        subprocess.run([python, "-m", "app", "migrate"], cwd=ROOT, env=self.env, check=True,
                       stdout=self.log, stderr=subprocess.STDOUT)
        self.process = subprocess.Popen(
            [python, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the service exited with {self.process.returncode}; "
                                 f"see {self.log.name}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return psutil.Process(self.process.pid)
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("the service did not become ready within 90 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def headers(self, *roles: str, sub: str, unit: str | None = None) -> dict[str, str]:
        token = mint_dev_token(self.settings, sub=sub, roles=list(roles), unit=unit)
        return {"Authorization": f"Bearer {token}"}


def create_call(http: httpx.Client, service: Service) -> str:
    hr = service.headers("hr", sub="bench-hr", unit="CNECT")  # HR of the call's DG
    body: dict[str, Any] = CA_AI_OFFICE.model_dump(mode="json")
    brussels_soon = datetime.now(UTC) + timedelta(days=30)
    body["deadline"] = {"local": brussels_soon.replace(tzinfo=None, microsecond=0).isoformat(),
                        "zone": "Europe/Brussels"}
    body["reference"] = f"BENCH/{secrets.token_hex(4)}"
    created = http.post("/api/v1/calls", json=body, headers=hr)
    created.raise_for_status()
    call_id: str = created.json()["id"]
    http.post(f"/api/v1/calls/{call_id}/publish", headers=hr).raise_for_status()
    return call_id


def measure(http: httpx.Client, service: Service, server: psutil.Process, call_id: str,
            path: Path, kind: str, candidate: str) -> tuple[int, int, int]:
    """Apply as a new candidate and upload ``path``; return (baseline, peak, HTTP status)."""
    headers = service.headers("candidate", sub=candidate)
    applied = http.post(f"/api/v1/calls/{call_id}/applications", json={"profile": {}},
                        headers=headers)
    applied.raise_for_status()
    url = f"/api/v1/applications/{applied.json()['id']}/documents"
    time.sleep(0.3)  # let the allocator settle after the previous request
    with path.open("rb") as source, PeakSampler(server) as sampler:
        baseline = sampler.peak
        response = http.post(url, data={"kind": kind},
                             files={"file": (path.name, source, "application/pdf")},
                             headers=headers)
    if response.status_code != 201:
        print(f"  upload answered {response.status_code}: {response.text[:300]}")
    return baseline, sampler.peak, response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=10.0, help="size of the big PDF (MB)")
    parser.add_argument("--baseline-kb", type=float, default=10.0,
                        help="size of the small upload measured for comparison (KB)")
    parser.add_argument("--runs", type=int, default=3, help="uploads of each size")
    parser.add_argument("--kind", default="cv", choices=["cv", "application_form"],
                        help="document kind (a CV is also searched for Europass XML)")
    parser.add_argument("--clamd-host", default=None, help="scan with this clamd (optional)")
    parser.add_argument("--clamd-port", type=int, default=3310)
    parser.add_argument("--threshold-mb", type=float, default=THRESHOLD_MB,
                        help="PASS when the largest growth stays below this")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ats-bench-") as tmp:
        workdir = Path(tmp)
        big, small = workdir / "big.pdf", workdir / "small.pdf"
        big_size = write_pdf(big, int(args.size_mb * MB))
        small_size = write_pdf(small, int(args.baseline_kb * 1024))
        service = Service(workdir, args)
        try:
            server = service.start()
            with httpx.Client(base_url=service.base, timeout=120) as http:
                call_id = create_call(http, service)
                # Warm-up: imports, connection pools and first-use allocations are not growth.
                measure(http, service, server, call_id, small, args.kind, "bench-warmup")
                small_growth, big_growth = [], []
                for run in range(args.runs):
                    b0, p0, s0 = measure(http, service, server, call_id, small, args.kind,
                                         f"bench-small-{run}")
                    b1, p1, s1 = measure(http, service, server, call_id, big, args.kind,
                                         f"bench-big-{run}")
                    small_growth.append((p0 - b0) / MB)
                    big_growth.append((p1 - b1) / MB)
                    print(f"run {run + 1}: small {s0} baseline {b0 / MB:7.1f} MB peak "
                          f"{p0 / MB:7.1f} MB growth {(p0 - b0) / MB:5.2f} MB | big {s1} "
                          f"baseline {b1 / MB:7.1f} MB peak {p1 / MB:7.1f} MB growth "
                          f"{(p1 - b1) / MB:5.2f} MB")
                    if s0 != 201 or s1 != 201:
                        print("FAIL: an upload was refused")
                        return 1
        finally:
            service.stop()

    worst = max(big_growth)
    small_ref = statistics.median(small_growth)
    print()
    print(f"scanner:               {'clamd ' + args.clamd_host if args.clamd_host else 'none'}")
    print(f"document kind:         {args.kind}")
    print(f"file size:             {big_size / MB:.2f} MB ({big_size} bytes)")
    print(f"baseline RSS (last):   {b1 / MB:.1f} MB")
    print(f"peak RSS (last):       {p1 / MB:.1f} MB")
    print(f"growth, big upload:    median {statistics.median(big_growth):.2f} MB, "
          f"max {worst:.2f} MB")
    print(f"growth, {small_size / 1024:.0f} KB upload: median {small_ref:.2f} MB")
    print(f"growth / file size:    {worst / (big_size / MB):.3f}")
    extra = worst - small_ref
    print(f"big minus small:       {extra:.2f} MB "
          f"({extra / (big_size / MB):.3f} of the file size)")
    verdict = "PASS" if worst < args.threshold_mb else "FAIL"
    print(f"{verdict}: largest growth {worst:.2f} MB {'<' if worst < args.threshold_mb else '>='} "
          f"{args.threshold_mb:.0f} MB")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
