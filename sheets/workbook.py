"""Read the whole workbook in exactly one Google request: tab properties, protections and
the effective value of every cell.

``spreadsheets.get`` with grid data and a field mask is the one Sheets call that returns
both the metadata and the values of tabs whose names are not known in advance (the
responses tab is found by its header). Values come back typed: numbers (dates are serial
numbers), text, booleans.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import gspread
import msgspec
from gspread.urls import SPREADSHEET_URL

from service.errors import SheetsError
from sheets.client import COMPACT_JSON, translate_errors

READ_FIELDS = (
    "properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount)),"
    "protectedRanges(protectedRangeId,description,warningOnly,range),"
    "data(rowData(values(effectiveValue))))"
)

CellValue = str | float | bool | None
DIGEST_SIZE = 8  # bytes of a values digest: 16 hex digits, like the content fingerprint
_DIGEST_ROWS = 64  # rows decoded at a time for a values digest (Tab._json_digest)


class Tab:
    """One tab as read: its properties, protections and cell values (rows of values).

    A tab from a read keeps the JSON of its cells as it arrived, and decodes it only when
    its values (or their digest) are first asked for: the managed tabs, half of a big
    read, are usually recognised by :meth:`read_digest` alone.
    """

    def __init__(
        self,
        sheet_id: int,
        title: str,
        index: int,
        row_count: int,
        column_count: int,
        values: list[list[CellValue]] | None = None,
        protections: list[dict[str, Any]] | None = None,
        *,
        raw: bytes | msgspec.Raw | None = None,
    ) -> None:
        self.sheet_id = sheet_id
        self.title = title
        self.index = index
        self.row_count = row_count
        self.column_count = column_count
        self.protections = protections if protections is not None else []
        if values is None and raw is None:
            values = []
        self._values = values
        self._raw = raw  # the JSON of the tab's grid data (a view of the read), until decoded
        self._cells: list[list[_Cell]] | None = None  # rows of decoded cells, until converted
        self._digest: str | None = None  # of the values, once worked out
        self._read_digest: str | None = None  # of the read's JSON, once worked out
        self._header: list[CellValue] | None = None  # the first row, until converted
        self._spans: list[msgspec.Raw] | None = None  # each row's JSON, once delimited

    def __repr__(self) -> str:
        return f"Tab({self.title!r}, sheet_id={self.sheet_id}, index={self.index})"

    @property
    def values(self) -> list[list[CellValue]]:
        """Return the cell values, row by row (empty cells at a row's end may be absent)."""
        if self._values is None:
            self._values = [_row_values(row) for row in self._rows()]
            self._cells = None
        return self._values

    def header(self) -> list[CellValue]:
        """Return the first row (empty when the tab is empty), decoding only that row."""
        if self._values is not None:
            return self._values[0] if self._values else []
        if self._header is None:
            spans = self.row_spans()
            if spans is not None:  # finding a tab by its header decodes only that row
                self._header = rows_values(rows_json(spans[:1]))[0] if spans else []
            else:
                rows = self._rows()
                self._header = _row_values(rows[0]) if rows else []
        return self._header

    def row_spans(self) -> list[msgspec.Raw] | None:
        """Return the JSON of each row exactly as read (see :func:`rows_json`).

        None when the tab was not read from JSON or its cells are decoded already.
        """
        if self._spans is None and self._raw is not None:
            self._spans = [r for grid in _decode(_ROW_SPANS, self._raw) for r in grid.rowData]
        return self._spans

    def values_digest(self) -> str:
        """Return the digest of the tab's values, as :func:`values_digest` of them (once).

        A tab still held as JSON is decoded for it a few rows at a time, and none of its
        cells are kept: a tab that the digest shows up to date is never looked at again (a
        new process's first run digests every managed tab, 120 MiB of cells at 3,321
        units), and one that is not is decoded once more only if it is compared.
        """
        if self._digest is None:
            if self._values is not None:
                self._digest = values_digest(self._values)
            elif self._cells is not None:
                self._digest = _digest(self._cells)
            else:
                self._digest = self._json_digest()
        return self._digest

    def read_digest(self) -> str | None:
        """Return the digest of the tab's grid data exactly as the read returned it.

        Equal bytes are equal values: a tab whose bytes were once seen to hold what the
        service wrote can be recognised from them without decoding. None for a tab that
        was not read from JSON, or whose JSON was decoded and had no protection (the
        service's tabs always have one; the responses tab, the largest, usually not).
        """
        if self._read_digest is None and self._raw is not None:
            self._read_digest = _short_digest(self._raw)
        return self._read_digest

    def _rows(self) -> list[list[_Cell]]:
        """Return the rows of decoded cells (decoding the read's JSON the first time)."""
        if self._cells is None:
            self._cells = self._decoded()
            if self.protections:
                self.read_digest()  # before its bytes are let go
            self._raw = self._spans = None
        return self._cells

    def _decoded(self) -> list[list[_Cell]]:
        """Return the rows of cells decoded from the read's JSON (not kept)."""
        grids = _decode(_GRIDS, self._raw or b"[]")
        return [row.values for grid in grids for row in grid.rowData]

    def _json_digest(self) -> str:
        """Return ``_digest`` of the rows of the read's JSON, decoding a chunk at a time.

        The bytes digested are those ``_digest`` encodes for the whole tab decoded (rows
        joined by commas, trailing empty rows left out), but only one chunk's cells exist
        at a time: decoding the grid (5.3 MB of JSON at 3,321 units) and Kiểm tra whole for
        their digests raised a new process's peak by 25 MiB.
        """
        spans = [r for grid in _decode(_ROW_SPANS, self._raw or b"[]") for r in grid.rowData]
        digest = hashlib.sha256(b"[")
        empty = 0  # empty rows not digested yet: they count only before a row that is not
        separator = b""
        for at in range(0, len(spans), _DIGEST_ROWS):
            for row in _decode(_ROWS, rows_json(spans[at : at + _DIGEST_ROWS])):
                cells = _trimmed(row.values)
                if not cells:
                    empty += 1
                    continue
                for _ in range(empty):
                    digest.update(separator + b"[]")
                    separator = b","
                empty = 0
                digest.update(separator + _ENCODER.encode(cells))
                separator = b","
        digest.update(b"]")
        return digest.digest()[:DIGEST_SIZE].hex()


def rows_json(spans: list[msgspec.Raw]) -> bytes:
    """Return the JSON list of rows given as their JSON (spans of a tab, see ``Tab.row_spans``)."""
    return b"[" + b",".join(spans) + b"]"


def rows_values(data: bytes) -> list[list[CellValue]]:
    """Return the values of rows from their JSON list (see :func:`rows_json`)."""
    return [_row_values(row.values) for row in _decode(_ROWS, data)]


def _row_values(cells: list[_Cell]) -> list[CellValue]:
    """Return the effective values of one row of decoded cells (see ``_value``)."""
    # _value inlined for text and numbers, almost every cell: a call per cell was about a
    # tenth of the instructions of decoding 78,000 rows (callgrind, README's sync bench row).
    return [
        None
        if (v := cell.effectiveValue) is None
        else v.stringValue
        if v.stringValue is not None
        else v.numberValue
        if v.numberValue is not None
        else _value(v)
        for cell in cells
    ]


def values_digest(rows: list[list[CellValue]]) -> str:
    """Return a short digest of rows of values, equal to that of a tab read holding them.

    Numbers count as floats, as a read returns them; empty text is an empty cell; empty
    cells at the end of a row and empty rows at the end are left out, as a read may.
    """
    known: dict[tuple[type, CellValue], bytes] = {}  # by type too: True == 1.0
    return lines_digest(
        [[known.get((type(v), v)) or _remember(v, known) for v in row] for row in rows]
    )


def cell_json(value: CellValue) -> bytes:
    """Return the JSON that ``values_digest`` digests for one value."""
    if value is None or value == "":
        return EMPTY_CELL_JSON
    if isinstance(value, str):
        return _ENCODER.encode(_Cell(_Value(stringValue=value)))
    if isinstance(value, bool):
        return _ENCODER.encode(_Cell(_Value(boolValue=value)))
    return _ENCODER.encode(_Cell(_Value(numberValue=float(value))))


def lines_digest(rows: list[list[bytes]]) -> str:
    """Return ``values_digest`` of rows given as the ``cell_json`` of each value.

    The bytes digested are exactly those ``_digest`` encodes for the cells of a read.
    """
    lines = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] == EMPTY_CELL_JSON:
            end -= 1
        lines.append(b"[" + b",".join(row[:end]) + b"]")
    while lines and lines[-1] == b"[]":
        lines.pop()
    return _short_digest(b"[" + b",".join(lines) + b"]")


