"""The status page for leaders (placeholder until the page is built)."""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("page", __name__)


@bp.get("/")
def index() -> Response:
    """Return the status page."""
    return Response("Tình hình báo cáo i-Speed", mimetype="text/plain")
