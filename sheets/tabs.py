"""What a managed tab should contain, in Sheets API terms but without any I/O.

Layouts build a :class:`TabContent` (CellData values and formats, bordered tables, merges,
widths); the tab writer turns it into batchUpdate requests. Text always goes in as
``stringValue``, so whatever a person typed (``=1+1``, ``<b>``) is stored as that literal
text. Borders are not part of a cell's format: a layout declares the rectangles of its
tables and the writer draws each with one ``updateBorders`` (four border objects in every
cell were most of the bytes of a big write).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

CellData = dict[str, Any]

BLACK_BORDER = {"style": "SOLID", "colorStyle": {"rgbColor": {}}}  # every edge of a table

Rect = tuple[int, int, int, int]  # (start_row, end_row, start_col, end_col), end-exclusive


def cell(
    value: str | int | float | date | datetime | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str | None = None,
    valign: str | None = None,
    wrap: bool = False,
    pattern: str | None = None,
    font_size: int | None = None,
    background: dict[str, float] | None = None,
) -> CellData:
    """Return the CellData of one cell: its value (never a formula) and its format.

    Cells of the same style share one format dict (a big tab has hundreds of thousands of
    cells and a handful of styles), so treat the CellData as read-only: copy before changing.
    """
    data: CellData = {}
    if type(value) is str:  # most cells: checked first
        if value:
            data["userEnteredValue"] = {"stringValue": value}
    elif isinstance(value, bool):
        data["userEnteredValue"] = {"boolValue": value}
    elif isinstance(value, datetime | date):
        data["userEnteredValue"] = {"numberValue": _serial(value)}
        if pattern is None:
            pattern = "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
    elif isinstance(value, int | float):
        data["userEnteredValue"] = {"numberValue": value}
    elif value is not None and value != "":
        data["userEnteredValue"] = {"stringValue": str(value)}
    # Types are part of the key: 12 and 12.0 are equal keys but not the same JSON.
    key = (bold, italic, align, valign, wrap, pattern, font_size, type(font_size))
    if background:
        key += (*background.items(), *map(type, background.values()))
    fmt = _STYLES.get(key)
    if fmt is None:
        fmt = _STYLES[key] = _format(
            bold, italic, align, valign, wrap, pattern, font_size, background
        )
    if fmt:
        data["userEnteredFormat"] = fmt
    return data


_STYLES: dict[tuple[Any, ...], dict[str, Any]] = {}  # one shared format per style


class Style:
    """One cell format, for tabs of many cells: ``style(value)`` is ``cell(value, **fmt)``.

    Cells of the same style and the same text, whole number or blank are one shared
    (read-only) dict, so a cell that recurs (a unit's name in every month, a count, a
    status) costs a lookup instead of two new dicts. The cells are remembered until
    :func:`forget_cells` (the tab writer calls it when a run's write is planned).
    """

    _LIMIT = 100_000  # distinct cells remembered per style and kind

    def __init__(self, **fmt: Any) -> None:
        self.fmt = fmt
        self._texts: dict[str, CellData] = {}
        self._numbers: dict[int | None, CellData] = {}  # whole numbers, and None for blank
        _ALL_STYLES.add(self)

    def __call__(self, value: str | int | float | date | datetime | None = None) -> CellData:
        """Return the cell of ``value`` in this style."""
        if type(value) is str:
            cells: dict[Any, CellData] = self._texts
        elif type(value) is int or value is None:
            cells = self._numbers
        else:
            return cell(value, **self.fmt)  # equal dates and floats may not be the same cell
        data = cells.get(value)
        if data is None:
            if len(cells) >= self._LIMIT:
                cells.clear()
            data = cells[value] = cell(value, **self.fmt)
        return data

    def text(self, value: object) -> CellData:
        """Return a cell holding ``value`` as literal text (as ``layouts_common.text_cell``)."""
        return self("" if value is None else str(value))

    def forget(self) -> None:
        """Forget the cells made so far."""
        self._texts.clear()
        self._numbers.clear()


_ALL_STYLES: weakref.WeakSet[Style] = weakref.WeakSet()


def forget_cells() -> None:
    """Forget the cells the styles share and their encodings, so that none outlives a run."""
    for style in list(_ALL_STYLES):
        style.forget()
    _CellEncoder.forget()


def _format(
    bold: bool,
    italic: bool,
    align: str | None,
    valign: str | None,
    wrap: bool,
    pattern: str | None,
    font_size: int | None,
    background: dict[str, float] | None,
) -> dict[str, Any]:
    """Return the userEnteredFormat of a style ({} for none)."""
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
    if pattern:
        kind = "DATE_TIME" if ("h" in pattern or "s" in pattern) else "DATE"
        if not any(ch in pattern for ch in "dmy"):
            kind = "NUMBER"
        fmt["numberFormat"] = {"type": kind, "pattern": pattern}
    if background:
        fmt["backgroundColorStyle"] = {"rgbColor": dict(background)}
    return fmt


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

    ``rows`` are CellData lists (row by row, from A1); ``borders`` are the tables, each a
    rectangle with a thin solid line on every outer and inner edge (every cell in it boxed);
    ``merges`` are rectangles to merge. Rectangles are (start_row, end_row, start_col,
    end_col), zero-based and end-exclusive. ``volatile`` cells (such as "made at" times) are
    left out of the fingerprint, so a run that changes nothing else writes nothing.
    """

    title: str
    rows: list[list[CellData]]
    borders: list[Rect] = field(default_factory=list)
    merges: list[Rect] = field(default_factory=list)
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
        """Return a short hash of everything but the volatile cells (computed once)."""
        return self._fingerprint

    @functools.cached_property
    def _fingerprint(self) -> str:
        """Hash the JSON of the stable rows, borders, merges, widths, frozen panes, protection.

        The text is exactly ``json.dumps(payload, ensure_ascii=False, sort_keys=True,
        default=str)`` in UTF-8, written out part by part so that each shared cell and
        format is encoded once (see ``_CellEncoder``); fingerprints stored in the Sheet stay
        valid.
        """
        parts = (
            ('{"borders": ', self.borders),
            (', "frozen": ', [self.frozen_rows, self.frozen_columns]),
            (', "merges": ', self.merges),
            (', "protection": ', self.protection),
        )
        digest = hashlib.sha256()
        digest.update(
            ("".join(key + _dumps(value) for key, value in parts) + ', "rows": [').encode()
        )
        encoder = _CellEncoder()
        volatile_rows = {r for r, _ in self.volatile}
        lines = []
        for r, line in enumerate(self.rows):
            if r in volatile_rows:
                line = [{} if (r, c) in self.volatile else data for c, data in enumerate(line)]
            lines.append(encoder.line(line))
        digest.update(b", ".join(lines))
        digest.update(('], "widths": ' + _dumps(self.column_widths) + "}").encode())
        return digest.hexdigest()[:16]


def _dumps(value: Any) -> str:
    """Return the canonical JSON of the fingerprint (sorted keys, ", " and ": ")."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


_encode_text = json.encoder.encode_basestring  # json.dumps' string encoder (ensure_ascii=False)


class _CellEncoder:
    """Encode rows of cells as ``_dumps`` does, each shared cell and format only once.

    Cells made by a :class:`Style` recur in every month's tab, so their encodings are kept
    between calls (up to ``LIMIT``, and until :func:`forget_cells`), like the cells
    themselves: CellData is read-only once built. The memos are keyed by ``id`` and hold
    the object, so no id is reused while its entry exists.
    """

    LIMIT = 100_000
    _cells: ClassVar[dict[int, tuple[CellData, bytes]]] = {}

    def __init__(self) -> None:
        if len(self._cells) > self.LIMIT:
            self.forget()
        self.formats: dict[int, tuple[Any, str]] = {}

    @classmethod
    def forget(cls) -> None:
        """Forget the encodings kept so far."""
        cls._cells.clear()

    def line(self, line: list[CellData]) -> bytes:
        """Return the JSON of one row, in UTF-8."""
        cells = self._cells
        return b"[" + b", ".join([(cells.get(id(d)) or self._encode(d))[1] for d in line]) + b"]"

    def _encode(self, data: CellData) -> tuple[CellData, bytes]:
        """Encode a cell not seen before, and remember it."""
        found = self._cells[id(data)] = (data, _cell_json(data, self.formats).encode())
        return found


def _cell_json(data: CellData, formats: dict[int, tuple[Any, str]]) -> str:
    """Return ``_dumps(data)`` for one cell; a format seen before is not encoded again.

    ``formats`` maps id(format) to (format, its JSON); holding the format keeps its id from
    being reused. Anything but a plain value and a format falls back to ``_dumps``.
    """
    value = data.get("userEnteredValue")
    fmt = data.get("userEnteredFormat")
    if (value is not None) + (fmt is not None) != len(data):
        return _dumps(data)
    if fmt is None:
        return "{}" if value is None else '{"userEnteredValue": ' + _value_json(value) + "}"
    known = formats.get(id(fmt))
    if known is None:
        known = formats[id(fmt)] = (fmt, _dumps(fmt))
    if value is None:
        return '{"userEnteredFormat": ' + known[1] + "}"
    return '{"userEnteredFormat": ' + known[1] + ', "userEnteredValue": ' + _value_json(value) + "}"


def _value_json(value: Any) -> str:
    """Return ``_dumps(value)`` for an ExtendedValue, quickly for one string or number."""
    if type(value) is not dict or len(value) != 1:
        return _dumps(value)
    ((key, item),) = value.items()
    kind = type(item)
    if type(key) is not str:
        return _dumps(value)
    if kind is str:
        text = _encode_text(item)
    elif kind is int:
        text = int.__repr__(item)
    elif kind is float and math.isfinite(item):
        text = float.__repr__(item)
    else:
        return _dumps(value)
    return "{" + _encode_text(key) + ": " + text + "}"
