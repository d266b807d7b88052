"""Seconds from Ctrl-C to a stopped service, on the embedded database.

Starts the REAL service (``python -m app serve``) in a session of its own, as a terminal would,
with a throw-away embedded database; waits for ``/readyz``; then sends SIGINT to the whole
process group (what Ctrl-C does) and times until the API has exited and no process of the group
is left. Several runs; prints each and the median.

    .venv/bin/python bench/shutdown.py --runs 5

Target: under 2 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m app serve`` as a terminal's foreground job: its own process group."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.update({
        "ATS_ENV": "development", "ATS_PORT": str(port), "ATS_LOG_LEVEL": "WARNING",
        "ATS_EMBEDDED_DB_PATH": str(workdir / "db"), "ATS_DEV_KEYS_PATH": str(workdir / "keys"),
        "ATS_DEMO_DATA": "false", "PYTHONPATH": str(ROOT),
    })
    # `serve` refuses a database with pending migrations, as `make run` applies them first.
    subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=workdir, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process = subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=workdir, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process, port
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit("the service exited during start-up")
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("the service did not become ready within 90 s")


def one_run() -> float:
    with tempfile.TemporaryDirectory(prefix="ats-shutdown-") as tmp:
        process, _ = start(Path(tmp))
        group = [process.pid, *(c.pid for c in psutil.Process(process.pid).children(True))]
        began = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return float("inf")
        survivors = [p for p in group if psutil.pid_exists(p)]
        _, alive = psutil.wait_procs([psutil.Process(p) for p in survivors if _exists(p)],
                                     timeout=60)
        elapsed = time.monotonic() - began
        for p in alive:
            p.kill()
        return elapsed


def _exists(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(a loaded machine stretches every figure)", flush=True)
    times = []
    for run in range(1, args.runs + 1):
        seconds = one_run()
        times.append(seconds)
        print(f"run {run}: {seconds:.2f} s from SIGINT to exit", flush=True)
    median = statistics.median(times)
    verdict = "OK" if median < TARGET_SECONDS else "SLOW"
    print(f"median {median:.2f} s over {args.runs} runs "
          f"(target < {TARGET_SECONDS:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
