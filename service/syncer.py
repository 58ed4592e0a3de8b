"""Run a sync for the service and record what happened, whatever happened.

Used by the scheduler, the ``/tasks/sync`` endpoint and a fresh process that has no
snapshot yet. Failures are logged with their cause for maintainers and recorded with a
Vietnamese message for the page; the last good snapshot is kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from jobs.sync import run_sync

from . import snapshot as snapshots
from .errors import ISpeedError
from .settings import Settings
from .state import State

log = logging.getLogger("service.syncer")
OK, FAILED, BUSY = "ok", "failed", "busy"
UNEXPECTED = "Lần đồng bộ gặp lỗi không mong muốn; bộ phận kỹ thuật cần xem nhật ký."


class Syncer:
    """Sync the configured spreadsheet into the service's state, one run at a time."""

    def __init__(self, settings: Settings, state: State, client_factory: Callable[[], Any]) -> None:
        self.settings = settings
        self.state = state
        self.client_factory = client_factory
        self._running = threading.Lock()

    def run(self, *, write: bool = True) -> str:
        """Sync now and return "ok", "failed" or "busy" (a run is already in progress)."""
        if not self._running.acquire(blocking=False):
            log.info("a sync is already running in this process; skipping")
            return BUSY
        try:
            result = run_sync(
                self.client_factory(),
                self.settings.require_spreadsheet_id(),
                tz=ZoneInfo(self.settings.timezone),
                deadline_day=self.settings.deadline_day,
                write=write,
            )
        except ISpeedError as err:
            log.warning("sync failed: %s", err, exc_info=True)
            self.state.record_failure(err.user_message, str(err))
            return FAILED
        except Exception as err:
            log.exception("sync failed unexpectedly")
            self.state.record_failure(UNEXPECTED, repr(err))
            return FAILED
        finally:
            self._running.release()
        self.state.record_success(
            snapshots.from_result(result),
            wrote=bool(result.writes),
            reads=result.reads,
            writes=result.writes,
        )
        log.info(
            "sync done: %d read(s), %d write(s), wrote %s",
            result.reads,
            result.writes,
            ", ".join(result.written) or "nothing",
        )
        return OK

    def ensure_snapshot(self) -> None:
        """Give a fresh process a snapshot with one read (and no write) if it has none."""
        if self.state.view().snapshot is None:
            self.run(write=False)
