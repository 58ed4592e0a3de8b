"""The ``demo`` and ``serve`` commands: one command runs everything; serve execs gunicorn."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from service.cli import main
from sheets.emulator.faults import GOOGLE_QUOTAS
from tests.test_sheets_resilience import _free_port

ROOT = Path(__file__).resolve().parent.parent
READY = "Nhấn Ctrl+C để dừng."
START_TIMEOUT = 60


def _ignore_ctrl_c() -> None:
    """Ignore SIGINT, as a shell without job control does for a command run with ``&``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Demo:
    """``ispeed-report demo`` in a subprocess, its output read line by line."""

    def __init__(self, data: Path, *extra: str, background: bool = False) -> None:
        """Start the demo; ``background``: with Ctrl+C ignored, as ``demo &`` in a script."""
        self.web, self.emulator = _free_port(), _free_port()
        command = [sys.executable, "-m", "service.cli", "demo", "--port", str(self.web)]
        command += ["--emulator-port", str(self.emulator), "--data", str(data), *extra]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=data.parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
            preexec_fn=_ignore_ctrl_c if background else None,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = START_TIMEOUT) -> None:
        """Read output until a line contains ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.output.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} in output:\n" + "\n".join(self.output))

    def stop(self) -> int:
        """Press Ctrl+C and return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            status = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return status

    @property
    def text(self) -> str:
        """Return the output read so far."""
        return "\n".join(self.output)


def test_demo_runs_everything_and_a_second_run_reuses_the_data(tmp_path):
    data = tmp_path / "demo-data.json"
    first = Demo(data, "--interval", "3")
    try:
        first.wait_for(READY)
        web = f"http://127.0.0.1:{first.web}"
        assert f"{web}/demo/form" in first.text and f"{web}/api/status" in first.text
        assert f"http://127.0.0.1:{first.emulator}" in first.text
        assert "Đã tạo bảng tính" in first.text and "Đã ghi dữ liệu mẫu" in first.text
        assert requests.get(f"{web}/demo/form", timeout=30).status_code == 200
        for _ in range(100):  # the scheduler's first sync runs at once
            status = requests.get(f"{web}/api/status", timeout=30)
            if status.status_code == 200:
                break
            time.sleep(0.1)
        assert status.status_code == 200 and status.json()["expected"] == 9
        emulator = f"http://127.0.0.1:{first.emulator}"
        faults = requests.get(f"{emulator}/_emulator/faults", timeout=30).json()
        assert faults["quotas"] == GOOGLE_QUOTAS and faults["require_auth"] is True
        assert requests.get(f"{emulator}/v4/spreadsheets/x", timeout=30).status_code == 401
    finally:
        assert first.stop() == 0, first.text
    assert "Đã dừng bản chạy thử" in first.text
    assert data.exists()

    second = Demo(data, background=True)  # Ctrl+C (SIGINT) stops it all the same
    try:
        second.wait_for(READY)
        assert "Dùng lại bảng tính" in second.text
        assert "không thêm dữ liệu mẫu" in second.text
    finally:
        assert second.stop() == 0, second.text


def test_demo_says_so_when_the_web_port_is_busy(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["demo", "--port", str(port), "--data", str(tmp_path / "d.json")]
        )
    assert result.exit_code == 1
    assert f"Lỗi: Không mở được cổng 127.0.0.1:{port} cho trang web" in result.output
    assert not (tmp_path / "d.json").exists()  # nothing was started


def test_serve_runs_gunicorn_with_the_repository_config(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execvp", lambda program, argv: calls.append((program, argv)))
    monkeypatch.delenv("PORT", raising=False)
    result = CliRunner().invoke(main, ["serve", "--port", "9090"])
    assert result.exit_code == 0, result.output
    [(program, argv)] = calls
    assert program == argv[0] and Path(argv[0]).name == "gunicorn"
    assert argv[1:] == ["--config", str(ROOT / "gunicorn.conf.py"), "service.wsgi:app"]
    assert os.environ["PORT"] == "9090"


def test_serve_stops_on_a_bad_setting_before_starting_gunicorn(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execvp", lambda program, argv: calls.append(argv))
    monkeypatch.setenv("DEADLINE_DAY", "40")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "Lỗi: Giá trị DEADLINE_DAY='40' không hợp lệ" in result.output
    assert calls == []


@pytest.mark.parametrize("interval", ["1", "abc"])
def test_demo_refuses_a_too_short_interval(interval):
    result = CliRunner().invoke(main, ["demo", "--interval", interval])
    assert result.exit_code == 2