def _remember(value: CellValue, known: dict[tuple[type, CellValue], bytes]) -> bytes:
    """Return (and remember) the ``cell_json`` of a value."""
    found = known[(type(value), value)] = cell_json(value)
    return found


def _digest(rows: list[list[_Cell]]) -> str:
    """Return the digest of rows of decoded cells, trailing empty cells and rows left out."""
    trimmed = [_trimmed(row) for row in rows]
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return _short_digest(_ENCODER.encode(trimmed))


def _short_digest(data: bytes) -> str:
    """Return the SHA-256 digest of data, its first DIGEST_SIZE bytes as hex.

    SHA-256 rather than BLAKE2: processors with SHA extensions (those of current servers)
    hash it over twice as fast, and a big read is hashed whole (bench/sync_bench.py).
    """
    return hashlib.sha256(data).digest()[:DIGEST_SIZE].hex()


def _trimmed(row: list[_Cell]) -> list[_Cell]:
    """Return the row without the empty cells at its end."""
    end = len(row)
    while end and row[end - 1].effectiveValue is None:
        end -= 1
    return row if end == len(row) else row[:end]


@dataclass
class Workbook:
    """The spreadsheet as one read saw it."""

    spreadsheet_id: str
    title: str
    locale: str
    time_zone: str
    tabs: list[Tab]

    def tab(self, title: str) -> Tab | None:
        """Return the tab with this exact title, if any."""
        for tab in self.tabs:
            if tab.title == title:
                return tab
        return None

    def used_sheet_ids(self) -> set[int]:
        """Return the sheet ids in use."""
        return {tab.sheet_id for tab in self.tabs}


