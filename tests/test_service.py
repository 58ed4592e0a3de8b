"""The Flask service: JSON API, health, the cron task, caching, headers, failures."""

from __future__ import annotations

import pytest

from service.app import create_app
from service.settings import Settings
from service.state import State
from tests.sync_corpus import vietnamese_spreadsheet, write_responses


@pytest.fixture
def office_sheet(client):
    """Return the corpus spreadsheet (after an init, with the messy responses)."""
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    return spreadsheet


@pytest.fixture
def make_app(tmp_path, client, emulator):
    """Return a factory of apps on the emulator, with their state in a temporary folder."""

    def make(spreadsheet_id: str | None, **overrides):
        options = {
            "spreadsheet_id": spreadsheet_id,
            "sheets_endpoint": emulator.url,
            "state_dir": str(tmp_path / "state"),
            "scheduler": False,
            "task_token": "bí-mật",
            **overrides,
        }
        return create_app(Settings(**options), client_factory=lambda: client, first_read=False)

    return make


@pytest.fixture
def synced(make_app, office_sheet):
    """Return a test client of an app whose first sync has run."""
    app = make_app(office_sheet.id)
    assert app.extensions["ispeed"].syncer.run() == "ok"
    return app.test_client()


def test_api_status_has_the_fields_of_the_contract(synced):
    reply = synced.get("/api/status?month=2026-10")
    assert reply.status_code == 200
    body = reply.get_json()
    assert set(body) >= {
        "month",
        "deadline",
        "expected",
        "reported",
        "on_time",
        "reporting_rate",
        "on_time_rate",
        "units",
        "last_sync",
        "stale",
    }
    assert (body["month"], body["expected"], body["reported"], body["on_time"]) == (
        "2026-10",
        9,
        7,
        4,
    )
    assert body["deadline"] == "2026-11-10T00:00:00+07:00"
    assert body["reporting_rate"] == pytest.approx(7 / 9, abs=1e-4)
    units = {u["name"]: u for u in body["units"]}
    assert units["Phường Sông Cầu"]["status"] == "late"
    assert units["Phường Sông Cầu"]["counts"] == {
        "news": 6,
        "articles": 1,
        "programmes": 0,
        "sessions": 1,
    }
    assert units["Phường Phùng Chí Kiên"] == {
        "name": "Phường Phùng Chí Kiên",
        "status": "invalid",
        "submitted_at": None,
        "counts": None,
    }
    assert {u["status"] for u in body["units"]} <= {
        "on_time",
        "late",
        "missing",
        "invalid",
        "reported",
    }


def test_api_never_shows_reporter_names_or_phones(synced):
    text = synced.get("/api/status?month=2026-10").get_data(as_text=True)
    assert "Người báo cáo" not in text and "0912345678" not in text


def test_api_defaults_to_the_month_due(synced):
    body = synced.get("/api/status").get_json()
    assert body["month"] == "2026-10"


@pytest.mark.parametrize("month", ["2026-13", "10/2026", "abc", "2026-1x"])
def test_a_bad_month_is_a_400_in_vietnamese(synced, month):
    reply = synced.get(f"/api/status?month={month}")
    assert reply.status_code == 400
    assert reply.get_json()["error"]["message"].startswith("Tháng không hợp lệ")


def test_a_month_without_data_is_a_404(synced):
    reply = synced.get("/api/status?month=2020-01")
    assert reply.status_code == 404
    assert reply.get_json()["error"]["message"] == "Chưa có số liệu cho tháng 01/2020."


def test_a_refresh_costs_a_304(synced):
    first = synced.get("/api/status?month=2026-10")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = synced.get(
        "/api/status?month=2026-10", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_every_response_carries_the_security_headers(synced):
    for path in ("/", "/api/status", "/healthz", "/no-such-page"):
        headers = synced.get(path).headers
        assert "script-src" not in headers["Content-Security-Policy"]
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_unknown_pages_get_a_vietnamese_404(synced):
    reply = synced.get("/khong-co")
    assert reply.status_code == 404
    assert "Không tìm thấy trang này." in reply.get_data(as_text=True)


def test_healthz_says_the_last_sync_succeeded(synced):
    reply = synced.get("/healthz")
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["ok"] is True and body["snapshot_read_at"]
    assert reply.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic bí-mật"},
        {"X-Appengine-Cron": "true"},  # forged: this process is not on App Engine
    ],
)
def test_the_sync_task_refuses_strangers(synced, headers):
    reply = synced.get("/tasks/sync", headers=headers)
    assert reply.status_code == 403
    assert "Không được phép" in reply.get_json()["error"]["message"]


def test_the_sync_task_runs_with_the_token(make_app, office_sheet, emulator):
    app = make_app(office_sheet.id, task_token="token-123")
    client = app.test_client()
    emulator.faults.reset_stats()
    reply = client.post("/tasks/sync", headers={"Authorization": "Bearer token-123"})
    assert reply.status_code == 200
    assert reply.get_json()["outcome"] == "ok"
    assert emulator.faults.stats()["read"] == 1


def test_the_cron_header_is_trusted_on_app_engine(make_app, office_sheet):
    app = make_app(office_sheet.id, on_app_engine=True, task_token=None)
    reply = app.test_client().get("/tasks/sync", headers={"X-Appengine-Cron": "true"})
    assert reply.status_code == 200


def test_a_failed_sync_keeps_the_last_good_snapshot(make_app, office_sheet, emulator):
    app = make_app(office_sheet.id, task_token="t")
    client = app.test_client()
    assert client.post("/tasks/sync", headers={"Authorization": "Bearer t"}).status_code == 200
    emulator.faults.configure({"fail_next": 1000, "fail_status": 503})
    failed = client.post("/tasks/sync", headers={"Authorization": "Bearer t"})
    assert failed.status_code == 503
    assert failed.get_json()["outcome"] == "failed"
    health = client.get("/healthz")
    assert health.status_code == 503
    assert "Google Sheets tạm thời không phản hồi" in health.get_json()["error"]
    body = client.get("/api/status?month=2026-10").get_json()
    assert body["reported"] == 7  # still served from the last good snapshot
    assert body["stale"] is True and body["last_sync_ok"] is False


def test_a_fresh_process_builds_its_snapshot_with_one_read_and_no_write(
    make_app, office_sheet, emulator, tmp_path
):
    emulator.faults.reset_stats()
    app = make_app(office_sheet.id)
    app.extensions["ispeed"].syncer.ensure_snapshot()
    stats = emulator.faults.stats()
    assert stats["read"] == 1 and stats.get("write", 0) == 0
    assert app.test_client().get("/api/status?month=2026-10").status_code == 200


def test_without_a_snapshot_the_api_asks_to_come_back(make_app):
    client = make_app(None).test_client()
    reply = client.get("/api/status")
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "30"


def test_two_workers_share_the_snapshot_through_the_state_folder(make_app, office_sheet, tmp_path):
    first, second = make_app(office_sheet.id), make_app(office_sheet.id)
    first.extensions["ispeed"].syncer.run()
    state = State(tmp_path / "state")
    assert state.view().snapshot is not None
    assert second.test_client().get("/api/status?month=2026-10").status_code == 200
