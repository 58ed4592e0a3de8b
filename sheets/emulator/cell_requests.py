"""batchUpdate requests that write cells: updateCells, repeatCell, appendCells, borders
and data validation (sorting, copying and cutting live in paste_requests).

A cell is edited through its CellData view (userEnteredValue, userEnteredFormat, note,
dataValidation) with the request's field mask, then stored back compactly.
"""

from __future__ import annotations

import copy
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
from .structure import coordinate, target

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


# (colour path, colour style path) pairs of a CellFormat that Google keeps in step.
_COLOR_PAIRS = (
    (("backgroundColor",), ("backgroundColorStyle",)),
    (("textFormat", "foregroundColor"), ("textFormat", "foregroundColorStyle")),
)


def _covers(mask: fieldmask.FieldMask | None, path: tuple[str, ...]) -> bool:
    """Return True when a mask names a field path, a field above it, or ``*``."""
    node = mask
    for name in path:
        if node is None or fieldmask.ALL in node:
            return True
        if name not in node:
            return False
        node = node[name]
    return True


def _lookup(obj: dict[str, Any], path: tuple[str, ...]) -> Any:
    """Return the value at a path of nested dicts, or None."""
    for name in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)  # type: ignore[assignment]
    return obj


def _assign(obj: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set (or, for None, remove) the value at a path of nested dicts."""
    for name in path[:-1]:
        inner = obj.get(name)
        if not isinstance(inner, dict):
            if value is None:
                return
            inner = obj[name] = {}
        obj = inner
    if value is None:
        obj.pop(path[-1], None)
    else:
        obj[path[-1]] = value


def _theme_rgb(work: Spreadsheet, style: dict[str, Any]) -> dict[str, Any] | None:
    """Return the RGB colour of a ColorStyle, looking theme colours up in the spreadsheet."""
    if "rgbColor" in style:
        return dict(style["rgbColor"])
    theme = work.properties.get("spreadsheetTheme", {})
    for entry in theme.get("themeColors", []):
        if entry.get("colorType") == style.get("themeColor"):
            return dict(entry.get("color", {}).get("rgbColor", {}))
    return None


def _prune(fmt: dict[str, Any]) -> dict[str, Any]:
    """Drop emptied sub-objects of a format; an empty Color ({} is black) stays."""
    out: dict[str, Any] = {}
    for key, value in fmt.items():
        if isinstance(value, dict) and not (key.endswith("Color") or key in ("color", "rgbColor")):
            value = _prune(value)
            if not value:
                continue
        out[key] = value
    return out


class CellWriter:
    """Apply one CellData and field mask to many cells, sharing identical results."""

    def __init__(self, mask: fieldmask.FieldMask, work: Spreadsheet) -> None:
        self.mask = mask
        self.work = work
        fmt_mask = None if fieldmask.ALL in mask else mask.get("userEnteredFormat", {})
        self.formats = _covers(mask, ("userEnteredFormat",))
        # Which of each colour/style pair the mask writes: that one wins, the other follows.
        self.colors = [
            (color, style, _covers(fmt_mask, color), _covers(fmt_mask, style))
            for color, style in _COLOR_PAIRS
        ]
        # (id(old item), id(source)) -> (old item, source, new item). Holding the old item
        # and the source keeps their ids from being reused by other objects while the memo
        # lives: a request's CellData are built one by one and would otherwise collide.
        self._memo: dict[tuple[int, int], tuple[Any, Any, Any]] = {}

    def apply(self, sheet: Sheet, r: int, c: int, source: dict[str, Any]) -> None:
        """Write ``source`` into one cell through the mask."""
        item = sheet.get(r, c)
        shareable = item is None or type(item) is Cell
        key = (id(item), id(source))
        hit = self._memo.get(key) if shareable else None
        if hit is not None and hit[0] is item and hit[1] is source:
            sheet.put(r, c, hit[2])
            return
        view = copy.deepcopy(_view(item))
        fieldmask.apply_update(view, source, self.mask)
        if self.formats and view.get("userEnteredFormat"):
            view["userEnteredFormat"] = self._tidy(view["userEnteredFormat"])
        new_item = _from_view(view)
        if shareable:
            self._memo[key] = (item, source, new_item)
        sheet.put(r, c, new_item)

    def _tidy(self, fmt: dict[str, Any]) -> dict[str, Any]:
        """Mirror colours and styles as Google stores them and drop emptied objects."""
        for color, style, wrote_color, wrote_style in self.colors:
            if not (wrote_color or wrote_style):
                continue
            style_value, color_value = _lookup(fmt, style), _lookup(fmt, color)
            if wrote_style and style_value:
                _assign(fmt, color, _theme_rgb(self.work, style_value))
            elif wrote_color and color_value is not None:
                _assign(fmt, style, {"rgbColor": dict(color_value)})
            else:
                _assign(fmt, color, None)
                _assign(fmt, style, None)
        return _prune(fmt)


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
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx), work)
    rows = body.get("rows", [])
    if "range" in body:
        sheet, b = target(work, body["range"], ctx)
        start_row, start_col = b.start_row, b.start_col
    else:
        sheet, start_row, start_col = coordinate(work, body.get("start"))
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
        # The rest of the range loses the masked fields; only stored cells can have any.
        empty: dict[str, Any] = {}
        stale = [
            (r, c)
            for r in range(b.start_row, min(b.end_row, len(sheet.rows)))
            for c in range(b.start_col, min(b.end_col, len(sheet.rows[r])))
            if sheet.rows[r][c] is not None and (r, c) not in given
        ]
        for r, c in stale:
            writer.apply(sheet, r, c, empty)


@handler("repeatCell")
def repeat_cell(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Write one CellData into every cell of a range."""
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx), work)
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    source = _source(body.get("cell"))
    for r, c in _cells(b):
        writer.apply(sheet, r, c, source)


@handler("appendCells")
def append_cells(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Write rows after the last row that has data, adding rows to the grid if needed."""
    writer = CellWriter(_check_cell_mask(body.get("fields"), ctx), work)
    sheet = work.writable(find_sheet(work, body.get("sheetId")))
    rows = body.get("rows", [])
    start = _rows_with_data(sheet)
    width = max((len(r.get("values", [])) for r in rows), default=0)
    if start + len(rows) > sheet.row_count:
        sheet.grid["rowCount"] = start + len(rows)
    if width > sheet.column_count:
        sheet.grid["columnCount"] = width
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            writer.apply(sheet, start + i, j, _source(cell))
    check_cell_limit(work)


def _rows_with_data(sheet: Sheet) -> int:
    """Return the number of rows up to the last one holding a value or formula."""
    for r in range(len(sheet.rows) - 1, -1, -1):
        for item in sheet.rows[r]:
            if item is not None and (type(item) is not Cell or not _is_blank(item)):
                return r + 1
    return 0


def _is_blank(cell: Cell) -> bool:
    """Return True for a cell holding only formatting, a note or a rule."""
    return cell.value is None and cell.formula is None


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
