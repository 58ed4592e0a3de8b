"""The status page for leaders: one month's reporting, read from the snapshot only.

A page is rendered once per state (month, snapshot and sync status, staleness, the day
count) and served with an ETag, so a refresh costs a 304 and never a call to Google.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, request

from . import page_model
from .views_common import cached_response, is_stale, month_or_default, services

bp = Blueprint("page", __name__)

RETRY_AFTER_SECONDS = 30
NO_SNAPSHOT = "Chưa có số liệu"
NO_SNAPSHOT_DETAIL = (
    "Dịch vụ chưa đọc được bảng tính báo cáo lần nào. Vui lòng tải lại trang sau ít phút."
)
BAD_MONTH = "Tháng không hợp lệ"
BAD_MONTH_DETAIL = "Hãy ghi tháng theo dạng YYYY-MM, ví dụ ?month=2026-10."
UNKNOWN_MONTH = "Chưa có số liệu cho tháng {label}"
UNKNOWN_MONTH_DETAIL = "Bảng tính chưa có báo cáo nào của tháng này."


def now() -> datetime:
    """Return the current time (a function so tests can set the clock)."""
    return datetime.now(UTC)


@bp.get("/")
def index() -> Response:
    """Return the status page of a month (``?month=YYYY-MM``, default the month due)."""
    view = services().state.view()
    if view.snapshot is None:
        response = _message(503, NO_SNAPSHOT, NO_SNAPSHOT_DETAIL)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        month = month_or_default(request.args.get("month"), view.snapshot)
    except ValueError:
        return _message(400, BAD_MONTH, BAD_MONTH_DETAIL)
    data = view.snapshot["months"].get(month.iso())
    if data is None:
        return _message(404, UNKNOWN_MONTH.format(label=month.label()), UNKNOWN_MONTH_DETAIL)
    settings = services().settings
    moment = now()
    stale = is_stale(view, moment)
    deadline = datetime.fromisoformat(data["deadline"])
    countdown, _ = page_model.countdown(deadline, moment)
    snapshot, status = view.snapshot, view.status

    def build() -> bytes:
        page = page_model.build(snapshot, status, month, now=moment, settings=settings, stale=stale)
        return render_template("page.html", page=page).encode()

    return cached_response(
        key=("page", month.iso(), view.version, stale, countdown),
        last_modified=_last_change(snapshot["read_at"], status.get("at")),
        build=build,
        mimetype="text/html",
    )


def _last_change(read_at: str, attempt: str | None) -> str:
    """Return the later of the data's read time and the last sync attempt (ISO 8601)."""
    try:
        moments = [datetime.fromisoformat(read_at), datetime.fromisoformat(attempt or "")]
        return max(moments).isoformat()
    except (TypeError, ValueError):  # no attempt recorded, or a naive time
        return read_at


def _message(code: int, title: str, detail: str) -> Response:
    """Return a Vietnamese message page in the style of the app's error pages."""
    html = render_template("message.html", code=code, title=title, detail=detail)
    response = Response(html, status=code, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
