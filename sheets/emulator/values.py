"""The ``spreadsheets.values`` methods: get, batchGet, update, batchUpdate, append, clear.

Each function takes a spreadsheet (a fork for writes) and already-checked request data,
and returns the response body Google would send.
"""

from __future__ import annotations

import sys
from typing import Any

from .a1 import Bounds
from .cellvalues import format_general, json_number, locale_for, parse_user_entered, render
from .errors import invalid_argument
from .evaluation import Evaluator
from .model import Cell, Sheet, Spreadsheet
from .ranges import Target, exceeds_grid, resolve

RAW = "RAW"
USER_ENTERED = "USER_ENTERED"
FORMATTED = "FORMATTED_VALUE"
UNFORMATTED = "UNFORMATTED_VALUE"
FORMULA = "FORMULA"
SERIAL = "SERIAL_NUMBER"
ROWS = "ROWS"
COLUMNS = "COLUMNS"

_SKIP = object()


# -- reading ------------------------------------------------------------------------


def read_range(
    evaluator: Evaluator,
    target: Target,
    *,
    major: str = ROWS,
    value_render: str = FORMATTED,
    date_render: str = SERIAL,
) -> dict[str, Any]:
    """Return the ValueRange of a resolved range, trimmed the way Google trims it."""
    sheet, b = target.sheet, target.bounds
    locale = evaluator.locale
    formatted = value_render == FORMATTED
    grid: list[list[Any]] = []
    for r in range(b.start_row, min(b.end_row, len(sheet.rows))):
        cells = sheet.rows[r]
        line: list[Any] = []
        append = line.append
        for c in range(b.start_col, min(b.end_col, len(cells))):
            item = cells[c]
            kind = type(item)
            # Fast paths for the plain values that fill most sheets.
            if item is None or kind is str:
                append(item)
            elif kind is Cell or kind is bool:
                append(_render_cell(evaluator, sheet, r, c, item, value_render, date_render))
            elif formatted:
                append(format_general(item, locale))
            else:
                append(json_number(item))
        grid.append(line)
    if major == COLUMNS:
        width = max((len(line) for line in grid), default=0)
        grid = [[line[c] if c < len(line) else None for line in grid] for c in range(width)]
    values = _trim(grid)
    body: dict[str, Any] = {"range": target.label, "majorDimension": major}
    if values:
        body["values"] = values
    return body


def _render_cell(
    evaluator: Evaluator,
    sheet: Sheet,
    r: int,
    c: int,
    item: Any,
    value_render: str,
    date_render: str,
) -> Any:
    """Return the JSON value of one stored item for the values API."""
    if type(item) is Cell:
        if item.formula is not None and value_render == FORMULA:
            return item.formula
        value = evaluator.value(sheet, r, c) if item.formula is not None else item.value
        number_format = (item.format or {}).get("numberFormat")
    else:
        value, number_format = item, None
    if value is None:
        return None
    return render(
        value,
        number_format,
        evaluator.locale,
        value_render=UNFORMATTED if value_render == FORMULA else value_render,
        date_time_render=date_render,
    )


