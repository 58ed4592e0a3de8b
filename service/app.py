"""The Flask application factory: settings, state, syncer, views, headers, scheduling.

create_app()  -> reads Settings from the environment (production, gunicorn)
create_app(settings, state=..., client_factory=...)  -> tests and the demo
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, Response

from . import api, errors_web, tasks, views
from .settings import Settings
from .state import State
from .syncer import Syncer
from .views_common import ResponseCache, Services

log = logging.getLogger("service.app")

SECURITY_HEADERS = {
    # No inline script anywhere: the pages work without JavaScript.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    settings: Settings | None = None,
    *,
    state: State | None = None,
    client_factory: Callable[[], Any] | None = None,
    start_scheduler: bool | None = None,
    first_read: bool = True,
) -> Flask:
    """Build the app; schedule syncs when settings say so (SCHEDULER=on).

    Without the scheduler, a process that has no snapshot yet reads the sheet once in the
    background (``first_read``; tests turn it off to stay in control).
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.debug = False  # never the debugger, whatever the environment says
    app.json.ensure_ascii = False  # Vietnamese stays readable in JSON
    state = state or State(settings.state_dir)
    if client_factory is None:
        from sheets.client import make_client

        def client_factory() -> Any:
            return make_client(
                endpoint=settings.sheets_endpoint, credentials_file=settings.credentials_file
            )

    syncer = Syncer(settings, state, client_factory)
    app.extensions["ispeed"] = Services(settings, state, syncer)
    app.extensions["ispeed-cache"] = ResponseCache()
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(tasks.bp)
    errors_web.register(app)
    app.after_request(_security_headers)
    if start_scheduler is None:
        start_scheduler = settings.scheduler
    if settings.spreadsheet_id:
        if start_scheduler:
            from . import scheduler

            app.extensions["ispeed-scheduler"] = scheduler.start(
                syncer,
                interval_minutes=settings.sync_interval_minutes,
                timezone=settings.timezone,
                state_dir=settings.state_dir,
            )
        elif first_read and state.view().snapshot is None:
            # A fresh process serves from a snapshot built with one read (never a write).
            threading.Thread(target=syncer.ensure_snapshot, name="first-read", daemon=True).start()
    else:
        log.warning("SPREADSHEET_ID is not set: the service has nothing to show")
    return app


def _security_headers(response: Response) -> Response:
    """Add the security headers to every response."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
