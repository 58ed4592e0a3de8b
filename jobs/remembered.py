"""One value a process remembers from an earlier sync run, by what it depends on.

The sync keeps a few such memories (the last quiet run, the units of the last Đơn vị
tab read, each response row's outcome); each holds one entry, as a service syncs one
spreadsheet, and a fresh process starts with none.
"""

from __future__ import annotations

import threading
from typing import Any


class Remembered:
    """One value and the key it was made from; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[object, Any] | None = None

    def get(self, key: object) -> Any:
        """Return the value remembered for this key, None when another key (or none) is."""
        with self._lock:
            entry = self._entry
        return entry[1] if entry is not None and entry[0] == key else None

    def remember(self, key: object, value: Any) -> None:
        """Remember a value by its key, in place of the one before."""
        with self._lock:
            self._entry = (key, value)

    def forget(self) -> None:
        """Forget the remembered value."""
        with self._lock:
            self._entry = None
