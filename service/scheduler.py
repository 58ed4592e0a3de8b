"""The in-process schedule: a sync every SYNC_INTERVAL_MINUTES, exactly once however many
gunicorn workers run.

Every worker runs an APScheduler job, but a job only syncs in the worker that holds an
exclusive ``flock`` on ``scheduler.lock`` in the state directory. The first worker to
try takes it and keeps it for its whole life; the others' ticks find it taken and do
nothing. If that worker dies the kernel releases the lock and another worker's next
tick takes over. Missed runs are coalesced into one, and a run never overlaps itself.
"""

from __future__ import annotations

import fcntl
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from .syncer import Syncer

log = logging.getLogger("service.scheduler")
LOCK_FILE = "scheduler.lock"


class Leadership:
    """An exclusive lock on a file, taken without waiting and kept until the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def held(self) -> bool:
        """Return True if this process holds the lock, taking it now if it is free."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        log.info("process %d now runs the scheduled syncs", os.getpid())
        return True

    def release(self) -> None:
        """Give the lock up (tests; a real process just exits)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def start(
    syncer: Syncer, *, interval_minutes: float, timezone: str, state_dir: str | Path
) -> BackgroundScheduler:
    """Start syncing every ``interval_minutes``; the first tick comes at once."""
    leadership = Leadership(Path(state_dir) / LOCK_FILE)
    interval = timedelta(minutes=interval_minutes)

    def tick() -> None:
        if leadership.held():
            syncer.run()

    scheduler = BackgroundScheduler(timezone=ZoneInfo(timezone))
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=interval.total_seconds(), timezone=ZoneInfo(timezone)),
        id="sync",
        name="đồng bộ bảng tính",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=max(1, int(interval.total_seconds())),
        next_run_time=datetime.now(ZoneInfo(timezone)),
    )
    scheduler.start()
    log.info("scheduled a sync every %s", interval)
    return scheduler
