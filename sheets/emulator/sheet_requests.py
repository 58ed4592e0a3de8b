"""batchUpdate requests on whole sheets and the spreadsheet: add, delete, duplicate, update."""

from __future__ import annotations

import copy
from typing import Any

from . import fieldmask
from .batch import EMPTY_MASK, Context, RequestError, handler
from .model import DEFAULT_COLUMNS, DEFAULT_ROWS, Sheet, Spreadsheet
from .protojson import normalize_colors
from .schema import check_mask

CELL_LIMIT = 10_000_000


def sheet_json(spreadsheet: Spreadsheet, sheet: Sheet) -> dict[str, Any]:
    """Return a sheet's properties as the API shows them, with ``index``."""
    props = sheet.properties
    out: dict[str, Any] = {"sheetId": props["sheetId"], "title": props["title"]}
    out["index"] = spreadsheet.sheets.index(sheet)
    for key, value in props.items():
        if key not in out:
            out[key] = value
    return out


def find_sheet(spreadsheet: Spreadsheet, sheet_id: Any) -> Sheet:
    """Return a sheet by id or raise Google's ``No grid with id`` error."""
    sheet = spreadsheet.sheet_by_id(int(sheet_id or 0))
    if sheet is None:
        raise RequestError(f"No grid with id: {int(sheet_id or 0)}")
    return sheet


def check_cell_limit(spreadsheet: Spreadsheet) -> None:
    """Refuse a change that makes the workbook larger than Google allows."""
    total = sum(s.row_count * s.column_count for s in spreadsheet.sheets)
    if total > CELL_LIMIT:
        raise RequestError(
            "This action would increase the number of cells in the workbook above the limit "
            f"of {CELL_LIMIT} cells."
        )


def _check_title(spreadsheet: Spreadsheet, title: str, sheet: Sheet | None = None) -> None:
    """Refuse an empty or already used sheet title (Google ignores case)."""
    if not title.strip():
        raise RequestError("Sheet title cannot be empty.")
    other = spreadsheet.sheet_by_title(title)
    if other is not None and other is not sheet:
        raise RequestError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )


def _default_title(spreadsheet: Spreadsheet) -> str:
    """Return the next unused ``SheetN`` title."""
    n = len(spreadsheet.sheets) + 1
    while spreadsheet.sheet_by_title(f"Sheet{n}") is not None:
        n += 1
    return f"Sheet{n}"


def _place(spreadsheet: Spreadsheet, sheet: Sheet, index: int | None) -> None:
    """Insert a sheet at an index (clamped), appending when no index is given."""
    if index is None or index >= len(spreadsheet.sheets):
        spreadsheet.sheets.append(sheet)
    else:
        spreadsheet.sheets.insert(max(index, 0), sheet)


