"""The Spreadsheet resource: spreadsheets.get (with grid data and field masks) and create.

Grid data is built only for the CellData fields a request selects, so reading the values
of a large tab (``fields=sheets.data.rowData.values.effectiveValue``) stays cheap.
"""

from __future__ import annotations

import copy
from typing import Any

from . import fieldmask
from .a1 import Bounds
from .batch import user_email
from .cellvalues import effective_value_json, format_value, is_date_like
from .dimensions import COLUMNS, ROWS, dimension_metadata
from .errors import invalid_argument
from .evaluation import Evaluator
from .model import Cell, Sheet, Spreadsheet
from .protojson import normalize_colors
from .ranges import Target, resolve
from .schema import check_selector
from .sheet_requests import drop_defaults, sheet_json
from .store import Store, new_properties, new_sheet_properties

URL = "https://docs.google.com/spreadsheets/d/{}/edit"
CELL_KEYS = (
    "userEnteredValue",
    "effectiveValue",
    "formattedValue",
    "userEnteredFormat",
    "effectiveFormat",
    "note",
    "dataValidation",
)


def render(
    spreadsheet: Spreadsheet,
    *,
    ranges: list[str],
    include_grid_data: bool,
    fields: str | None,
    user: str,
) -> dict[str, Any]:
    """Return the Spreadsheet resource as spreadsheets.get does."""
    mask = check_selector("Spreadsheet", fields) if fields else None
    wants_data, data_mask = _data_mask(mask, include_grid_data)
    targets = [resolve(spreadsheet, text) for text in ranges]
    evaluator = Evaluator(spreadsheet)
    sheets_out = []
    for sheet in spreadsheet.sheets:
        mine = [t for t in targets if t.sheet is sheet]
        if targets and not mine:
            continue
        entry = _sheet_entry(spreadsheet, sheet, user)
        if wants_data:
            spans = [t.bounds for t in mine] or [Bounds(0, sheet.row_count, 0, sheet.column_count)]
            entry["data"] = [grid_data(evaluator, sheet, b, data_mask) for b in spans]
        sheets_out.append(entry)
    body: dict[str, Any] = {
        "spreadsheetId": spreadsheet.spreadsheet_id,
        "properties": copy.deepcopy(spreadsheet.properties),
        "sheets": sheets_out,
    }
    if spreadsheet.named_ranges:
        body["namedRanges"] = [_named_json(n) for n in spreadsheet.named_ranges]
    body["spreadsheetUrl"] = URL.format(spreadsheet.spreadsheet_id)
    if mask is None:
        return body
    return (
        fieldmask.select(_without_data(mask), body) if wants_data else fieldmask.select(mask, body)
    )


def _data_mask(
    mask: fieldmask.FieldMask | None, include_grid_data: bool
) -> tuple[bool, fieldmask.FieldMask | None]:
    """Return whether grid data is wanted and which part of GridData the mask selects."""
    if mask is None:
        return include_grid_data, None
    if fieldmask.ALL in mask:
        return include_grid_data, None
    if "sheets" not in mask:
        return False, None
    sheets = mask["sheets"]
    if sheets is None or fieldmask.ALL in sheets:
        return include_grid_data, None
    if "data" in sheets:
        return True, sheets["data"]
    return False, None


def _without_data(mask: fieldmask.FieldMask) -> fieldmask.FieldMask:
    """Return the mask with ``sheets.data`` kept whole (grid data is already projected)."""
    if "sheets" not in mask or mask["sheets"] is None or fieldmask.ALL in mask["sheets"]:
        return mask
    out = dict(mask)
    sheets = dict(mask["sheets"])
    if "data" in sheets:
        sheets["data"] = None
    out["sheets"] = sheets
    return out


