"""Where the emulator keeps spreadsheets: in memory, optionally mirrored to one JSON file.

Every write works on a fork of the spreadsheet and is committed whole, under one lock,
so concurrent requests never see half a batch. With a data file, each commit rewrites
the file atomically (temporary file, fsync, rename): a crash leaves the old file or the
new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .defaults import DEFAULT_FORMAT, SPREADSHEET_THEME
from .errors import not_found, permission_denied
from .model import DEFAULT_COLUMNS, DEFAULT_ROWS, Sheet, Spreadsheet, new_id, now_rfc3339

FILE_VERSION = 1


class DataFileError(RuntimeError):
    """The data file exists but cannot be read as emulator data."""


def new_properties(
    title: str, *, locale: str = "en_US", time_zone: str = "Etc/GMT"
) -> dict[str, Any]:
    """Return the properties Google gives a new spreadsheet."""
    return {
        "title": title,
        "locale": locale,
        "autoRecalc": "ON_CHANGE",
        "timeZone": time_zone,
        "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
        "spreadsheetTheme": copy.deepcopy(SPREADSHEET_THEME),
    }


def new_sheet_properties(
    sheet_id: int, title: str, rows: int = DEFAULT_ROWS, columns: int = DEFAULT_COLUMNS
) -> dict[str, Any]:
    """Return the properties Google gives a new grid sheet."""
    return {
        "sheetId": sheet_id,
        "title": title,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": rows, "columnCount": columns},
    }


class Store:
    """All spreadsheets of one emulator, guarded by one lock."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        if self.path and self.path.exists():
            self._load()
        elif self.path:
            self.save()  # create the file now, so a wrong path fails at start, not later

    # -- access -------------------------------------------------------------------

    def get(self, spreadsheet_id: str) -> Spreadsheet:
        """Return a spreadsheet, or raise Google's 404 / 403."""
        spreadsheet = self.spreadsheets.get(spreadsheet_id)
        if spreadsheet is None:
            raise not_found()
        if spreadsheet.private:
            raise permission_denied()
        return spreadsheet

    @contextlib.contextmanager
    def reading(self, spreadsheet_id: str) -> Iterator[Spreadsheet]:
        """Hold the lock while a request reads one spreadsheet."""
        with self.lock:
            yield self.get(spreadsheet_id)

    @contextlib.contextmanager
    def writing(self, spreadsheet_id: str) -> Iterator[Spreadsheet]:
        """Give a request a fork to change; commit it only if the block succeeds."""
        with self.lock:
            work = self.get(spreadsheet_id).fork()
            yield work
            work.modified_time = now_rfc3339()
            self.spreadsheets[spreadsheet_id] = work
            self.save()

    # -- lifecycle ----------------------------------------------------------------

    def create(
        self,
        title: str,
        *,
        locale: str = "en_US",
        time_zone: str = "Etc/GMT",
        spreadsheet_id: str | None = None,
        private: bool = False,
        with_default_sheet: bool = True,
    ) -> Spreadsheet:
        """Create a spreadsheet the way Drive does: one empty ``Sheet1`` of 1000 x 26."""
        with self.lock:
            sid = spreadsheet_id or new_id()
            while sid in self.spreadsheets and spreadsheet_id is None:
                sid = new_id()
            spreadsheet = Spreadsheet(
                spreadsheet_id=sid,
                properties=new_properties(title, locale=locale, time_zone=time_zone),
                private=private,
            )
            if with_default_sheet:
                spreadsheet.sheets.append(Sheet(new_sheet_properties(0, "Sheet1")))
            self.spreadsheets[sid] = spreadsheet
            self.save()
            return spreadsheet

    def add(self, spreadsheet: Spreadsheet) -> None:
        """Store a spreadsheet built elsewhere (Sheets API create, Drive copy)."""
        with self.lock:
            self.spreadsheets[spreadsheet.spreadsheet_id] = spreadsheet
            self.save()

    def delete(self, spreadsheet_id: str) -> None:
        """Delete a spreadsheet, or raise 404 / 403 as Drive does."""
        with self.lock:
            self.get(spreadsheet_id)
            del self.spreadsheets[spreadsheet_id]
            self.save()

    def reset(self) -> None:
        """Forget every spreadsheet."""
        with self.lock:
            self.spreadsheets.clear()
            self.save()

    # -- persistence --------------------------------------------------------------

    def save(self) -> None:
        """Write every spreadsheet to the data file atomically (no-op without a file)."""
        if self.path is None:
            return
        with self.lock:
            payload = {
                "version": FILE_VERSION,
                "spreadsheets": [s.to_json() for s in self.spreadsheets.values()],
            }
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            directory = self.path.parent
            directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            _fsync_directory(directory)

    def _load(self) -> None:
        """Read the data file; refuse (rather than overwrite) a file that is not ours."""
        assert self.path is not None
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
            if payload.get("version") != FILE_VERSION:
                raise ValueError(f"unknown version {payload.get('version')!r}")
            for data in payload["spreadsheets"]:
                spreadsheet = Spreadsheet.from_json(data)
                self.spreadsheets[spreadsheet.spreadsheet_id] = spreadsheet
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise DataFileError(f"cannot read emulator data file {self.path}: {err}") from err


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
