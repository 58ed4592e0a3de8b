"""batchUpdate requests on rows and columns: insert, delete, append, resize, hide, group.

Inserting or deleting rows moves everything anchored to rows with them: cells, merges,
named and protected ranges, the basic filter, row metadata and groups.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import fieldmask
from .batch import EMPTY_MASK, Context, RequestError, handler
from .model import DEFAULT_COLUMN_PIXELS, DEFAULT_ROW_PIXELS, Cell, Sheet, Spreadsheet
from .schema import check_mask
from .sheet_requests import check_cell_limit, find_sheet

ROWS, COLUMNS = "ROWS", "COLUMNS"
_KEYS = {ROWS: ("startRowIndex", "endRowIndex"), COLUMNS: ("startColumnIndex", "endColumnIndex")}


def _dimension(body: dict[str, Any]) -> str:
    """Return the dimension of a DimensionRange, refusing an unspecified one."""
    dimension = body.get("dimension")
    if dimension not in (ROWS, COLUMNS):
        raise RequestError("range.dimension must be ROWS or COLUMNS.")
    return str(dimension)


def _size(sheet: Sheet, dimension: str) -> int:
    """Return the number of rows or columns of a sheet."""
    return sheet.row_count if dimension == ROWS else sheet.column_count


def _set_size(sheet: Sheet, dimension: str, size: int) -> None:
    """Set the number of rows or columns of a sheet."""
    sheet.grid["rowCount" if dimension == ROWS else "columnCount"] = size


def _span(body: dict[str, Any], sheet: Sheet, dimension: str) -> tuple[int, int]:
    """Return a DimensionRange's (start, end) closed against the sheet, or raise."""
    size = _size(sheet, dimension)
    start = int(body.get("startIndex", 0))
    end = int(body.get("endIndex", size))
    if start < 0 or end > size or start >= end:
        noun = "rows" if dimension == ROWS else "columns"
        raise RequestError(
            f"Invalid dimension range: [{start}, {end}) does not fit the {size} {noun} of "
            f"sheet {sheet.sheet_id}."
        )
    return start, end


# -- moving everything anchored to rows or columns ------------------------------------


def _mover(start: int, count: int) -> Callable[[int], int]:
    """Return how an index moves when ``count`` rows are inserted (>0) or deleted (<0)."""
    if count >= 0:
        return lambda x: x + count if x >= start else x
    end = start - count
    return lambda x: x if x <= start else (start if x <= end else x + count)


def _move_grid_range(grid: dict[str, Any], dimension: str, start: int, count: int) -> bool:
    """Move a GridRange in place; return False when deleting made it empty."""
    first, last = _KEYS[dimension]
    if count > 0:
        if first in grid and grid[first] >= start:
            grid[first] += count
        if last in grid and grid[last] > start:
            grid[last] += count
    else:
        move = _mover(start, count)
        for key in (first, last):
            if key in grid:
                grid[key] = move(grid[key])
    return not (first in grid and last in grid and grid[first] >= grid[last])


def shift(work: Spreadsheet, sheet: Sheet, dimension: str, start: int, count: int) -> None:
    """Insert (count > 0) or delete (count < 0) rows or columns and move what hangs on them."""
    if dimension == ROWS:
        if count > 0:
            if start < len(sheet.rows):
                sheet.rows[start:start] = [[] for _ in range(count)]
        else:
            del sheet.rows[start : start - count]
        sheet.trim()
    else:
        for line in sheet.rows:
            if count > 0:
                if start < len(line):
                    line[start:start] = [None] * count
            else:
                del line[start : start - count]
                while line and line[-1] is None:
                    line.pop()
        sheet.trim()
    _set_size(sheet, dimension, _size(sheet, dimension) + count)
    sheet.merges = [m for m in sheet.merges if _move_grid_range(m, dimension, start, count)]
    sheet.merges = [m for m in sheet.merges if _cells_in(m) > 1]
    sheet.protected_ranges = [
        p
        for p in sheet.protected_ranges
        if "range" not in p or _move_grid_range(p["range"], dimension, start, count)
    ]
    move = _mover(start, count)
    if sheet.basic_filter and not _move_grid_range(
        sheet.basic_filter.setdefault("range", {}), dimension, start, count
    ):
        sheet.basic_filter = None
    if sheet.basic_filter and dimension == COLUMNS:
        _move_filter_columns(sheet.basic_filter, move, range(start, start - count))
    for rule in sheet.conditional_formats:
        rule["ranges"] = [
            g for g in rule.get("ranges", []) if _move_grid_range(g, dimension, start, count)
        ]
    sheet.conditional_formats = [r for r in sheet.conditional_formats if r["ranges"]]
    work.named_ranges = [
        n
        for n in work.named_ranges
        if int(n.get("range", {}).get("sheetId", 0)) != sheet.sheet_id
        or _move_grid_range(n["range"], dimension, start, count)
    ]
    meta = sheet.row_meta if dimension == ROWS else sheet.col_meta
    moved = {}
    for index, value in meta.items():
        if count < 0 and start <= index < start - count:
            continue
        moved[move(index)] = value
    meta.clear()
    meta.update(moved)
    groups = sheet.row_groups if dimension == ROWS else sheet.column_groups
    kept = []
    first, last = _KEYS[dimension]
    for group in groups:
        span = group["range"]
        grid = {first: span["startIndex"], last: span["endIndex"]}
        if _move_grid_range(grid, dimension, start, count):
            span["startIndex"], span["endIndex"] = grid[first], grid[last]
            kept.append(group)
    groups[:] = kept
    frozen = "frozenRowCount" if dimension == ROWS else "frozenColumnCount"
    if sheet.grid.get(frozen, 0) > _size(sheet, dimension):
        sheet.grid[frozen] = _size(sheet, dimension)


