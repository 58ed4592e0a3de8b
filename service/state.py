"""What the service knows between syncs: the last good snapshot and how the last sync went.

Both live in memory and in two small files of the state directory, so every gunicorn
worker serves what the one scheduling worker last read. A failed sync records its error
and keeps the previous snapshot. Workers notice a newer file by its modification time,
checked at most once a second, so a page view costs no I/O beyond that.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import snapshot as snapshots

SNAPSHOT_FILE = "snapshot.json"
STATUS_FILE = "sync-status.json"
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class View:
    """One consistent look at the state: the snapshot and the last sync's outcome."""

    snapshot: dict[str, Any] | None
    status: dict[str, Any]
    version: str  # changes whenever either changes; part of every ETag

    @property
    def last_sync_ok(self) -> bool:
        """Return True unless the last sync attempt failed."""
        return bool(self.status.get("ok", True))


class State:
    """The snapshot and sync status of this service, shared through the state directory."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._snapshot: dict[str, Any] | None = None
        self._status: dict[str, Any] = {}
        self._stamps: tuple[float, float] = (-1.0, -1.0)
        self._checked = 0.0
        self._version = ""
        self._reload(force=True)

    def view(self) -> View:
        """Return the current snapshot and status, re-reading the files if they changed."""
        now = time.monotonic()
        # Without a snapshot, look at every view: the first one should show at once.
        if self._snapshot is None or now - self._checked >= RECHECK_SECONDS:
            self._reload()
            self._checked = now
        with self._lock:
            return View(self._snapshot, dict(self._status), self._version)

    def record_success(
        self, snapshot: dict[str, Any], *, wrote: bool, reads: int, writes: int
    ) -> None:
        """Keep a new snapshot and note a successful sync."""
        status = {
            "ok": True,
            "at": _now(),
            "pid": os.getpid(),  # which worker synced: one, however many run
            "wrote": wrote,
            "reads": reads,
            "writes": writes,
        }
        snapshots.save(snapshot, self.directory / SNAPSHOT_FILE)
        snapshots.save(status, self.directory / STATUS_FILE)
        self._reload(force=True)

    def record_failure(self, message: str, detail: str) -> None:
        """Note a failed sync; the last good snapshot stays."""
        status = {
            "ok": False,
            "at": _now(),
            "pid": os.getpid(),
            "message": message,
            "detail": detail,
        }
        previous = self.view().status
        if previous.get("ok", True) and previous.get("at"):
            status["last_success"] = previous["at"]
        elif previous.get("last_success"):
            status["last_success"] = previous["last_success"]
        snapshots.save(status, self.directory / STATUS_FILE)
        self._reload(force=True)

    def _reload(self, *, force: bool = False) -> None:
        """Read the files again when their modification times changed."""
        stamps = (_mtime(self.directory / SNAPSHOT_FILE), _mtime(self.directory / STATUS_FILE))
        if not force and stamps == self._stamps:
            return
        snapshot = snapshots.load(self.directory / SNAPSHOT_FILE)
        status = _read_json(self.directory / STATUS_FILE) or {}
        digest = hashlib.sha256(
            json.dumps([stamps, status], sort_keys=True, default=str).encode()
        ).hexdigest()[:12]
        with self._lock:
            self._snapshot = snapshot
            self._status = status
            self._stamps = stamps
            self._version = digest


def _now() -> str:
    """Return the current time as ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _mtime(path: Path) -> float:
    """Return a file's modification time in nanoseconds-precise float, -1 if absent."""
    try:
        return path.stat().st_mtime_ns / 1e9
    except OSError:
        return -1.0


def _read_json(path: Path) -> dict[str, Any] | None:
    """Read a small JSON file; None when missing or broken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
