"""The schedule runs exactly once, however many gunicorn workers serve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from service.scheduler import Leadership
from tests.sync_corpus import vietnamese_spreadsheet, write_responses
from tests.test_sheets_resilience import _free_port

ROOT = Path(__file__).resolve().parent.parent
INTERVAL_MINUTES = 0.05  # 3 seconds


def test_only_one_holder_of_the_scheduler_lock(tmp_path):
    first, second = Leadership(tmp_path / "lock"), Leadership(tmp_path / "lock")
    assert first.held() is True
    assert second.held() is False
    assert (tmp_path / "lock").read_text().strip() == str(os.getpid())
    first.release()
    assert second.held() is True
    second.release()


def _status(state_dir: Path) -> dict:
    try:
        return json.loads((state_dir / "sync-status.json").read_text())
    except (OSError, ValueError):
        return {}


def _watch(state_dir: Path, seconds: float) -> set[int]:
    """Return the pids that recorded a sync during the next ``seconds``."""
    pids: set[int] = set()
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        status = _status(state_dir)
        if status.get("at") != last and status.get("pid"):
            pids.add(status["pid"])
            last = status.get("at")
        time.sleep(0.1)
    return pids


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs a POSIX system")
def test_three_gunicorn_workers_sync_once_per_interval_and_hand_over(client, emulator, tmp_path):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    state_dir = tmp_path / "state"
    port = _free_port()
    env = {
        **os.environ,
        "SHEETS_ENDPOINT": emulator.url,
        "SPREADSHEET_ID": spreadsheet.id,
        "STATE_DIR": str(state_dir),
        "SCHEDULER": "on",
        "SYNC_INTERVAL_MINUTES": str(INTERVAL_MINUTES),
        "PORT": str(port),
        "WEB_CONCURRENCY": "3",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "service.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            if _status(state_dir).get("ok"):
                break
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.1)
        assert _status(state_dir).get("ok"), (tmp_path / "gunicorn.log").read_text()
        emulator.faults.reset_stats()
        pids = _watch(state_dir, 7.5)
        reads = emulator.faults.stats().get("spreadsheets.get", 0)
        assert len(pids) == 1  # one worker syncs; the other two stay quiet
        assert 1 <= reads <= 4  # about one per 3-second interval, not three per interval
        leader = pids.pop()
        assert (state_dir / "scheduler.lock").read_text().strip() == str(leader)
        # The page is served by every worker from the same snapshot.
        etags = {
            requests.get(f"http://127.0.0.1:{port}/api/status?month=2026-10", timeout=10).headers[
                "ETag"
            ]
            for _ in range(12)
        }
        assert len(etags) <= 2  # at most one sync happened in between
        os.kill(leader, signal.SIGKILL)
        time.sleep(1)
        successors = _watch(state_dir, 8)
        assert successors and leader not in successors
        assert len(successors) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