def _move_filter_columns(spec: dict[str, Any], move: Callable[[int], int], gone: range) -> None:
    """Move a filter's per-column settings with their columns; drop deleted columns'."""
    if "filterSpecs" in spec:
        kept = [f for f in spec["filterSpecs"] if int(f.get("columnIndex", 0)) not in gone]
        for f in kept:
            f["columnIndex"] = move(int(f.get("columnIndex", 0)))
        spec["filterSpecs"] = kept
    if "criteria" in spec:  # the deprecated map keyed by column index
        spec["criteria"] = {
            str(move(int(k))): v for k, v in spec["criteria"].items() if int(k) not in gone
        }


def _cells_in(grid: dict[str, Any]) -> int:
    """Return how many cells a closed GridRange covers."""
    rows = grid.get("endRowIndex", 0) - grid.get("startRowIndex", 0)
    cols = grid.get("endColumnIndex", 0) - grid.get("startColumnIndex", 0)
    return rows * cols


def _inherit(sheet: Sheet, dimension: str, start: int, count: int, source: int) -> None:
    """Give new rows or columns the formats (not values) of a neighbour, as Google does."""
    if source < 0:
        return
    if dimension == ROWS:
        template = sheet.rows[source] if source < len(sheet.rows) else []
        for r in range(start, start + count):
            for c, item in enumerate(template):
                if type(item) is Cell and (item.format or item.validation):
                    sheet.put(r, c, Cell(format=item.format, validation=item.validation))
        if source in sheet.row_meta:
            for r in range(start, start + count):
                sheet.row_meta[r] = dict(sheet.row_meta[source])
    else:
        for r, line in enumerate(sheet.rows):
            item = line[source] if source < len(line) else None
            if type(item) is Cell and (item.format or item.validation):
                for c in range(start, start + count):
                    sheet.put(r, c, Cell(format=item.format, validation=item.validation))
        if source in sheet.col_meta:
            for c in range(start, start + count):
                sheet.col_meta[c] = dict(sheet.col_meta[source])


def insert_rows(
    work: Spreadsheet, sheet: Sheet, start: int, count: int, *, inherit_from_before: bool
) -> None:
    """Insert rows into a writable sheet (also used by values.append INSERT_ROWS)."""
    shift(work, sheet, ROWS, start, count)
    _inherit(sheet, ROWS, start, count, start - 1 if inherit_from_before else start + count)