def read_workbook(client: gspread.Client, spreadsheet_id: str) -> Workbook:
    """Read everything the sync needs with one ``spreadsheets.get`` request."""
    return parse_workbook(spreadsheet_id, fetch_workbook(client, spreadsheet_id))


def fetch_workbook(client: gspread.Client, spreadsheet_id: str) -> bytes | bytearray:
    """Send the one ``spreadsheets.get`` request and return its answer's JSON, undecoded.

    A big answer comes as a bytearray (see ``transport._read_body``), never copied after.
    """
    with translate_errors():
        response = client.http_client.request(
            "get",
            SPREADSHEET_URL % spreadsheet_id,
            params={"includeGridData": "true", "fields": READ_FIELDS, **COMPACT_JSON},
        )
    return response.content


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big answer is decoded and converted.

    The answer of a large sheet is millions of small objects, none of them in a reference
    cycle; the collections their allocation triggers find nothing and took more time than
    the decoding itself (0.5 s of 0.8 s for 13 MB of JSON). Reference counting still frees
    everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The shape of the answer, for msgspec: it decodes the JSON straight into these (no dict
# per cell), about twice as fast as json.loads and half the memory (bench/sync_bench.py).
# gc=False: they hold only values and lists of each other, never a cycle, so the collector
# need not track them: a big tab's million cells decode about a tenth faster.
class _Value(msgspec.Struct, omit_defaults=True, gc=False):
    numberValue: float | None = None
    stringValue: str | None = None
    boolValue: bool | None = None
    errorValue: dict[str, Any] | None = None


class _Cell(msgspec.Struct, omit_defaults=True, gc=False):
    effectiveValue: _Value | None = None


_EMPTY = _Cell()


class _Row(msgspec.Struct, gc=False):
    values: list[_Cell] = []


class _Grid(msgspec.Struct, gc=False):
    rowData: list[_Row] = []


class _RowSpans(msgspec.Struct, gc=False):
    rowData: list[msgspec.Raw] = []


class _Sheet(msgspec.Struct):
    properties: dict[str, Any] = {}
    protectedRanges: list[dict[str, Any]] = []
    data: msgspec.Raw = msgspec.Raw(b"[]")  # list[_Grid], decoded only when needed (Tab)


class _Spreadsheet(msgspec.Struct):
    properties: dict[str, Any] = {}
    sheets: list[_Sheet] = []


_DECODER = msgspec.json.Decoder(_Spreadsheet)
_GRIDS = msgspec.json.Decoder(list[_Grid])
_ROW_SPANS = msgspec.json.Decoder(list[_RowSpans])
_ROWS = msgspec.json.Decoder(list[_Row])
_ENCODER = msgspec.json.Encoder()  # digests: omit_defaults makes an empty cell ``{}``
EMPTY_CELL_JSON = _ENCODER.encode(_EMPTY)


def parse_workbook(spreadsheet_id: str, body: bytes | bytearray) -> Workbook:
    """Turn the JSON of a spreadsheets.get answer (with READ_FIELDS) into a Workbook."""
    with gc_paused():
        return _parse(spreadsheet_id, body)


def _parse(spreadsheet_id: str, body: bytes | bytearray) -> Workbook:
    """Decode and convert (see ``parse_workbook``); each tab's cells stay JSON for now."""
    answer = _decode(_DECODER, body)
    props = answer.properties
    tabs = []
    for sheet in answer.sheets:
        p = sheet.properties
        grid = p.get("gridProperties", {})
        tabs.append(
            Tab(
                sheet_id=int(p.get("sheetId", 0)),
                title=str(p.get("title", "")),
                index=int(p.get("index", 0)),
                row_count=int(grid.get("rowCount", 0)),
                column_count=int(grid.get("columnCount", 0)),
                protections=sheet.protectedRanges,
                raw=sheet.data,
            )
        )
    return Workbook(
        spreadsheet_id=spreadsheet_id,
        title=str(props.get("title", "")),
        locale=str(props.get("locale", "en_US")),
        time_zone=str(props.get("timeZone", "Etc/GMT")),
        tabs=tabs,
    )


def _decode(decoder: msgspec.json.Decoder[Any], data: bytes | bytearray | msgspec.Raw) -> Any:
    """Decode (part of) a spreadsheets.get answer; a malformed one is a SheetsError."""
    try:
        with gc_paused():
            return decoder.decode(data)
    except msgspec.DecodeError as err:
        raise SheetsError(
            f"unreadable spreadsheets.get answer: {err}",
            user_message="Google Sheets trả lời không đọc được; lần đồng bộ sau sẽ thử lại.",
        ) from err


def _value(effective: _Value | None) -> CellValue:
    """Return a cell's effective value: float, str, bool, None; errors as their text."""
    if effective is None:
        return None
    if effective.stringValue is not None:
        return effective.stringValue
    if effective.numberValue is not None:
        return effective.numberValue
    if effective.boolValue is not None:
        return effective.boolValue
    if effective.errorValue is not None:
        return "#" + str(effective.errorValue.get("type", "ERROR"))
    return None
