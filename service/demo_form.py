"""The demo's stand-in for the Google Form: ``/demo/form``, mounted only by ``ispeed-report demo``.

Rendered from forms.definition, one field per question; works without JavaScript. A valid
submission appends one row to the responses tab as Forms does (see service.demo_sheet) and
redirects to a confirmation page, so reloading it never sends twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request, url_for

from forms.definition import FORM_TITLE, QUESTIONS
from jobs.periods import month_due

from .demo_answers import check_answers, html_pattern
from .demo_sheet import FormSheet, append_response, open_form_sheet
from .errors import ISpeedError
from .views_common import services

log = logging.getLogger("service.demo")
bp = Blueprint("demo", __name__, url_prefix="/demo")

NOT_SENT = "Chưa gửi được báo cáo: {reason} Hãy thử gửi lại sau ít phút."
CANNOT_LOAD = "Chưa mở được biểu mẫu: {reason} Hãy tải lại trang sau ít phút."
FIX_BELOW = "Chưa gửi được: có {count} câu trả lời cần sửa (xem các ô ghi chú màu đỏ)."


def _now() -> datetime:
    """Return the current time in the office's time zone."""
    return datetime.now(ZoneInfo(services().settings.timezone))


def _sheet() -> tuple[Any, FormSheet]:
    """Return a client and what one read of the spreadsheet gives the form."""
    settings = services().settings
    client = services().syncer.client_factory()
    return client, open_form_sheet(client, settings.require_spreadsheet_id())


def _page(
    *,
    units: list[str],
    typed: dict[str, Any],
    errors: dict[str, str],
    message: str = "",
    status: int = 200,
) -> Response:
    """Render the form with the answers typed so far and any errors."""
    due = month_due(_now())
    body = render_template(
        "demo_form.html",
        form_title=FORM_TITLE,
        questions=QUESTIONS,
        units=units,
        typed=typed,
        errors=errors,
        message=message,
        month_example=due.label(),
        deadline_day=services().settings.deadline_day,
        patterns={q.key: html_pattern(q.pattern) for q in QUESTIONS},
    )
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/form")
def form() -> Response:
    """Show the empty form (answers may be prefilled from the query string, as Forms links do)."""
    typed: dict[str, Any] = {q.key: request.args.get(q.key, "") for q in QUESTIONS}
    typed["means"] = request.args.getlist("means")
    try:
        _client, sheet = _sheet()
    except ISpeedError as err:
        log.warning("demo form cannot read the spreadsheet: %s", err)
        message = CANNOT_LOAD.format(reason=err.user_message)
        return _page(units=[], typed=typed, errors={}, message=message, status=503)
    return _page(units=sheet.units, typed=typed, errors={})


@bp.post("/form")
def submit() -> Response:
    """Check the answers; append them to the responses tab or show the form again."""
    try:
        client, sheet = _sheet()
    except ISpeedError as err:
        log.warning("demo form cannot read the spreadsheet: %s", err)
        typed = check_answers(request.form, []).typed
        unit = str(typed.get("unit", ""))
        message = NOT_SENT.format(reason=err.user_message)
        # Keep what was typed so it can be sent again; the list of units is not known now.
        return _page(
            units=[unit] if unit else [], typed=typed, errors={}, message=message, status=503
        )
    checked = check_answers(request.form, sheet.units)
    if not checked.ok:
        message = FIX_BELOW.format(count=len(checked.errors))
        return _page(
            units=sheet.units,
            typed=checked.typed,
            errors=checked.errors,
            message=message,
            status=422,
        )
    submitted_at = _now().replace(microsecond=0)  # the sheet and the page show the same second
    try:
        append_response(client, sheet, checked.answers, submitted_at)
    except ISpeedError as err:
        log.warning("demo form could not append a response: %s", err)
        message = NOT_SENT.format(reason=err.user_message)
        return _page(units=sheet.units, typed=checked.typed, errors={}, message=message, status=503)
    log.info("demo form: %s sent %s", checked.answers["unit"], checked.answers["month"])
    target = url_for(
        "demo.sent",
        unit=checked.answers["unit"],
        month=checked.answers["month"],
        at=submitted_at.strftime("%H:%M:%S ngày %d/%m/%Y"),
    )
    return redirect(target, code=303)


@bp.get("/form/da-gui")
def sent() -> Response:
    """Say that the report was sent."""
    seconds = round(services().settings.sync_interval_minutes * 60)
    body = render_template(
        "demo_thanks.html",
        unit=request.args.get("unit", ""),
        month=request.args.get("month", ""),
        at=request.args.get("at", ""),
        wait=f"{seconds} giây" if seconds < 120 else f"{round(seconds / 60)} phút",
    )
    response = Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
