"""``/tasks/sync``: run a sync for a cron.

Allowed with ``X-Appengine-Cron: true`` only when the process really runs on App Engine
(there Google strips that header from outside requests, elsewhere anyone can send it), or
with ``Authorization: Bearer $TASK_TOKEN`` compared in constant time. Anything else is
refused.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, jsonify, request

from .api import api_error
from .syncer import FAILED
from .views_common import services

bp = Blueprint("tasks", __name__)


def _allowed() -> bool:
    """Return True when the caller is App Engine's cron or knows the task token."""
    settings = services().settings
    if settings.on_app_engine and request.headers.get("X-Appengine-Cron") == "true":
        return True
    token = settings.task_token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


@bp.route("/tasks/sync", methods=["GET", "POST"])
def sync() -> Response:
    """Run one sync now and say how it went."""
    if not _allowed():
        return api_error(
            403, "Không được phép: cần mã TASK_TOKEN hoặc lệnh từ cron của App Engine."
        )
    outcome = services().syncer.run()
    view = services().state.view()
    response = jsonify({"outcome": outcome, "status": view.status})
    # A failed sync is a server error for the cron's logs; "busy" means one is running.
    response.status_code = 503 if outcome == FAILED else 200
    response.headers["Cache-Control"] = "no-store"
    return response
