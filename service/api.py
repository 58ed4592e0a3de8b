"""JSON endpoints: ``/api/status`` (a month's reporting status) and ``/healthz``.

Both answer from the snapshot only; a repeated request with the same ETag costs a 304.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from jobs.periods import Month

from .views_common import cached_response, is_stale, month_or_default, services

bp = Blueprint("api", __name__)


def api_error(code: int, message: str) -> Response:
    """Return a JSON error with a Vietnamese message."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = code
    return response


@bp.get("/api/status")
def status() -> Response:
    """Return one month's status: rates and every expected unit."""
    view = services().state.view()
    if view.snapshot is None:
        response = api_error(503, "Chưa có số liệu: dịch vụ chưa đọc được bảng tính lần nào.")
        response.headers["Retry-After"] = "30"
        return response
    try:
        month = month_or_default(request.args.get("month"), view.snapshot)
    except ValueError:
        return api_error(400, "Tháng không hợp lệ: hãy ghi dạng YYYY-MM, ví dụ 2026-10.")
    data = view.snapshot["months"].get(month.iso())
    if data is None:
        return api_error(404, f"Chưa có số liệu cho tháng {month.label()}.")
    stale = is_stale(view)
    return cached_response(
        key=("api", month.iso(), view.version, stale),
        last_modified=view.snapshot["read_at"],
        build=lambda: _status_body(data, view.snapshot, view.status, stale),
        mimetype="application/json",
    )


def _status_body(
    data: dict[str, Any], snapshot: dict[str, Any], status: dict[str, Any], stale: bool
) -> bytes:
    """Return the JSON of one month as DESIGN.md §6 lists it."""
    body = {
        "month": data["month"],
        "deadline": data["deadline"],
        "expected": data["expected"],
        "reported": data["reported"],
        "on_time": data["on_time"],
        "reporting_rate": data["reporting_rate"],
        "on_time_rate": data["on_time_rate"],
        "totals": data["totals"],
        "units": [
            {
                "name": unit["name"],
                "status": unit["status"],
                "submitted_at": unit["submitted_at"],
                "counts": unit["counts"],
            }
            for unit in data["units"]
        ],
        "last_sync": snapshot["read_at"],
        "last_sync_ok": bool(status.get("ok", True)),
        "stale": stale,
    }
    return current_app.json.dumps(body).encode()


@bp.get("/healthz")
def healthz() -> Response:
    """Say whether the last sync succeeded (200) or failed (503)."""
    view = services().state.view()
    body = {
        "ok": view.last_sync_ok,
        "last_sync_attempt": view.status.get("at"),
        "last_sync_ok": view.last_sync_ok,
        "snapshot_read_at": view.snapshot["read_at"] if view.snapshot else None,
        "stale": is_stale(view),
    }
    if not view.last_sync_ok:
        body["error"] = view.status.get("message")
    response = jsonify(body)
    response.status_code = 200 if view.last_sync_ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


__all__ = ["Month", "bp"]
