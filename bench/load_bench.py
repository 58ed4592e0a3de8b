"""Load benchmark of the production service: gunicorn with the repository's config on
127.0.0.1, the status page and the JSON API under wrk, and the service's memory.

Starts the emulator and gunicorn in their own processes (the emulator holds 9 units x 12
months of reports), waits for the first scheduled sync, then runs wrk for a bounded time
per endpoint and prints requests per second, p50 and p99, and the resident memory of
the gunicorn processes; finally it measures one worker with its scheduler alone. Needs
Debian's wrk (``apt-get install wrk``). Usage::

    .venv/bin/python bench/load_bench.py [--seconds 10] [--connections 32] [--workers 2]
        [--threads N] [--warmup 3]
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Sibling benchmark modules, reused for their sheet builder and helpers.
import sync_bench
import sync_data
from emulator_bench import free_port, rss_mib

ROOT = Path(__file__).resolve().parent.parent
BUDGET_RPS = 1000
BUDGET_P99_MS = 50
BUDGET_RSS_MB = 200


def children(pid: int) -> list[int]:
    """Return the direct children of a process."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def start_gunicorn(env: dict[str, str], workers: int, port: int, log: Path) -> subprocess.Popen:
    """Start gunicorn with the repository's config and wait for the first sync."""
    env = {**env, "WEB_CONCURRENCY": str(workers), "PORT": str(port)}
    handle = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "service.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    for _ in range(600):
        try:
            reply = requests.get(f"http://127.0.0.1:{port}/api/status", timeout=2)
            if reply.status_code == 200:  # the first scheduled sync has made a snapshot
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.1)
    raise RuntimeError("the service did not finish its first sync")


def stop(process: subprocess.Popen) -> None:
    """Stop a gunicorn master and its workers."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(url: str, seconds: float, connections: int, threads: int) -> dict[str, float]:
    """Run wrk against one URL; return requests/s and the 50th and 99th percentiles (ms)."""
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": float(non_2xx.group(1)) if non_2xx else 0.0,
    }


def _ms(text: str) -> float:
    """Convert wrk's latency text (us, ms, s) to milliseconds."""
    value, unit = float(re.match(r"[\d.]+", text).group()), re.sub(r"[\d.]+", "", text)
    return {"us": value / 1000, "ms": value, "s": value * 1000}[unit]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=None, help="gunicorn threads (default: gunicorn.conf.py)"
    )
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load")
    args = parser.parse_args()
    threads = args.threads or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["threads"]
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    state = Path(tempfile.mkdtemp(prefix="ispeed-load-"))
    emulator = sync_bench.Emulator()
    try:
        spreadsheet_id = sync_bench.create_sheet(emulator, sync_data.build(9, 12))
        env = {
            **os.environ,
            "SHEETS_ENDPOINT": emulator.url,
            "SPREADSHEET_ID": spreadsheet_id,
            "SCHEDULER": "on",
            "SYNC_INTERVAL_MINUTES": "5",
            "STATE_DIR": str(state / "many"),
            "GUNICORN_CMD_ARGS": f"--threads {threads}",
        }
        port = free_port()
        server = start_gunicorn(env, args.workers, port, state / "gunicorn.log")
        try:
            month = requests.get(f"http://127.0.0.1:{port}/api/status", timeout=5).json()["month"]
            urls = {
                "status page /": f"http://127.0.0.1:{port}/?month={month}",
                "JSON /api/status": f"http://127.0.0.1:{port}/api/status?month={month}",
            }
            print(
                f"gunicorn {args.workers} worker(s) x {threads} threads, wrk {args.connections} "
                f"connections, {args.seconds:g} s per endpoint after {args.warmup:g} s of "
                f"warm-up, on {os.cpu_count()} cores:"
            )
            for name, url in urls.items():
                if args.warmup >= 1:  # every worker's first views, caches and templates
                    wrk(url, args.warmup, args.connections, threads=2)
                figures = wrk(url, args.seconds, args.connections, threads=2)
                print(
                    f"  {name:18s} {figures['rps']:8.0f} requests/s "
                    f"(x{figures['rps'] / BUDGET_RPS:.2f} of {BUDGET_RPS})  "
                    f"p50 {figures['p50']:6.2f} ms  p99 {figures['p99']:6.2f} ms "
                    f"(x{figures['p99'] / BUDGET_P99_MS:.2f} of {BUDGET_P99_MS} ms)  "
                    f"non-2xx {figures['errors']:.0f}"
                )
            workers = children(server.pid)
            total = rss_mib(server.pid) + sum(rss_mib(pid) for pid in workers)
            print(
                f"  resident memory after load: master {rss_mib(server.pid):.0f} MiB, "
                f"workers {', '.join(f'{rss_mib(p):.0f}' for p in workers)} MiB, "
                f"total {total:.0f} MiB"
            )
        finally:
            stop(server)
        env["STATE_DIR"] = str(state / "one")
        single = start_gunicorn(env, 1, free_port(), state / "gunicorn-1.log")
        try:
            worker = children(single.pid)
            mine = rss_mib(single.pid) + sum(rss_mib(pid) for pid in worker)
            print(
                f"  one worker with its scheduler (after its first sync): {mine:.0f} MiB "
                f"resident, master included (x{mine / BUDGET_RSS_MB:.2f} of "
                f"{BUDGET_RSS_MB} MB)"
            )
        finally:
            stop(single)
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
