"""One value a process remembers from an earlier sync run, by what it depends on.

The sync keeps a few such memories (the last quiet run, the units of the last Đơn vị
tab read, what each chunk of response rows gave); each holds one entry, as a service
syncs one spreadsheet, and a fresh process starts with none. ``PerObject`` remembers what the last
call made of each of many objects (a month's summary), by the object itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
V = TypeVar("V")


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


class PerObject(Generic[T, V]):
    """What the last call of :meth:`each` made of each object, by identity.

    A warm process hands the sync the very objects of the last run where nothing changed
    (a month's summary); what was made of one is taken again instead of made again. Each
    entry holds its object, so no id is reused while it is remembered; only the last
    call's objects are kept.
    """

    def __init__(self) -> None:
        self._made: dict[int, tuple[T, V]] = {}

    def each(self, objects: Sequence[T], make: Callable[[T], V]) -> list[V]:
        """Return ``make`` of each object, taking what the last call made of the same ones."""
        earlier: dict[int, tuple[T, V]] = self._made
        made: dict[int, tuple[T, V]] = {}
        for item in objects:
            found = earlier.get(id(item))
            if found is None or found[0] is not item:
                found = (item, make(item))
            made[id(item)] = found
        self._made = made  # one assignment: a concurrent run sees one call's or the other's
        return [made[id(item)][1] for item in objects]

    def forget(self) -> None:
        """Forget what was made, as a fresh process knows nothing."""
        self._made = {}
