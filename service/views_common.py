"""What the page and the API share: the services of the app, the month asked for, staleness,
and responses cached per month with ETag and Last-Modified.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, request

from jobs.periods import Month

from .settings import Settings
from .state import State, View
from .syncer import Syncer

STALE_INTERVALS = 3  # a snapshot older than three sync intervals is shown as stale
CACHE_SIZE = 64


@dataclass
class Services:
    """What the views need, kept in ``app.extensions["ispeed"]``."""

    settings: Settings
    state: State
    syncer: Syncer


def services() -> Services:
    """Return the current app's services."""
    return current_app.extensions["ispeed"]


def month_or_default(text: str | None, snapshot: dict[str, Any]) -> Month:
    """Return the month asked for (``YYYY-MM``), or the month now due; ValueError if bad."""
    if text is None or text == "":
        return Month.parse_iso(snapshot["month_due"])
    return Month.parse_iso(text)


def read_time(view: View) -> datetime | None:
    """Return when the snapshot's data was read from the sheet."""
    if view.snapshot is None:
        return None
    return datetime.fromisoformat(view.snapshot["read_at"])


def is_stale(view: View, now: datetime | None = None) -> bool:
    """Return True when the data is older than three sync intervals or the last sync failed."""
    read_at = read_time(view)
    if read_at is None or not view.last_sync_ok:
        return True
    minutes = services().settings.sync_interval_minutes
    now = now or datetime.now(UTC)
    return now - read_at > timedelta(minutes=STALE_INTERVALS * minutes)


class ResponseCache:
    """Rendered bodies by key, so repeated views of a month cost no rendering."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], bytes]) -> tuple[bytes, str]:
        """Return (body, etag) for a key, building the body once."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        body = build()
        etag = hashlib.sha256(body).hexdigest()[:20]
        with self._lock:
            self._items[key] = (body, etag)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return body, etag


def cached_response(
    *, key: Hashable, last_modified: str, build: Callable[[], bytes], mimetype: str
) -> Response:
    """Return a cached body with ETag and Last-Modified; 304 when the client has it."""
    cache: ResponseCache = current_app.extensions["ispeed-cache"]
    body, etag = cache.get(key, build)
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.last_modified = datetime.fromisoformat(last_modified)
    response.headers["Cache-Control"] = "no-cache"  # always revalidate: a 304 is cheap
    return response.make_conditional(request)
