"""Benchmark the Sheets emulator: batchGet of a 10,000-row tab, memory of 1,000,000 cells.

Runs ``ispeed-report emulator`` in its own process (so client and server do not share a
GIL), fills it through the HTTP API, then prints requests per second, latency percentiles
and the emulator's resident memory. Usage::

    .venv/bin/python bench/emulator_bench.py [--seconds 10] [--clients 4]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from jobs.units import SEED_UNITS

ROOT = Path(__file__).resolve().parent.parent
AUTH = {"Authorization": "Bearer bench"}
UNITS = [unit.name for unit in SEED_UNITS]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Return a process's resident memory in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def response_row(i: int) -> list[object]:
    """Return one realistic form response row (12 columns)."""
    unit = UNITS[i % len(UNITS)]
    return [
        f"{1 + i % 28:02d}/{1 + i % 12:02d}/2026 08:{i % 60:02d}:00",
        unit,
        f"{1 + i % 12:02d}/2026",
        i % 9,
        i % 4,
        i % 3,
        i % 5,
        "Trang thông tin điện tử, Zalo, Facebook",
        "Treo băng rôn tại nhà văn hoá",
        f"Ghi chú {i}",
        "Nguyễn Văn A",
        "0912345678",
    ]


def fill(base: str, sheet: str, rows: int, columns: int = 12, chunk: int = 5000) -> None:
    """Write ``rows`` form-like rows into a tab in chunks."""
    session = requests.Session()
    for start in range(0, rows, chunk):
        block = [response_row(i)[:columns] for i in range(start, min(rows, start + chunk))]
        reply = session.put(
            f"{base}/values/{requests.utils.quote(f'{sheet}!A{start + 1}', safe='')}",
            params={"valueInputOption": "USER_ENTERED"},
            json={"values": block},
            headers=AUTH,
            timeout=300,
        )
        reply.raise_for_status()


def add_sheet(base: str, title: str, rows: int, columns: int) -> None:
    """Add a tab of the given size."""
    body = {
        "requests": [
            {
                "addSheet": {
                    "properties": {
                        "title": title,
                        "gridProperties": {"rowCount": rows, "columnCount": columns},
                    }
                }
            }
        ]
    }
    requests.post(f"{base}:batchUpdate", json=body, headers=AUTH, timeout=60).raise_for_status()


def load(url: str, seconds: float, clients: int) -> tuple[list[float], int]:
    """Hammer values:batchGet from several threads; return latencies (s) and bytes of one."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    size = len(requests.get(url, headers=AUTH, timeout=60).content)

    def worker() -> None:
        session = requests.Session()
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            reply = session.get(url, headers=AUTH, timeout=60)
            reply.raise_for_status()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, size


def percentile(values: list[float], q: float) -> float:
    """Return the q-quantile (0..1) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="load duration per client set")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "emulator", "--port", str(port), "--no-quotas"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                requests.get(f"{url}/_emulator/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        idle = rss_mib(process.pid)
        created = requests.post(
            f"{url}/drive/v3/files",
            headers=AUTH,
            timeout=10,
            json={"name": "bench", "mimeType": "application/vnd.google-apps.spreadsheet"},
        ).json()
        base = f"{url}/v4/spreadsheets/{created['id']}"

        add_sheet(base, "Responses", 10_000, 12)
        started = time.perf_counter()
        fill(base, "Responses", 10_000)
        fill_seconds = time.perf_counter() - started
        get_url = f"{base}/values:batchGet?ranges=Responses&valueRenderOption=UNFORMATTED_VALUE"
        results = {}
        for clients in (1, args.clients):
            latencies, size = load(get_url, args.seconds, clients)
            results[clients] = latencies
        print("Emulator benchmark (ispeed-report emulator in its own process, 127.0.0.1)")
        print(f"  10,000-row x 12-column tab written by USER_ENTERED in {fill_seconds:.2f} s")
        print(f"  values:batchGet of the whole tab: {size / 1e6:.2f} MB of JSON per answer")
        for clients, latencies in results.items():
            rate = len(latencies) / args.seconds
            print(
                f"  {clients} client(s): {rate:7.1f} requests/s, "
                f"p50 {statistics.median(latencies) * 1000:7.1f} ms, "
                f"p99 {percentile(latencies, 0.99) * 1000:7.1f} ms ({len(latencies)} requests)"
            )

        before = rss_mib(process.pid)
        add_sheet(base, "Million", 83_334, 12)
        started = time.perf_counter()
        fill(base, "Million", 83_334)
        million_seconds = time.perf_counter() - started
        after = rss_mib(process.pid)
        cells = requests.get(
            f"{base}?fields=sheets.properties.gridProperties", headers=AUTH, timeout=60
        ).json()
        grid = cells["sheets"][-1]["properties"]["gridProperties"]
        total = grid["rowCount"] * grid["columnCount"]
        print(
            f"  1,000,000-cell spreadsheet ({total:,} cells filled, written in "
            f"{million_seconds:.1f} s): resident memory {after:.0f} MiB "
            f"(+{after - before:.0f} MiB for the cells; idle emulator {idle:.0f} MiB), "
            f"{(after - before) * 2**20 / total:.0f} bytes per cell"
        )
        stats = requests.get(f"{url}/_emulator/stats", timeout=10).json()
        print(f"  counters: {json.dumps({k: stats[k] for k in ('read', 'write')})}")
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
