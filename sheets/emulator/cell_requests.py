"""batchUpdate requests that write cells: updateCells, repeatCell, appendCells, borders,
data validation, sorting, copy and cut.

A cell is edited through its CellData view (userEnteredValue, userEnteredFormat, note,
dataValidation) with the request's field mask, then stored back compactly.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

from . import fieldmask
from .a1 import Bounds
from .batch import EMPTY_MASK, Context, RequestError, handler
from .cellvalues import ErrorValue, effective_value_json, from_extended_value
from .model import Cell, Sheet, Spreadsheet
from .protojson import normalize_colors
from .schema import check_mask
from .sheet_requests import check_cell_limit, find_sheet
from .structure import target

_CELL_FIELDS = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation")
_BORDER_WIDTH = {
    "DOTTED": 1,
    "DASHED": 1,
    "SOLID": 1,
    "SOLID_MEDIUM": 2,
    "SOLID_THICK": 3,
    "DOUBLE": 3,
}


def _view(item: Any) -> dict[str, Any]:
    """Return the editable CellData view of a stored item."""
    if item is None:
        return {}
    if type(item) is not Cell:
        return {"userEnteredValue": effective_value_json(item)}
    out: dict[str, Any] = {}
    if item.formula is not None:
        out["userEnteredValue"] = {"formulaValue": item.formula}
    elif item.value is not None:
        out["userEnteredValue"] = effective_value_json(item.value)
    if item.format:
        out["userEnteredFormat"] = item.format
    if item.note is not None:
        out["note"] = item.note
    if item.validation is not None:
        out["dataValidation"] = item.validation
    return out


def _from_view(view: dict[str, Any]) -> Any:
    """Return the stored item for a CellData view."""
    try:
        parsed = from_extended_value(view.get("userEnteredValue"))
    except ValueError as err:
        raise RequestError(str(err)) from None
    if isinstance(parsed.value, ErrorValue):
        raise RequestError("errorValue is read-only and cannot be written.")
    note = view.get("note") or None
    return Cell(
        value=parsed.value,
        formula=parsed.formula,
        format=view.get("userEnteredFormat") or None,
        note=note,
        validation=view.get("dataValidation") or None,
    )


class CellWriter:
    """Apply one CellData and field mask to many cells, sharing identical results."""

    def __init__(self, mask: fieldmask.FieldMask) -> None:
        self.mask = mask
        # (id(old item), id(source)) -> (old item, new item); holding the old item keeps
        # its id from being reused while the memo lives.
        self._memo: dict[tuple[int, int], tuple[Any, Any]] = {}

    def apply(self, sheet: Sheet, r: int, c: int, source: dict[str, Any]) -> None:
        """Write ``source`` into one cell through the mask."""
        item = sheet.get(r, c)
        shareable = item is None or type(item) is Cell
        key = (id(item), id(source))
        if shareable and (hit := self._memo.get(key)) is not None and hit[0] is item:
            sheet.put(r, c, hit[1])
            return
        view = copy.deepcopy(_view(item))
        fieldmask.apply_update(view, source, self.mask)
        new_item = _from_view(view)
        if shareable:
            self._memo[key] = (item, new_item)
        sheet.put(r, c, new_item)


def _source(cell: dict[str, Any] | None) -> dict[str, Any]:
    """Return a CellData from a request, keeping only fields the emulator stores."""
    cell = copy.deepcopy(cell or {})
    out = {k: cell[k] for k in _CELL_FIELDS if k in cell}
    if "userEnteredFormat" in out:
        out["userEnteredFormat"] = _normalize_format(out["userEnteredFormat"])
    if "dataValidation" in out:
        out["dataValidation"] = _normalize_rule(out["dataValidation"])
    return out


def _normalize_format(fmt: dict[str, Any]) -> dict[str, Any]:
    """Return a CellFormat as Google stores it: colours as floats32, borders completed."""
    fmt = normalize_colors(fmt)
    borders = fmt.get("borders")
    if isinstance(borders, dict):
        for side in list(borders):
            border = _normalize_border(borders[side])
            if border is None:
                del borders[side]
            else:
                borders[side] = border
    return fmt


def _normalize_border(border: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return a Border with width and colour filled in, or None for style NONE."""
    if not border or border.get("style") in (None, "NONE", "STYLE_UNSPECIFIED"):
        return None
    out = {"style": border["style"], "width": _BORDER_WIDTH.get(border["style"], 1)}
    style = border.get("colorStyle") or (
        {"rgbColor": border["color"]} if "color" in border else {"rgbColor": {}}
    )
    out["colorStyle"] = style
    out["color"] = style.get("rgbColor", {})
    return normalize_colors(out)


def _normalize_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """Return a DataValidationRule without the fields at their defaults."""
    return {k: v for k, v in rule.items() if v not in (False, None, "")}