def _trim(grid: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells of each line and trailing empty lines; empty -> ""."""
    out: list[list[Any]] = []
    for line in grid:
        end = len(line)
        while end and line[end - 1] in (None, ""):
            end -= 1
        out.append(["" if v is None else v for v in line[:end]])
    while out and not out[-1]:
        out.pop()
    return out


def get(spreadsheet: Spreadsheet, range_text: str, **options: str) -> dict[str, Any]:
    """Answer values.get."""
    return read_range(Evaluator(spreadsheet), resolve(spreadsheet, range_text), **options)


def batch_get(spreadsheet: Spreadsheet, ranges: list[str], **options: str) -> dict[str, Any]:
    """Answer values.batchGet."""
    evaluator = Evaluator(spreadsheet)
    targets = [resolve(spreadsheet, text) for text in ranges]
    body: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if targets:
        body["valueRanges"] = [read_range(evaluator, t, **options) for t in targets]
    return body


# -- writing ------------------------------------------------------------------------


def _input_item(existing: Any, raw: Any, option: str, locale: Any, where: str) -> Any:
    """Return what a cell holds after a client writes ``raw`` into it, or _SKIP."""
    if raw is None:
        return _SKIP
    if isinstance(raw, dict):
        raise invalid_argument(f"Invalid {where}: struct_value")
    if isinstance(raw, list):
        raise invalid_argument(f"Invalid {where}: list_value")
    formula = None
    number_format = None
    if isinstance(raw, str):
        if raw == "":
            value = None
        elif option == RAW:
            value = sys.intern(raw)  # form answers repeat a lot: keep one copy of each text
        else:
            parsed = parse_user_entered(raw, locale)
            value, formula, number_format = parsed.value, parsed.formula, parsed.number_format
            if type(value) is str:
                value = sys.intern(value)
    else:
        value = raw
    if type(existing) is not Cell:
        if formula is None and number_format is None:
            return value
        return Cell(value=value, formula=formula, format=_auto_format(number_format))
    fmt = existing.format
    if number_format and not (fmt or {}).get("numberFormat"):
        fmt = {**(fmt or {}), "numberFormat": number_format}
    return existing.replace(value=value, formula=formula, format=fmt)


_AUTO_FORMATS: dict[tuple[str, str], dict[str, Any]] = {}


def _auto_format(number_format: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return the cell format for a recognised date or number, one shared dict per pattern.

    Cells never change their format dicts in place, so thousands of dates typed the same
    way can share one.
    """
    if not number_format:
        return None
    key = (str(number_format.get("type")), str(number_format.get("pattern")))
    shared = _AUTO_FORMATS.get(key)
    if shared is None:
        shared = _AUTO_FORMATS.setdefault(key, {"numberFormat": dict(number_format)})
    return shared


def _oriented(values: Any, major: str | None) -> list[list[Any]]:
    """Return the client's values as rows (transposing COLUMNS input)."""
    rows = [list(line) for line in values or []]
    if major == COLUMNS:
        width = max((len(line) for line in rows), default=0)
        rows = [[line[c] if c < len(line) else None for line in rows] for c in range(width)]
    return rows


def write_rows(
    spreadsheet: Spreadsheet,
    target: Target,
    rows: list[list[Any]],
    option: str,
    *,
    anchor_only: bool,
) -> dict[str, Any]:
    """Write rows at a range and return the UpdateValuesResponse counts and range."""
    b = target.bounds
    height = len(rows)
    width = max((len(line) for line in rows), default=0)
    if not anchor_only:
        if height > b.rows:
            raise invalid_argument(
                f"Requested writing within range [{target.label}], but tried writing to row "
                f"[{b.start_row + height}]"
            )
        if width > b.cols:
            raise invalid_argument(
                f"Requested writing within range [{target.label}], but tried writing to column "
                f"[{_column_name(b.start_col + width - 1)}]"
            )
    sheet = target.sheet
    if b.start_row + height > sheet.row_count or b.start_col + width > sheet.column_count:
        end = Bounds(
            b.start_row, b.start_row + max(height, 1), b.start_col, b.start_col + max(width, 1)
        )
        raise exceeds_grid(sheet, Target(sheet, end, False).label.split("!", 1)[1])
    sheet = spreadsheet.writable(sheet)
    locale = locale_for(str(spreadsheet.properties.get("locale", "en_US")))
    cells = 0
    touched_rows: set[int] = set()
    touched_cols: set[int] = set()
    for i, line in enumerate(rows):
        r = b.start_row + i
        for j, raw in enumerate(line):
            c = b.start_col + j
            item = _input_item(sheet.get(r, c), raw, option, locale, f"values[{i}][{j}]")
            if item is _SKIP:
                continue
            sheet.put(r, c, item)
            cells += 1
            touched_rows.add(r)
            touched_cols.add(c)
    written = Bounds(
        b.start_row, b.start_row + max(height, 1), b.start_col, b.start_col + max(width, 1)
    )
    body: dict[str, Any] = {
        "spreadsheetId": spreadsheet.spreadsheet_id,
        "updatedRange": Target(sheet, written, False).label,
    }
    if cells:
        body.update(
            updatedRows=len(touched_rows), updatedColumns=len(touched_cols), updatedCells=cells
        )
    body["_touched"] = (sheet.sheet_id, touched_rows, touched_cols)
    return body


def _column_name(index: int) -> str:
    """Return column letters for an index (kept local to avoid a cycle)."""
    from .a1 import column_letters

    return column_letters(index)


def _public(body: dict[str, Any]) -> dict[str, Any]:
    """Drop the private bookkeeping key from a response."""
    body.pop("_touched", None)
    return body


def update(
    spreadsheet: Spreadsheet,
    range_text: str,
    data: dict[str, Any],
    option: str,
    *,
    include_values: bool = False,
    response_render: str = FORMATTED,
    response_date_render: str = SERIAL,
) -> dict[str, Any]:
    """Answer values.update."""
    target = resolve(spreadsheet, range_text)
    rows = _oriented(data.get("values"), data.get("majorDimension"))
    body = write_rows(spreadsheet, target, rows, option, anchor_only=target.single_cell)
    if include_values:
        body["updatedData"] = updated_data(
            spreadsheet, body["updatedRange"], response_render, response_date_render
        )
    return _public(body)


def updated_data(
    spreadsheet: Spreadsheet, label: str, value_render: str, date_render: str
) -> dict[str, Any]:
    """Return the ValueRange a write answers with when asked to include values."""
    return read_range(
        Evaluator(spreadsheet),
        resolve(spreadsheet, label),
        value_render=value_render,
        date_render=date_render,
    )


def batch_update(spreadsheet: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    """Answer values.batchUpdate."""
    option = request.get("valueInputOption")
    if option not in (RAW, USER_ENTERED):
        raise invalid_argument("'valueInputOption' is required but not specified")
    responses = []
    rows_seen: set[tuple[int, int]] = set()
    cols_seen: set[tuple[int, int]] = set()
    sheets_seen: set[int] = set()
    total_cells = 0
    for item in request.get("data", []):
        target = resolve(spreadsheet, item.get("range", ""))
        rows = _oriented(item.get("values"), item.get("majorDimension"))
        body = write_rows(spreadsheet, target, rows, option, anchor_only=target.single_cell)
        sheet_id, touched_rows, touched_cols = body["_touched"]
        rows_seen.update((sheet_id, r) for r in touched_rows)
        cols_seen.update((sheet_id, c) for c in touched_cols)
        if touched_rows:
            sheets_seen.add(sheet_id)
        total_cells += body.get("updatedCells", 0)
        if request.get("includeValuesInResponse"):
            body["updatedData"] = updated_data(
                spreadsheet,
                body["updatedRange"],
                request.get("responseValueRenderOption", FORMATTED),
                request.get("responseDateTimeRenderOption", SERIAL),
            )
        responses.append(_public(body))
    out: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if total_cells:
        out.update(
            totalUpdatedRows=len(rows_seen),
            totalUpdatedColumns=len(cols_seen),
            totalUpdatedCells=total_cells,
            totalUpdatedSheets=len(sheets_seen),
        )
    if responses:
        out["responses"] = responses
    return out


def clear(spreadsheet: Spreadsheet, range_text: str) -> dict[str, Any]:
    """Answer values.clear: remove values and formulas, keep formats and notes."""
    target = resolve(spreadsheet, range_text)
    _clear_target(spreadsheet, target)
    return {"spreadsheetId": spreadsheet.spreadsheet_id, "clearedRange": target.label}


def batch_clear(spreadsheet: Spreadsheet, ranges: list[str]) -> dict[str, Any]:
    """Answer values.batchClear."""
    targets = [resolve(spreadsheet, text) for text in ranges]
    for target in targets:
        _clear_target(spreadsheet, target)
    body: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if targets:
        body["clearedRanges"] = [t.label for t in targets]
    return body


def _clear_target(spreadsheet: Spreadsheet, target: Target) -> None:
    """Remove the values of every cell in a range."""
    sheet = spreadsheet.writable(target.sheet)
    b = target.bounds
    for r in range(b.start_row, min(b.end_row, len(sheet.rows))):
        cells = sheet.rows[r]
        for c in range(b.start_col, min(b.end_col, len(cells))):
            item = cells[c]
            if item is None:
                continue
            if type(item) is Cell:
                cells[c] = item.replace(value=None, formula=None)
                if cells[c].is_empty():
                    cells[c] = None
            else:
                cells[c] = None
        while cells and cells[-1] is None:
            cells.pop()
    sheet.trim()