def _sheet_entry(spreadsheet: Spreadsheet, sheet: Sheet, user: str) -> dict[str, Any]:
    """Return one element of ``sheets`` without grid data."""
    sid = sheet.sheet_id
    entry: dict[str, Any] = {"properties": sheet_json(spreadsheet, sheet)}
    if sheet.merges:
        entry["merges"] = [_grid(m, sid) for m in sheet.merges]
    if sheet.conditional_formats:
        entry["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
    if sheet.protected_ranges:
        entry["protectedRanges"] = [_protected_json(p, sid, user) for p in sheet.protected_ranges]
    if sheet.basic_filter:
        entry["basicFilter"] = {
            **sheet.basic_filter,
            "range": _grid(sheet.basic_filter["range"], sid),
        }
    if sheet.row_groups:
        entry["rowGroups"] = copy.deepcopy(sheet.row_groups)
    if sheet.column_groups:
        entry["columnGroups"] = copy.deepcopy(sheet.column_groups)
    return entry


def _grid(grid: dict[str, Any], sheet_id: int) -> dict[str, Any]:
    """Return a stored GridRange with sheetId as Google prints it (omitted when 0)."""
    out = {k: v for k, v in grid.items() if k != "sheetId"}
    if sheet_id:
        return {"sheetId": sheet_id, **out}
    return out


def _named_json(named: dict[str, Any]) -> dict[str, Any]:
    """Return a named range as Google prints it."""
    out = copy.deepcopy(named)
    out["range"] = _grid(out.get("range", {}), int(out.get("range", {}).get("sheetId", 0)))
    return out


def _protected_json(protected: dict[str, Any], sheet_id: int, user: str) -> dict[str, Any]:
    """Return a protected range as spreadsheets.get shows it (the owner is an editor)."""
    out = copy.deepcopy(protected)
    if "range" in out:
        out["range"] = _grid(out["range"], sheet_id)
    if not out.get("warningOnly"):
        editors = out.setdefault("editors", {})
        users = editors.setdefault("users", [])
        owner = user_email(user)
        if owner not in users:
            users.insert(0, owner)
    return out


# -- grid data ---------------------------------------------------------------------


def grid_data(
    evaluator: Evaluator, sheet: Sheet, bounds: Bounds, mask: fieldmask.FieldMask | None
) -> dict[str, Any]:
    """Return one GridData for a rectangle, projected by a GridData mask."""
    selected = _keys(mask, ("startRow", "startColumn", "rowData", "rowMetadata", "columnMetadata"))
    out: dict[str, Any] = {}
    if bounds.start_row and "startRow" in selected:
        out["startRow"] = bounds.start_row
    if bounds.start_col and "startColumn" in selected:
        out["startColumn"] = bounds.start_col
    if "rowData" in selected:
        row_mask = None if mask is None or fieldmask.ALL in mask else mask.get("rowData")
        rows = _row_data(evaluator, sheet, bounds, row_mask)
        if rows:
            out["rowData"] = rows
    if "rowMetadata" in selected:
        meta = dimension_metadata(sheet, ROWS, bounds.start_row, bounds.end_row)
        out["rowMetadata"] = _project(mask, "rowMetadata", meta)
    if "columnMetadata" in selected:
        meta = dimension_metadata(sheet, COLUMNS, bounds.start_col, bounds.end_col)
        out["columnMetadata"] = _project(mask, "columnMetadata", meta)
    return out


def _keys(mask: fieldmask.FieldMask | None, names: tuple[str, ...]) -> set[str]:
    """Return which of ``names`` a mask selects (all of them for no mask or ``*``)."""
    if mask is None or fieldmask.ALL in mask:
        return set(names)
    return {name for name in names if name in mask}


def _project(mask: fieldmask.FieldMask | None, key: str, value: Any) -> Any:
    """Apply the sub-mask at ``key`` to a value."""
    if mask is None or fieldmask.ALL in mask or mask.get(key) is None:
        return value
    return fieldmask.select(mask[key], value)


def _row_data(
    evaluator: Evaluator, sheet: Sheet, b: Bounds, row_mask: fieldmask.FieldMask | None
) -> list[dict[str, Any]]:
    """Return RowData for a rectangle: trailing empty rows and cells trimmed, gaps as {}."""
    if row_mask is not None and fieldmask.ALL not in row_mask and "values" not in row_mask:
        return [{} for _ in range(b.start_row, min(b.end_row, len(sheet.rows)))]
    cell_mask = None if row_mask is None or fieldmask.ALL in row_mask else row_mask["values"]
    wanted = _keys(cell_mask, CELL_KEYS)
    values_only = wanted == {"effectiveValue"} and cell_mask is not None
    values_only = values_only and cell_mask.get("effectiveValue") is None
    rows: list[dict[str, Any]] = []
    for r in range(b.start_row, min(b.end_row, len(sheet.rows))):
        line = sheet.rows[r]
        end = min(b.end_col, len(line))
        if values_only:  # fields=...values.effectiveValue: a whole workbook read, made fast
            cells = [
                _effective_data(evaluator, sheet, r, c, line[c]) for c in range(b.start_col, end)
            ]
        else:
            cells = [
                _cell_data(evaluator, sheet, r, c, line[c], wanted, cell_mask)
                for c in range(b.start_col, end)
            ]
        rows.append({"values": cells} if end > b.start_col else {})
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _effective_data(
    evaluator: Evaluator, sheet: Sheet, r: int, c: int, item: Any
) -> dict[str, Any]:
    """Return CellData with only ``effectiveValue``: what ``_cell_data`` gives for that mask."""
    if item is None:
        return {}
    if type(item) is Cell:
        value = item.value if item.formula is None else evaluator.value(sheet, r, c)
    else:
        value = item
    return {} if value is None else {"effectiveValue": effective_value_json(value)}


def _cell_data(
    evaluator: Evaluator,
    sheet: Sheet,
    r: int,
    c: int,
    item: Any,
    wanted: set[str],
    mask: fieldmask.FieldMask | None,
) -> dict[str, Any]:
    """Return CellData for one stored item, computing only the selected fields."""
    if item is None:
        return {}
    is_cell = type(item) is Cell
    formula = item.formula if is_cell else None
    raw = item.value if is_cell else item
    fmt = item.format if is_cell else None
    has_value = raw is not None or formula is not None
    out: dict[str, Any] = {}
    value = None
    if has_value and wanted & {"effectiveValue", "formattedValue", "effectiveFormat"}:
        value = evaluator.value(sheet, r, c) if formula is not None else raw
    number_format = (fmt or {}).get("numberFormat")
    if has_value and "userEnteredValue" in wanted:
        out["userEnteredValue"] = (
            {"formulaValue": formula} if formula is not None else effective_value_json(raw)
        )
    if has_value and "effectiveValue" in wanted and value is not None:
        out["effectiveValue"] = effective_value_json(value)
    if has_value and "formattedValue" in wanted and value is not None:
        out["formattedValue"] = format_value(value, number_format, evaluator.locale)
    if fmt and "userEnteredFormat" in wanted:
        out["userEnteredFormat"] = fmt
    if (has_value or fmt) and "effectiveFormat" in wanted:
        out["effectiveFormat"] = effective_format(evaluator.spreadsheet, fmt, value)
    if is_cell and item.note is not None and "note" in wanted:
        out["note"] = item.note
    if is_cell and item.validation is not None and "dataValidation" in wanted:
        out["dataValidation"] = item.validation
    if mask is not None and fieldmask.ALL not in mask:
        for key, sub in mask.items():
            if sub is not None and key in out:
                out[key] = fieldmask.select(sub, out[key])
    return out


def effective_format(
    spreadsheet: Spreadsheet, fmt: dict[str, Any] | None, value: Any
) -> dict[str, Any]:
    """Return the format a cell shows: the spreadsheet default, then the cell's own."""
    out = copy.deepcopy(spreadsheet.properties.get("defaultFormat", {}))
    if value is not None:
        if isinstance(value, bool):
            out["horizontalAlignment"] = "CENTER"
        elif isinstance(value, int | float):
            out["horizontalAlignment"] = "RIGHT"
        else:
            out["horizontalAlignment"] = "LEFT"
        out["hyperlinkDisplayType"] = "PLAIN_TEXT"
    _deep_merge(out, fmt or {})
    number_format = (fmt or {}).get("numberFormat")
    if number_format and not is_date_like(number_format) and not isinstance(value, int | float):
        out.pop("numberFormat", None)
    return out


def _deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge ``source`` into ``target`` recursively."""
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


# -- create -------------------------------------------------------------------------


def create(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Create a spreadsheet from a Spreadsheet body, as spreadsheets.create does."""
    props = body.get("properties", {})
    spreadsheet = Spreadsheet(
        spreadsheet_id="",
        properties=new_properties(
            str(props.get("title") or "Untitled spreadsheet"),
            locale=str(props.get("locale") or "en_US"),
            time_zone=str(props.get("timeZone") or "Etc/GMT"),
        ),
    )
    for key in ("autoRecalc", "defaultFormat", "iterativeCalculationSettings"):
        if key in props:
            spreadsheet.properties[key] = normalize_colors(copy.deepcopy(props[key]))
    specs = body.get("sheets") or [{}]
    for i, spec in enumerate(specs):
        sp = copy.deepcopy(spec.get("properties", {}))
        sheet_id = sp.pop("sheetId", None)
        if sheet_id is None:
            sheet_id = 0 if not body.get("sheets") else spreadsheet.new_sheet_id()
        if spreadsheet.sheet_by_id(int(sheet_id)) is not None:
            raise invalid_argument(f"Invalid sheets[{i}]: duplicate sheet id {sheet_id}.")
        title = sp.pop("title", None) or f"Sheet{i + 1}"
        if spreadsheet.sheet_by_title(title) is not None:
            raise invalid_argument(
                f'Invalid sheets[{i}]: A sheet with the name "{title}" already exists.'
            )
        grid = sp.pop("gridProperties", {})
        props_out = new_sheet_properties(
            int(sheet_id), title, int(grid.pop("rowCount", 1000)), int(grid.pop("columnCount", 26))
        )
        props_out["gridProperties"].update(grid)
        sp.pop("index", None)
        props_out.update(normalize_colors(sp))
        spreadsheet.sheets.append(Sheet(drop_defaults(props_out)))
    from .model import new_id

    spreadsheet.spreadsheet_id = new_id()
    store.add(spreadsheet)
    return render(spreadsheet, ranges=[], include_grid_data=False, fields=None, user="")


__all__ = ["Target", "create", "grid_data", "render"]