def _check_cell_mask(fields: str | None, ctx: Context) -> fieldmask.FieldMask:
    """Return the checked CellData mask of a request; Google requires one."""
    if not fields:
        raise RequestError(EMPTY_MASK)
    return check_mask("CellData", fields, at=f"requests[{ctx.index}].{ctx.kind}.fields")


def _cells(b: Bounds) -> Iterator[tuple[int, int]]:
    """Yield every cell of a rectangle, row by row."""
    for r in range(b.start_row, b.end_row):
        for c in range(b.start_col, b.end_col):
            yield r, c


@handler("updateCells")
def update_cells(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Write rows of CellData from a start cell or into a range (clearing what is not given)."""
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx))
    rows = body.get("rows", [])
    if "range" in body:
        sheet, b = target(work, body["range"], ctx)
        start_row, start_col = b.start_row, b.start_col
    else:
        start = body.get("start", {})
        sheet = find_sheet(work, start.get("sheetId"))
        start_row, start_col = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        height = len(rows)
        width = max((len(r.get("values", [])) for r in rows), default=0)
        b = Bounds(start_row, start_row + height, start_col, start_col + width)
    if b.end_row > sheet.row_count or b.end_col > sheet.column_count:
        raise RequestError(
            f"Range exceeds grid limits of sheet {sheet.sheet_id}: it needs {b.end_row} rows "
            f"and {b.end_col} columns, the sheet has {sheet.row_count} and {sheet.column_count}."
        )
    sheet = work.writable(sheet)
    given: set[tuple[int, int]] = set()
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            r, c = start_row + i, start_col + j
            if "range" in body and not (r < b.end_row and c < b.end_col):
                continue
            writer.apply(sheet, r, c, _source(cell))
            given.add((r, c))
    if "range" in body:
        empty: dict[str, Any] = {}
        for r, c in _cells(b):
            if (r, c) not in given and sheet.get(r, c) is not None:
                writer.apply(sheet, r, c, empty)


@handler("repeatCell")
def repeat_cell(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Write one CellData into every cell of a range."""
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx))
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    source = _source(body.get("cell"))
    for r, c in _cells(b):
        writer.apply(sheet, r, c, source)