@handler("insertDimension")
def insert_dimension(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Insert rows or columns, inheriting formats from one side."""
    span = body.get("range", {})
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start = int(span.get("startIndex", 0))
    end = int(span.get("endIndex", start))
    if start < 0 or end <= start or start > _size(sheet, dimension):
        raise RequestError(f"Invalid dimension range [{start}, {end}) for insertion.")
    before = bool(body.get("inheritFromBefore"))
    if before and start == 0:
        raise RequestError("Cannot inherit properties from before the first row or column.")
    shift(work, sheet, dimension, start, end - start)
    _inherit(sheet, dimension, start, end - start, start - 1 if before else end)
    check_cell_limit(work)


@handler("deleteDimension")
def delete_dimension(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Delete rows or columns; a sheet keeps at least one of each."""
    span = body.get("range", {})
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start, end = _span(span, sheet, dimension)
    noun = "rows" if dimension == ROWS else "columns"
    if start == 0 and end >= _size(sheet, dimension):
        raise RequestError(f"You can't delete all the {noun} on the sheet.")
    frozen = int(sheet.grid.get("frozenRowCount" if dimension == ROWS else "frozenColumnCount", 0))
    if frozen and _size(sheet, dimension) - (end - start) <= frozen:
        raise RequestError(f"Sorry, it is not possible to delete all non-frozen {noun}.")
    shift(work, sheet, dimension, start, start - end)


@handler("appendDimension")
def append_dimension(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Add rows or columns at the end of a sheet."""
    dimension = _dimension(body)
    sheet = work.writable(find_sheet(work, body.get("sheetId")))
    length = int(body.get("length", 0))
    if length <= 0:
        raise RequestError("length must be greater than 0.")
    _set_size(sheet, dimension, _size(sheet, dimension) + length)
    check_cell_limit(work)


@handler("updateDimensionProperties")
def update_dimension_properties(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Set pixel sizes or hide rows and columns."""
    span = body.get("range") or body.get("dataSourceSheetRange")
    if not span:
        raise RequestError("range must be set.")
    dimension = _dimension(span)
    fields = body.get("fields")
    if not fields:
        raise RequestError(EMPTY_MASK)
    mask = check_mask("DimensionProperties", fields, at=f"requests[{ctx.index}].{ctx.kind}.fields")
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start, end = _span(span, sheet, dimension)
    meta = sheet.row_meta if dimension == ROWS else sheet.col_meta
    for index in range(start, end):
        entry = dict(meta.get(index, {}))
        fieldmask.apply_update(entry, body.get("properties", {}), mask)
        entry = {k: v for k, v in entry.items() if v not in (False, None)}
        if entry:
            meta[index] = entry
        else:
            meta.pop(index, None)


_WIDE = set("ABCDEFGHKNOPQRSUVXYZ&%@#mwMW")


def _text_width(text: str) -> float:
    """Estimate the width of text in Arial 10 (pixels): enough to size columns plausibly.

    Capitals are calibrated on the one recorded example (1,024 "A" -> 8,691 px with the
    11 px of padding); the other widths are rough averages.
    """
    width = 0.0
    for ch in text:
        if ch == " ":
            width += 3.7
        elif ch in _WIDE or ch.isupper():
            width += 8.4765625
        else:
            width += 7.0
    return width


@handler("autoResizeDimensions")
def auto_resize_dimensions(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Fit columns to their widest text (estimated) and rows to their line count."""
    from .cellvalues import format_value, locale_for
    from .evaluation import Evaluator

    span = body.get("dimensions") or body.get("dataSourceSheetDimensions")
    if not span:
        raise RequestError("dimensions must be set.")
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start, end = _span(span, sheet, dimension)
    evaluator = Evaluator(work)
    locale = locale_for(str(work.properties.get("locale", "en_US")))

    def text(r: int, c: int) -> str:
        item = sheet.get(r, c)
        value = evaluator.value(sheet, r, c)
        if value is None:
            return ""
        number_format = (item.format or {}).get("numberFormat") if type(item) is Cell else None
        return format_value(value, number_format, locale)

    for index in range(start, end):
        if dimension == COLUMNS:
            texts = [text(r, index) for r in range(len(sheet.rows))]
            widest = max((_text_width(line) for t in texts for line in t.split("\n")), default=0)
            if widest:
                sheet.col_meta[index] = {
                    **sheet.col_meta.get(index, {}),
                    "pixelSize": round(widest) + 11,
                }
        else:
            line = sheet.rows[index] if index < len(sheet.rows) else []
            lines = max((text(index, c).count("\n") + 1 for c in range(len(line))), default=1)
            size = DEFAULT_ROW_PIXELS * lines
            entry = {**sheet.row_meta.get(index, {}), "pixelSize": size}
            if size == DEFAULT_ROW_PIXELS:
                entry.pop("pixelSize")
            if entry:
                sheet.row_meta[index] = entry
            else:
                sheet.row_meta.pop(index, None)


def dimension_metadata(sheet: Sheet, dimension: str, start: int, end: int) -> list[dict[str, Any]]:
    """Return rowMetadata or columnMetadata entries for part of a sheet."""
    meta = sheet.row_meta if dimension == ROWS else sheet.col_meta
    default = DEFAULT_ROW_PIXELS if dimension == ROWS else DEFAULT_COLUMN_PIXELS
    out = []
    for index in range(start, end):
        entry = {"pixelSize": default}
        entry.update(meta.get(index, {}))
        out.append(entry)
    return out
