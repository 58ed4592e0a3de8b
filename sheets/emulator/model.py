"""The emulator's data: spreadsheets, their sheets and cells, kept compact in memory.

A sheet's ``rows`` is a list of rows, each a list whose items are ``None`` (empty), a
plain value (``str``, ``float``, ``bool``) or a :class:`Cell` when the cell carries more
than a value (a formula, a format, a note, a validation rule). Rows and row lists stop
at the last non-empty item, so a million empty cells cost nothing. Cells are never
changed in place: a change makes a new ``Cell``, which lets a batch work on shallow
copies and be thrown away on error.
"""

from __future__ import annotations

import copy
import json
import secrets
import string
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Value = str | float | int | bool | None

ID_ALPHABET = string.ascii_letters + string.digits + "-_"
DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
DEFAULT_ROW_PIXELS = 21
DEFAULT_COLUMN_PIXELS = 100


class Cell:
    """A cell with more than a plain value; immutable by convention (use ``replace``)."""

    __slots__ = ("format", "formula", "note", "validation", "value")

    def __init__(
        self,
        value: Any = None,
        formula: str | None = None,
        format: dict[str, Any] | None = None,
        note: str | None = None,
        validation: dict[str, Any] | None = None,
    ) -> None:
        self.value = value
        self.formula = formula
        self.format = format
        self.note = note
        self.validation = validation

    def replace(self, **changes: Any) -> Cell:
        """Return a copy with some attributes changed."""
        attrs = {name: getattr(self, name) for name in self.__slots__}
        attrs.update(changes)
        return Cell(**attrs)

    def is_empty(self) -> bool:
        """Return True when nothing at all is set."""
        return (
            self.value is None
            and self.formula is None
            and not self.format
            and self.note is None
            and self.validation is None
        )

    def to_json(self) -> dict[str, Any]:
        """Return the cell for the data file."""
        out: dict[str, Any] = {}
        for name in self.__slots__:
            item = getattr(self, name)
            if item is not None:
                out[name] = item
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Cell({self.to_json()!r})"


def cell_parts(item: Any) -> tuple[Any, str | None, dict[str, Any] | None]:
    """Return (value, formula, format) of a row item, whatever its representation."""
    if type(item) is Cell:
        return item.value, item.formula, item.format
    return item, None, None


def compact(item: Any) -> Any:
    """Return the smallest representation of a cell: None, a plain value, or a Cell."""
    if type(item) is not Cell:
        return item
    if item.formula is None and not item.format and item.note is None and item.validation is None:
        return item.value
    return item


def new_id(length: int = 44) -> str:
    """Return a random spreadsheet id shaped like Google's (44 characters, starting with 1)."""
    return "1" + "".join(secrets.choice(ID_ALPHABET) for _ in range(length - 1))


def new_int_id() -> int:
    """Return a random positive 31-bit id, as Google picks sheet and range ids."""
    return secrets.randbelow(2**31 - 2) + 1


