"""Errors as people see them: Vietnamese HTML pages, or JSON under /api; causes in the log."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("service.errors")

MESSAGES = {
    404: "Không tìm thấy trang này.",
    405: "Trang này không nhận kiểu yêu cầu đó.",
    500: "Dịch vụ gặp lỗi. Vui lòng thử lại sau ít phút.",
}
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ code }} — Báo cáo i-Speed</title>
<link rel="stylesheet" href="{{ url_for('static', filename='style.css') }}"></head>
<body><main class="error-page"><h1>{{ message }}</h1>
<p><a href="{{ url_for('page.index') }}">Về trang tình hình báo cáo</a></p></main></body></html>
"""


def register(app: Flask) -> None:
    """Install the error handlers on an app."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _respond(code: int) -> Response:
    """Return the error as JSON for the API, as a page otherwise."""
    message = MESSAGES.get(code, "Yêu cầu không thực hiện được.")
    if request.path.startswith("/api/") or request.path.startswith("/tasks/"):
        response = jsonify({"error": {"code": code, "message": message}})
    else:
        response = Response(
            render_template_string(PAGE, code=code, message=message), mimetype="text/html"
        )
    response.status_code = code
    return response


def _http_error(error: HTTPException) -> Response:
    """Answer 404, 405 and the like."""
    return _respond(error.code or 500)


def _unexpected(error: Exception) -> Response:
    """Answer an unexpected failure with a 500 page; the cause goes to the log."""
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _respond(500)
