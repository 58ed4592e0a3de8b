"""The client and the emulator under trouble: quotas, outages, broken bodies, crashes, races."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import gspread
import pytest

from service.errors import SheetsQuotaExceeded, SheetsUnavailable
from sheets.client import make_client, translate_errors
from sheets.emulator.server import EmulatorServer
from sheets.emulator.store import Store
from sheets.transport import GoogleTransport, RetryPolicy
from tests.test_sheets_transport import FakeTime


def test_a_burst_of_429_is_retried_and_the_call_succeeds(emulator, spreadsheet):
    sheet = spreadsheet.sheet1
    sheet.update([["Xã Nông Thượng"]], "A1")
    emulator.faults.reset_stats()
    emulator.faults.configure({"fail_next": 3, "fail_status": 429})
    assert sheet.get_all_values() == [["Xã Nông Thượng"]]
    stats = emulator.faults.stats()
    assert stats["injected_failures"] == 3
    assert stats["values.get"] == 4  # three refusals, then the answer


def test_an_exhausted_quota_is_waited_out(emulator, client):
    spreadsheet = client.create("Hạn mức")
    emulator.faults.configure({"quotas": {"read_per_user": 2}, "window_seconds": 0.3})
    patient = make_client(
        endpoint=emulator.url,
        policy=RetryPolicy(max_attempts=8, base_delay=0.1, max_delay=0.4, deadline=5),
    )
    sheet = patient.open_by_key(spreadsheet.id).sheet1
    for _ in range(4):
        sheet.get_all_values()
    assert emulator.faults.stats()["quota_rejections"] >= 1


def test_a_quota_that_stays_exhausted_is_a_clear_error(emulator, client):
    sheet = client.create("Hạn mức hết").sheet1
    emulator.faults.configure({"quotas": {"read_per_user": 0}})
    with pytest.raises(SheetsQuotaExceeded) as excinfo, translate_errors():
        sheet.get_all_values()
    assert excinfo.value.status == 429
    assert "Quota exceeded" in str(excinfo.value)
    assert "giới hạn" in excinfo.value.user_message


def test_a_persistent_503_ends_in_a_clear_error_within_the_deadline(emulator):
    fake = FakeTime()
    policy = RetryPolicy(max_attempts=20, base_delay=0.5, max_delay=8, deadline=30)
    transport = GoogleTransport(
        emulator.url, policy=policy, sleep=fake.sleep, clock=fake.clock, rng=lambda: 1.0
    )
    client = make_client(endpoint=emulator.url, transport=transport)
    sheet = client.create("Mất kết nối").sheet1
    emulator.faults.reset_stats()
    emulator.faults.configure({"fail_next": 10_000, "fail_status": 503})
    with pytest.raises(SheetsUnavailable) as excinfo, translate_errors():
        sheet.get_all_values()
    assert excinfo.value.status == 503
    assert "The service is currently unavailable." in str(excinfo.value)
    assert sum(fake.sleeps) <= policy.deadline  # the whole wait stays inside the budget
    attempts = emulator.faults.stats()["values.get"]
    assert 2 <= attempts <= policy.max_attempts
    assert attempts == len(fake.sleeps) + 1


def test_a_truncated_read_is_retried(emulator, spreadsheet):
    spreadsheet.sheet1.update([["Đơn vị"], ["Phường Đức Xuân"]], "A1")
    emulator.faults.configure({"truncate_next": 1, "truncate_mode": "connection"})
    assert spreadsheet.sheet1.col_values(1) == ["Đơn vị", "Phường Đức Xuân"]
    assert emulator.faults.stats()["truncated_responses"] == 1


def test_a_truncated_append_is_not_sent_twice(emulator, spreadsheet):
    sheet = spreadsheet.sheet1
    emulator.faults.configure({"truncate_next": 1, "truncate_mode": "connection"})
    with pytest.raises(SheetsUnavailable), translate_errors():
        sheet.append_row(["Phường Sông Cầu", 3])
    assert sheet.get_all_values() == [["Phường Sông Cầu", "3"]]  # written once, not twice


def test_concurrent_batch_updates_lose_nothing_and_leave_a_readable_file(tmp_path):
    data = tmp_path / "emulator.json"
    with EmulatorServer(data_path=str(data)) as server:
        first = make_client(endpoint=server.url, token="alice")
        spreadsheet = first.create("Đồng thời")
        second = make_client(endpoint=server.url, token="bob").open_by_key(spreadsheet.id)
        sheet_id = spreadsheet.sheet1.id
        errors: list[BaseException] = []

        def writer(book: gspread.Spreadsheet, column: int) -> None:
            try:
                for row in range(40):
                    book.batch_update(
                        {
                            "requests": [
                                {
                                    "updateCells": {
                                        "start": {
                                            "sheetId": sheet_id,
                                            "rowIndex": row,
                                            "columnIndex": column,
                                        },
                                        "rows": [
                                            {
                                                "values": [
                                                    {
                                                        "userEnteredValue": {
                                                            "stringValue": f"{column}:{row}"
                                                        }
                                                    }
                                                ]
                                            }
                                        ],
                                        "fields": "userEnteredValue",
                                    }
                                }
                            ]
                        }
                    )
            except BaseException as err:  # reported by the main thread
                errors.append(err)

        threads = [
            threading.Thread(target=writer, args=(b, c))
            for c, b in enumerate((spreadsheet, second))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        expected = [[f"0:{r}", f"1:{r}"] for r in range(40)]
        assert spreadsheet.sheet1.get_all_values() == expected
    reloaded = Store(data).spreadsheets[spreadsheet.id]
    assert [[reloaded.sheets[0].get(r, c) for c in range(2)] for r in range(40)] == expected


def _free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


QUICK_GIVE_UP = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.01, deadline=0.5)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    """Wait for a subprocess emulator to answer its health check."""
    import requests

    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(f"emulator exited with {process.returncode}")
        try:
            requests.get(f"{url}/_emulator/health", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("emulator did not start")


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killing_the_emulator_mid_write_leaves_a_readable_file(tmp_path: Path):
    data = tmp_path / "crash.json"
    port = _free_port()
    command = [sys.executable, "-m", "service.cli", "emulator", "--port", str(port)]
    log = (tmp_path / "emulator.log").open("wb")
    process = subprocess.Popen(
        [*command, "--data", str(data), "--no-quotas"], stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        spreadsheet = make_client(endpoint=url, policy=QUICK_GIVE_UP).create("Sự cố")
        sheet = spreadsheet.sheet1
        acknowledged = 0
        killer = threading.Timer(0.8, os.kill, args=(process.pid, signal.SIGKILL))
        killer.start()
        try:
            for row in range(1, 10_000):
                sheet.update([[f"dòng {row}"] * 20], f"A{row}")
                acknowledged = row
        except Exception:  # the emulator was killed under us, as planned
            pass
        killer.join()
    finally:
        process.kill()
        process.wait()
        log.close()
    assert acknowledged > 0
    payload = json.loads(data.read_text(encoding="utf-8"))  # never a torn file
    assert payload["version"] == 1
    stored = Store(data).spreadsheets[spreadsheet.id].sheets[0]
    # Every write the client saw acknowledged is in the file.
    assert all(stored.get(r, 0) == f"dòng {r + 1}" for r in range(acknowledged))