def now_rfc3339() -> str:
    """Return the current time the way Drive prints it (milliseconds, Z)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class Sheet:
    """One tab: its properties as the API shows them (without ``index``) and its cells."""

    properties: dict[str, Any]
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    row_groups: list[dict[str, Any]] = field(default_factory=list)
    column_groups: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    row_meta: dict[int, dict[str, Any]] = field(default_factory=dict)
    col_meta: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def sheet_id(self) -> int:
        """Return the sheet's id."""
        return int(self.properties["sheetId"])

    @property
    def title(self) -> str:
        """Return the sheet's title."""
        return str(self.properties["title"])

    @property
    def grid(self) -> dict[str, Any]:
        """Return the sheet's gridProperties (created if missing)."""
        return self.properties.setdefault("gridProperties", {})

    @property
    def row_count(self) -> int:
        """Return the number of rows of the grid."""
        return int(self.grid.get("rowCount", 0))

    @property
    def column_count(self) -> int:
        """Return the number of columns of the grid."""
        return int(self.grid.get("columnCount", 0))

    def get(self, row: int, col: int) -> Any:
        """Return the raw item at a cell (None when empty)."""
        if row < len(self.rows):
            cells = self.rows[row]
            if col < len(cells):
                return cells[col]
        return None

    def put(self, row: int, col: int, item: Any) -> None:
        """Store an item at a cell, growing or trimming the row lists as needed."""
        if row < 0 or col < 0:
            raise ValueError(f"negative cell index ({row}, {col})")
        item = compact(item)
        if item is None:
            if row < len(self.rows) and col < len(self.rows[row]):
                cells = self.rows[row]
                cells[col] = None
                while cells and cells[-1] is None:
                    cells.pop()
                self.trim()
            return
        while len(self.rows) <= row:
            self.rows.append([])
        cells = self.rows[row]
        if len(cells) <= col:
            cells.extend([None] * (col + 1 - len(cells)))
        cells[col] = item

    def trim(self) -> None:
        """Drop empty rows at the end."""
        while self.rows and not self.rows[-1]:
            self.rows.pop()

    def clone(self) -> Sheet:
        """Return a copy that can be changed without touching this sheet."""
        return Sheet(
            properties=copy.deepcopy(self.properties),
            rows=[list(r) for r in self.rows],
            merges=copy.deepcopy(self.merges),
            protected_ranges=copy.deepcopy(self.protected_ranges),
            basic_filter=copy.deepcopy(self.basic_filter),
            row_groups=copy.deepcopy(self.row_groups),
            column_groups=copy.deepcopy(self.column_groups),
            conditional_formats=copy.deepcopy(self.conditional_formats),
            row_meta=copy.deepcopy(self.row_meta),
            col_meta=copy.deepcopy(self.col_meta),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the sheet for the data file."""
        return {
            "properties": self.properties,
            "rows": [[c.to_json() if type(c) is Cell else c for c in r] for r in self.rows],
            "merges": self.merges,
            "protectedRanges": self.protected_ranges,
            "basicFilter": self.basic_filter,
            "rowGroups": self.row_groups,
            "columnGroups": self.column_groups,
            "conditionalFormats": self.conditional_formats,
            "rowMeta": {str(k): v for k, v in self.row_meta.items()},
            "colMeta": {str(k): v for k, v in self.col_meta.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        """Rebuild a sheet from the data file."""
        formats: dict[str, Any] = {}  # one shared dict per distinct format, as when written

        def cell(item: Any) -> Any:
            if not isinstance(item, dict):
                return sys.intern(item) if isinstance(item, str) else item
            if item.get("format") is not None:
                key = json.dumps(item["format"], sort_keys=True)
                item["format"] = formats.setdefault(key, item["format"])
            return Cell(**item)

        rows = [[cell(c) for c in r] for r in data["rows"]]
        return cls(
            properties=data["properties"],
            rows=rows,
            merges=data.get("merges", []),
            protected_ranges=data.get("protectedRanges", []),
            basic_filter=data.get("basicFilter"),
            row_groups=data.get("rowGroups", []),
            column_groups=data.get("columnGroups", []),
            conditional_formats=data.get("conditionalFormats", []),
            row_meta={int(k): v for k, v in data.get("rowMeta", {}).items()},
            col_meta={int(k): v for k, v in data.get("colMeta", {}).items()},
        )


@dataclass
class Spreadsheet:
    """A spreadsheet with its Drive metadata."""

    spreadsheet_id: str
    properties: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    created_time: str = field(default_factory=now_rfc3339)
    modified_time: str = field(default_factory=now_rfc3339)
    private: bool = False
    _owned: set[int] = field(default_factory=set, repr=False, compare=False)

    @property
    def title(self) -> str:
        """Return the spreadsheet's title."""
        return str(self.properties.get("title", ""))

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        """Return the sheet with this id, if any."""
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        return None

    def sheet_by_title(self, title: str) -> Sheet | None:
        """Return the sheet with this title (exact first, then ignoring case)."""
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        folded = title.casefold()
        for sheet in self.sheets:
            if sheet.title.casefold() == folded:
                return sheet
        return None

    def fork(self) -> Spreadsheet:
        """Return a working copy for one write; sheets are copied only when changed."""
        return Spreadsheet(
            spreadsheet_id=self.spreadsheet_id,
            properties=copy.deepcopy(self.properties),
            sheets=list(self.sheets),
            named_ranges=copy.deepcopy(self.named_ranges),
            created_time=self.created_time,
            modified_time=self.modified_time,
            private=self.private,
        )

    def writable(self, sheet: Sheet) -> Sheet:
        """Return this working copy's changeable version of a sheet (copied once)."""
        for position, current in enumerate(self.sheets):
            if current.sheet_id == sheet.sheet_id:
                if id(current) in self._owned:
                    return current
                mine = current.clone()
                self.sheets[position] = mine
                self._owned.add(id(mine))
                return mine
        raise KeyError(f"sheet {sheet.sheet_id} is not in spreadsheet {self.spreadsheet_id}")

    def adopt(self, sheet: Sheet) -> Sheet:
        """Mark a sheet created by this working copy as its own."""
        self._owned.add(id(sheet))
        return sheet

    def new_sheet_id(self) -> int:
        """Return a sheet id not used in this spreadsheet."""
        used = {s.sheet_id for s in self.sheets}
        while True:
            candidate = new_int_id()
            if candidate not in used:
                return candidate

    def to_json(self) -> dict[str, Any]:
        """Return the spreadsheet for the data file."""
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": self.properties,
            "sheets": [s.to_json() for s in self.sheets],
            "namedRanges": self.named_ranges,
            "createdTime": self.created_time,
            "modifiedTime": self.modified_time,
            "private": self.private,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Spreadsheet:
        """Rebuild a spreadsheet from the data file."""
        return cls(
            spreadsheet_id=data["spreadsheetId"],
            properties=data["properties"],
            sheets=[Sheet.from_json(s) for s in data["sheets"]],
            named_ranges=data.get("namedRanges", []),
            created_time=data.get("createdTime") or now_rfc3339(),
            modified_time=data.get("modifiedTime") or now_rfc3339(),
            private=bool(data.get("private", False)),
        )