@handler("addSheet")
def add_sheet(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Add a sheet; Google picks the id unless the request does."""
    props = copy.deepcopy(body.get("properties", {}))
    sheet_id = props.get("sheetId")
    if sheet_id is not None and work.sheet_by_id(int(sheet_id)) is not None:
        raise RequestError(f"A sheet with id {sheet_id} already exists. Please enter another id.")
    if sheet_id is None:
        sheet_id = work.new_sheet_id()
    title = props.get("title") or _default_title(work)
    _check_title(work, title)
    grid = props.get("gridProperties", {})
    grid.setdefault("rowCount", DEFAULT_ROWS)
    grid.setdefault("columnCount", DEFAULT_COLUMNS)
    index = props.pop("index", None)
    new_props: dict[str, Any] = {
        "sheetId": int(sheet_id),
        "title": title,
        "sheetType": props.pop("sheetType", "GRID"),
        "gridProperties": grid,
    }
    for key, value in props.items():
        if key not in ("sheetId", "title", "gridProperties"):
            new_props[key] = value
    new_props = drop_defaults(normalize_colors(new_props))
    _mirror_tab_color(new_props, legacy="tabColorStyle" not in new_props)
    _check_grid(new_props["gridProperties"])
    sheet = work.adopt(Sheet(new_props))
    _place(work, sheet, index)
    _check_visible(work)
    check_cell_limit(work)
    return {"addSheet": {"properties": sheet_json(work, sheet)}}


@handler("deleteSheet")
def delete_sheet(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Delete a sheet, and the named ranges that pointed into it."""
    sheet = find_sheet(work, body.get("sheetId"))
    if len(work.sheets) == 1:
        raise RequestError("You can't remove all the sheets in a document.")
    work.sheets.remove(sheet)
    work.named_ranges = [
        n for n in work.named_ranges if int(n.get("range", {}).get("sheetId", 0)) != sheet.sheet_id
    ]
    _check_visible(work)


@handler("duplicateSheet")
def duplicate_sheet(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Copy a sheet with its cells, merges and settings."""
    source = find_sheet(work, body.get("sourceSheetId"))
    new_id = body.get("newSheetId")
    if new_id is not None and work.sheet_by_id(int(new_id)) is not None:
        raise RequestError(f"A sheet with id {new_id} already exists. Please enter another id.")
    copy_sheet = source.clone()
    copy_sheet.properties["sheetId"] = int(new_id) if new_id is not None else work.new_sheet_id()
    title = body.get("newSheetName") or _copy_title(work, source.title)
    _check_title(work, title)
    copy_sheet.properties["title"] = title
    for protected in copy_sheet.protected_ranges:
        protected["protectedRangeId"] = _new_protected_id(work)
        named_id = protected.pop("namedRangeId", None)
        if named_id is not None:
            # The copy protects the cells, not the named range, which stays on the source.
            named = next((n for n in work.named_ranges if n["namedRangeId"] == named_id), None)
            grid = dict(named["range"]) if named else {}
            grid.pop("sheetId", None)
            protected["range"] = grid
    for merge in copy_sheet.merges:
        merge["sheetId"] = copy_sheet.sheet_id
    work.adopt(copy_sheet)
    _place(work, copy_sheet, body.get("insertSheetIndex"))
    check_cell_limit(work)
    return {"duplicateSheet": {"properties": sheet_json(work, copy_sheet)}}


def _copy_title(spreadsheet: Spreadsheet, title: str) -> str:
    """Return Google's name for a copy: ``Copy of X``, then ``Copy of X 2``..."""
    candidate = f"Copy of {title}"
    n = 2
    while spreadsheet.sheet_by_title(candidate) is not None:
        candidate = f"Copy of {title} {n}"
        n += 1
    return candidate


def _new_protected_id(spreadsheet: Spreadsheet) -> int:
    """Return a protected range id not used in the spreadsheet."""
    from .model import new_int_id

    used = {p["protectedRangeId"] for s in spreadsheet.sheets for p in s.protected_ranges}
    while True:
        candidate = new_int_id()
        if candidate not in used:
            return candidate


@handler("updateSheetProperties")
def update_sheet_properties(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Change the fields of a sheet's properties that the mask names."""
    props = body.get("properties", {})
    fields = body.get("fields")
    if not fields:
        raise RequestError(EMPTY_MASK)
    mask = check_mask("SheetProperties", fields, at=f"requests[{ctx.index}].{ctx.kind}.fields")
    sheet = work.writable(find_sheet(work, props.get("sheetId")))
    old_rows, old_cols = sheet.row_count, sheet.column_count
    index_wanted = None
    updated = copy.deepcopy(sheet.properties)
    source = copy.deepcopy(props)
    if _covers(mask, "index"):
        index_wanted = source.pop("index", 0)
    fieldmask.apply_update(updated, normalize_colors(source), mask)
    updated.pop("index", None)
    updated["sheetId"] = sheet.sheet_id  # the id itself cannot change
    updated.setdefault("sheetType", sheet.properties.get("sheetType", "GRID"))  # read-only
    if "title" not in updated:
        raise RequestError("Sheet title cannot be empty.")
    _check_title(work, str(updated["title"]), sheet)
    _mirror_tab_color(
        updated, legacy=_covers(mask, "tabColor") and not _covers(mask, "tabColorStyle")
    )
    drop_defaults(updated)
    grid = updated.setdefault("gridProperties", {})
    # A mask naming a size without giving it sets it to 0, which Google refuses.
    if not _covers(mask, "gridProperties", "rowCount"):
        grid.setdefault("rowCount", old_rows)
    if not _covers(mask, "gridProperties", "columnCount"):
        grid.setdefault("columnCount", old_cols)
    _check_grid(grid)
    rows, cols = int(grid.get("rowCount", 0)), int(grid.get("columnCount", 0))
    grid["rowCount"], grid["columnCount"] = old_rows, old_cols
    sheet.properties = updated
    _resize(work, sheet, rows, cols)
    if index_wanted is not None:
        _move(work, sheet, int(index_wanted))
    _check_visible(work)
    check_cell_limit(work)


def drop_defaults(props: dict[str, Any]) -> dict[str, Any]:
    """Remove fields at their default value, which Google's JSON leaves out."""
    for key in [k for k, v in props.items() if v is False]:
        del props[key]
    grid = props.get("gridProperties")
    if isinstance(grid, dict):
        for key in [
            k for k, v in grid.items() if v is False or (v == 0 and k.startswith("frozen"))
        ]:
            del grid[key]
    return props


def _covers(mask: fieldmask.FieldMask, *path: str) -> bool:
    """Return True when an update mask names a field path (or a field above it, or ``*``)."""
    node: fieldmask.FieldMask | None = mask
    for name in path:
        if node is None or fieldmask.ALL in node:
            return True
        if name not in node:
            return False
        node = node[name]
    return True


def _mirror_tab_color(props: dict[str, Any], *, legacy: bool = False) -> None:
    """Keep the deprecated ``tabColor`` and ``tabColorStyle`` in step, as Google does.

    ``legacy`` says the request set ``tabColor`` (not the style), which then wins.
    """
    if legacy:
        color = props.get("tabColor")
        props.pop("tabColorStyle", None)
        if color is None:
            props.pop("tabColor", None)
        else:
            props["tabColorStyle"] = {"rgbColor": dict(color)}
        return
    style = props.get("tabColorStyle")
    props.pop("tabColor", None)
    if style is None:
        props.pop("tabColorStyle", None)
    elif "rgbColor" in style:
        props["tabColor"] = dict(style["rgbColor"])


def _check_grid(grid: dict[str, Any]) -> None:
    """Refuse a grid without rows or columns, or with every row or column frozen."""
    rows, cols = int(grid.get("rowCount", 0)), int(grid.get("columnCount", 0))
    if rows < 1:
        raise RequestError("You can't delete all the rows on the sheet.")
    if cols < 1:
        raise RequestError("You can't delete all the columns on the sheet.")
    if int(grid.get("frozenRowCount", 0)) >= rows:
        raise RequestError("You can't freeze all visible rows on the sheet.")
    if int(grid.get("frozenColumnCount", 0)) >= cols:
        raise RequestError("You can't freeze all visible columns on the sheet.")


def _resize(work: Spreadsheet, sheet: Sheet, rows: int, cols: int) -> None:
    """Resize a grid: fewer rows or columns delete the last ones, as deleteDimension does."""
    from .dimensions import COLUMNS, ROWS, shift  # late: dimensions imports this module

    frozen = dict(sheet.grid)
    if rows < sheet.row_count:
        shift(work, sheet, ROWS, rows, rows - sheet.row_count)
    if cols < sheet.column_count:
        shift(work, sheet, COLUMNS, cols, cols - sheet.column_count)
    sheet.grid["rowCount"], sheet.grid["columnCount"] = rows, cols
    for key in ("frozenRowCount", "frozenColumnCount"):  # checked against the new size
        if key in frozen:
            sheet.grid[key] = frozen[key]


def _move(spreadsheet: Spreadsheet, sheet: Sheet, index: int) -> None:
    """Move a sheet; Google counts the index before the move, as its docs say."""
    current = spreadsheet.sheets.index(sheet)
    spreadsheet.sheets.pop(current)
    if index > current:
        index -= 1
    spreadsheet.sheets.insert(min(max(index, 0), len(spreadsheet.sheets)), sheet)


def _check_visible(spreadsheet: Spreadsheet) -> None:
    """Refuse to leave a spreadsheet with every sheet hidden."""
    if all(s.properties.get("hidden") for s in spreadsheet.sheets):
        raise RequestError("You can't hide all the sheets in a document.")


@handler("updateSpreadsheetProperties")
def update_spreadsheet_properties(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Change the spreadsheet's title, locale, time zone and other properties."""
    fields = body.get("fields")
    if not fields:
        raise RequestError(EMPTY_MASK)
    mask = check_mask(
        "SpreadsheetProperties", fields, at=f"requests[{ctx.index}].{ctx.kind}.fields"
    )
    fieldmask.apply_update(work.properties, normalize_colors(body.get("properties", {})), mask)
