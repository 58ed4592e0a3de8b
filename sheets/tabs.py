"""What a managed tab should contain, in Sheets API terms but without any I/O.

Layouts build a :class:`TabContent` (CellData values and formats, merges, widths); the tab
writer turns it into batchUpdate requests. Text always goes in as ``stringValue``, so
whatever a person typed (``=1+1``, ``<b>``) is stored as that literal text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

CellData = dict[str, Any]

BLACK_BORDER = {"style": "SOLID", "colorStyle": {"rgbColor": {}}}


def cell(
    value: str | int | float | date | datetime | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str | None = None,
    valign: str | None = None,
    wrap: bool = False,
    border: bool = False,
    pattern: str | None = None,
    font_size: int | None = None,
    background: dict[str, float] | None = None,
) -> CellData:
    """Return the CellData of one cell: its value (never a formula) and its format."""
    data: CellData = {}
    if isinstance(value, bool):
        data["userEnteredValue"] = {"boolValue": value}
    elif isinstance(value, datetime | date):
        data["userEnteredValue"] = {"numberValue": _serial(value)}
        if pattern is None:
            pattern = "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
    elif isinstance(value, int | float):
        data["userEnteredValue"] = {"numberValue": value}
    elif value is not None and value != "":
        data["userEnteredValue"] = {"stringValue": str(value)}
    fmt: dict[str, Any] = {}
    text_format: dict[str, Any] = {}
    if bold:
        text_format["bold"] = True
    if italic:
        text_format["italic"] = True
    if font_size:
        text_format["fontSize"] = font_size
    if text_format:
        fmt["textFormat"] = text_format
    if align:
        fmt["horizontalAlignment"] = align
    if valign:
        fmt["verticalAlignment"] = valign
    if wrap:
        fmt["wrapStrategy"] = "WRAP"
    if border:
        fmt["borders"] = {side: BLACK_BORDER for side in ("top", "bottom", "left", "right")}
    if pattern:
        kind = "DATE_TIME" if ("h" in pattern or "s" in pattern) else "DATE"
        if not any(ch in pattern for ch in "dmy"):
            kind = "NUMBER"
        fmt["numberFormat"] = {"type": kind, "pattern": pattern}
    if background:
        fmt["backgroundColorStyle"] = {"rgbColor": background}
    if fmt:
        data["userEnteredFormat"] = fmt
    return data


SERIAL_EPOCH = datetime(1899, 12, 30)  # day 0 of Sheets' date serial numbers


def _serial(value: date | datetime) -> float:
    """Return a date's serial number; aware date-times keep their local wall time."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    naive = value.replace(tzinfo=None)
    return round((naive - SERIAL_EPOCH) / timedelta(days=1), 8)


@dataclass(frozen=True)
class TabContent:
    """Everything the service writes into one managed tab.

    ``rows`` are CellData lists (row by row, from A1); ``merges`` are
    (start_row, end_row, start_col, end_col), zero-based and end-exclusive; ``volatile``
    cells (such as "made at" times) are left out of the fingerprint, so a run that changes
    nothing else writes nothing.
    """

    title: str
    rows: list[list[CellData]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    column_widths: list[int] = field(default_factory=list)
    frozen_rows: int = 0
    frozen_columns: int = 0
    volatile: frozenset[tuple[int, int]] = frozenset()
    protection: str | None = None  # description of a warning-only protection, None for none
    spare_rows: int = 0  # empty rows to leave below the content (for tabs people extend)

    @property
    def width(self) -> int:
        """Return the number of columns the content uses."""
        return max([len(r) for r in self.rows] + [len(self.column_widths), 1])

    @property
    def height(self) -> int:
        """Return the number of rows of the tab: the content and any spare rows."""
        return max(len(self.rows), 1) + self.spare_rows

    def stable_rows(self) -> list[list[CellData]]:
        """Return the rows with volatile cells blanked."""
        return [
            [{} if (r, c) in self.volatile else data for c, data in enumerate(line)]
            for r, line in enumerate(self.rows)
        ]

    def fingerprint(self) -> str:
        """Return a short hash of everything but the volatile cells."""
        payload = {
            "rows": self.stable_rows(),
            "merges": self.merges,
            "widths": self.column_widths,
            "frozen": [self.frozen_rows, self.frozen_columns],
            "protection": self.protection,
        }
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]