@handler("appendCells")
def append_cells(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Write rows after the last row that has data, adding rows to the grid if needed."""
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx))
    sheet = work.writable(find_sheet(work, body.get("sheetId")))
    rows = body.get("rows", [])
    start = len(sheet.rows)
    width = max((len(r.get("values", [])) for r in rows), default=0)
    if start + len(rows) > sheet.row_count:
        sheet.grid["rowCount"] = start + len(rows)
    if width > sheet.column_count:
        sheet.grid["columnCount"] = width
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            writer.apply(sheet, start + i, j, _source(cell))
    check_cell_limit(work)


@handler("updateBorders")
def update_borders(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Set the borders of a range: outer sides and inner lines."""
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    sides = {
        k: body[k]
        for k in ("top", "bottom", "left", "right", "innerHorizontal", "innerVertical")
        if k in body
    }
    for r, c in _cells(b):
        edges: dict[str, Any] = {}
        if r == b.start_row and "top" in sides:
            edges["top"] = sides["top"]
        if r == b.end_row - 1 and "bottom" in sides:
            edges["bottom"] = sides["bottom"]
        if c == b.start_col and "left" in sides:
            edges["left"] = sides["left"]
        if c == b.end_col - 1 and "right" in sides:
            edges["right"] = sides["right"]
        if "innerHorizontal" in sides:
            if r > b.start_row:
                edges["top"] = sides["innerHorizontal"]
            if r < b.end_row - 1:
                edges["bottom"] = sides["innerHorizontal"]
        if "innerVertical" in sides:
            if c > b.start_col:
                edges["left"] = sides["innerVertical"]
            if c < b.end_col - 1:
                edges["right"] = sides["innerVertical"]
        if edges:
            _set_borders(sheet, r, c, edges)


def _set_borders(sheet: Sheet, r: int, c: int, edges: dict[str, Any]) -> None:
    """Merge border edges into one cell's format."""
    item = sheet.get(r, c)
    cell = item if type(item) is Cell else Cell(value=item)
    fmt = copy.deepcopy(cell.format or {})
    borders = fmt.setdefault("borders", {})
    for side, border in edges.items():
        normalized = _normalize_border(border)
        if normalized is None:
            borders.pop(side, None)
        else:
            borders[side] = normalized
    if not borders:
        fmt.pop("borders")
    sheet.put(r, c, cell.replace(format=fmt or None))


@handler("setDataValidation")
def set_data_validation(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Set (or, without a rule, clear) the validation rule of every cell in a range."""
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    rule = _normalize_rule(copy.deepcopy(body["rule"])) if body.get("rule") else None
    for r, c in _cells(b):
        item = sheet.get(r, c)
        cell = item if type(item) is Cell else Cell(value=item)
        sheet.put(r, c, cell.replace(validation=rule))


# -- sorting, copying, cutting -----------------------------------------------------


def _sort_key(item: Any) -> tuple[int, Any] | None:
    """Return how Sheets orders a cell: numbers, then text, then booleans; None if empty."""
    value = item.value if type(item) is Cell else item
    if value is None:
        return None
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())


@handler("sortRange")
def sort_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Sort the rows of a range by columns; empty cells go last in either order."""
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    specs = body.get("sortSpecs", [])
    rows = [
        [sheet.get(r, c) for c in range(b.start_col, b.end_col)]
        for r in range(b.start_row, b.end_row)
    ]

    def compare(left: list[Any], right: list[Any]) -> int:
        for spec in specs:
            index = int(spec.get("dimensionIndex", 0)) - b.start_col
            a = _sort_key(left[index]) if 0 <= index < len(left) else None
            z = _sort_key(right[index]) if 0 <= index < len(right) else None
            if a is None or z is None:
                if a is None and z is None:
                    continue
                return 1 if a is None else -1
            if a != z:
                result = -1 if a < z else 1
                return -result if spec.get("sortOrder") == "DESCENDING" else result
        return 0

    rows.sort(key=functools.cmp_to_key(compare))
    for i, line in enumerate(rows):
        for j, item in enumerate(line):
            sheet.put(b.start_row + i, b.start_col + j, item)


def _block(work: Spreadsheet, sheet: Sheet, b: Bounds, paste_type: str) -> list[list[Any]]:
    """Return the items of a source range; for PASTE_VALUES, formulas become their values."""
    from .evaluation import Evaluator

    evaluator = Evaluator(work)
    block = []
    for r in range(b.start_row, b.end_row):
        line = []
        for c in range(b.start_col, b.end_col):
            item = sheet.get(r, c)
            if paste_type == "PASTE_VALUES" and type(item) is Cell and item.formula is not None:
                item = item.replace(value=evaluator.value(sheet, r, c), formula=None)
            line.append(item)
        block.append(line)
    return block


def _paste(item: Any, existing: Any, paste_type: str) -> Any:
    """Return what a cell holds after pasting ``item`` onto ``existing``."""
    if paste_type == "PASTE_NORMAL":
        return item
    src = item if type(item) is Cell else Cell(value=item)
    dst = existing if type(existing) is Cell else Cell(value=existing)
    if paste_type == "PASTE_VALUES":
        return dst.replace(value=src.value, formula=None)
    if paste_type == "PASTE_FORMULA":
        return dst.replace(value=src.value, formula=src.formula)
    if paste_type in ("PASTE_FORMAT", "PASTE_NO_BORDERS"):
        fmt = copy.deepcopy(src.format)
        if paste_type == "PASTE_NO_BORDERS" and fmt:
            fmt.pop("borders", None)
        return dst.replace(format=fmt or None)
    if paste_type == "PASTE_DATA_VALIDATION":
        return dst.replace(validation=src.validation)
    return existing


@handler("copyPaste")
def copy_paste(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Copy a range onto another, repeating it to fill a larger destination."""
    source_sheet, s = target(work, body.get("source"), ctx)
    dest_sheet, d = target(work, body.get("destination"), ctx)
    paste_type = body.get("pasteType", "PASTE_NORMAL")
    transpose = body.get("pasteOrientation") == "TRANSPOSE"
    block = _block(work, source_sheet, s, paste_type)
    if transpose:
        block = [list(col) for col in zip(*block, strict=False)]
    height, width = len(block), len(block[0]) if block else 0
    if not height or not width:
        return
    rows = max(d.rows // height, 1) * height
    cols = max(d.cols // width, 1) * width
    if d.start_row + rows > dest_sheet.row_count or d.start_col + cols > dest_sheet.column_count:
        raise RequestError("The paste would go beyond the grid of the destination sheet.")
    dest_sheet = work.writable(dest_sheet)
    for i in range(rows):
        for j in range(cols):
            r, c = d.start_row + i, d.start_col + j
            dest_sheet.put(
                r, c, _paste(block[i % height][j % width], dest_sheet.get(r, c), paste_type)
            )


@handler("cutPaste")
def cut_paste(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Move a range to a new top-left cell, leaving the source empty."""
    source_sheet, s = target(work, body.get("source"), ctx)
    destination = body.get("destination", {})
    dest_sheet = find_sheet(work, destination.get("sheetId"))
    row0, col0 = int(destination.get("rowIndex", 0)), int(destination.get("columnIndex", 0))
    if row0 + s.rows > dest_sheet.row_count or col0 + s.cols > dest_sheet.column_count:
        raise RequestError("The paste would go beyond the grid of the destination sheet.")
    paste_type = body.get("pasteType", "PASTE_NORMAL")
    block = _block(work, source_sheet, s, paste_type)
    source_sheet = work.writable(source_sheet)
    for r, c in _cells(s):
        source_sheet.put(r, c, None)
    dest_sheet = work.writable(dest_sheet)
    for i, line in enumerate(block):
        for j, item in enumerate(line):
            r, c = row0 + i, col0 + j
            dest_sheet.put(r, c, _paste(item, dest_sheet.get(r, c), paste_type))
