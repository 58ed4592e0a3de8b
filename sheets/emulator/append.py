"""values.append: find the "table" Google appends to and write below it.

Kept apart from the other values methods because table detection is its own algorithm.
"""

from __future__ import annotations

from typing import Any

from .a1 import Bounds
from .model import Cell, Sheet, Spreadsheet
from .ranges import Target, resolve
from .values import FORMATTED, SERIAL, _oriented, _public, updated_data, write_rows


def find_table(sheet: Sheet, within: Bounds) -> Bounds | None:
    """Find the table Google appends to: the data region around the first value in range.

    The first non-empty cell inside the range (row by row) seeds the region; the region
    then grows while any cell touching it, diagonals included, holds a value. The region
    may grow beyond the range, as Google's does (appending at ``Sheet1!A1`` appends below
    the whole table that starts there).
    """
    seed = None
    for r in range(within.start_row, min(within.end_row, len(sheet.rows))):
        cells = sheet.rows[r]
        for c in range(within.start_col, min(within.end_col, len(cells))):
            if _has_value(cells[c]):
                seed = (r, c)
                break
        if seed:
            break
    if seed is None:
        return None
    top, bottom, left, right = seed[0], seed[0] + 1, seed[1], seed[1] + 1
    grown = True
    while grown:
        grown = False
        if bottom < len(sheet.rows) and _any_value(sheet, bottom, left - 1, right + 1):
            bottom += 1
            grown = True
        if top > 0 and _any_value(sheet, top - 1, left - 1, right + 1):
            top -= 1
            grown = True
        if _column_has_value(sheet, right, top - 1, bottom + 1):
            right += 1
            grown = True
        if left > 0 and _column_has_value(sheet, left - 1, top - 1, bottom + 1):
            left -= 1
            grown = True
    return Bounds(top, bottom, left, right)


def _has_value(item: Any) -> bool:
    """Return True when a stored item holds a value or formula."""
    if item is None:
        return False
    if type(item) is Cell:
        return item.value is not None or item.formula is not None
    return True


def _any_value(sheet: Sheet, row: int, start_col: int, end_col: int) -> bool:
    """Return True when a row holds a value between two columns."""
    if row < 0 or row >= len(sheet.rows):
        return False
    cells = sheet.rows[row]
    return any(_has_value(cells[c]) for c in range(max(start_col, 0), min(end_col, len(cells))))


def _column_has_value(sheet: Sheet, col: int, start_row: int, end_row: int) -> bool:
    """Return True when a column holds a value between two rows."""
    if col < 0:
        return False
    for r in range(max(start_row, 0), min(end_row, len(sheet.rows))):
        cells = sheet.rows[r]
        if col < len(cells) and _has_value(cells[col]):
            return True
    return False


def append(
    spreadsheet: Spreadsheet,
    range_text: str,
    data: dict[str, Any],
    option: str,
    *,
    insert_option: str = "OVERWRITE",
    include_values: bool = False,
    response_render: str = FORMATTED,
    response_date_render: str = SERIAL,
) -> dict[str, Any]:
    """Answer values.append: find the table, write after it, grow the grid if needed."""
    target = resolve(spreadsheet, range_text)
    rows = _oriented(data.get("values"), data.get("majorDimension"))
    height = len(rows)
    width = max((len(line) for line in rows), default=0)
    table = find_table(target.sheet, target.bounds)
    if table is None:
        start_row, start_col = target.bounds.start_row, target.bounds.start_col
    else:
        start_row, start_col = table.end_row, table.start_col
    sheet = spreadsheet.writable(target.sheet)
    if insert_option == "INSERT_ROWS" and height:
        from .dimensions import insert_rows

        insert_rows(spreadsheet, sheet, start_row, height, inherit_from_before=start_row > 0)
    need_rows = start_row + height - sheet.row_count
    need_cols = start_col + width - sheet.column_count
    if need_rows > 0:
        sheet.grid["rowCount"] = sheet.row_count + need_rows
    if need_cols > 0:
        sheet.grid["columnCount"] = sheet.column_count + need_cols
    where = Target(
        sheet,
        Bounds(start_row, start_row + max(height, 1), start_col, start_col + max(width, 1)),
        False,
    )
    updates = _public(write_rows(spreadsheet, where, rows, option, anchor_only=True))
    if include_values:
        updates["updatedData"] = updated_data(
            spreadsheet, where.label, response_render, response_date_render
        )
    body: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if table is not None:
        body["tableRange"] = Target(sheet, table, False).label
    body["updates"] = updates
    return body
