"""batchUpdate requests on ranges of a sheet: merges, named and protected ranges, filters."""

from __future__ import annotations

import copy
import re
import secrets
from typing import Any

from . import fieldmask
from .a1 import Bounds, parse_cells
from .batch import EMPTY_MASK, Context, RequestError, handler
from .errors import ApiError
from .model import Cell, Sheet, Spreadsheet, new_int_id
from .protojson import normalize_colors
from .ranges import grid_bounds, grid_json
from .schema import check_mask
from .sheet_requests import find_sheet

# Letters of any script ("Đơn_vị" is a valid name), digits, "_", "." and "\\"; a name
# may not start with a digit (checked apart).
_NAME = re.compile(r"^[\w\\][\w.\\]*$")
_NAME_MAX = 250


def target(work: Spreadsheet, grid: dict[str, Any] | None, ctx: Context) -> tuple[Sheet, Bounds]:
    """Return the sheet and rectangle of a GridRange, or raise Google's error."""
    grid = grid or {}
    sheet = find_sheet(work, grid.get("sheetId"))
    try:
        return sheet, grid_bounds(sheet, grid, f"requests[{ctx.index}].{ctx.kind}")
    except ApiError as err:
        raise RequestError(err.message.split(": ", 1)[-1]) from None


def coordinate(work: Spreadsheet, coord: dict[str, Any] | None) -> tuple[Sheet, int, int]:
    """Return the sheet, row and column of a GridCoordinate; refuse negative indexes."""
    coord = coord or {}
    sheet = find_sheet(work, coord.get("sheetId"))
    row, col = int(coord.get("rowIndex", 0)), int(coord.get("columnIndex", 0))
    if row < 0 or col < 0:
        keys = ("sheetId", "rowIndex", "columnIndex")
        inner = ", ".join(f"{k}={coord[k]}" for k in keys if k in coord)
        raise RequestError(
            f"GridCoordinate[{inner}] is out of bounds of sheet {sheet.sheet_id} "
            f"(rows: {sheet.row_count}, columns: {sheet.column_count})."
        )
    return sheet, row, col


def _overlap(a: Bounds, b: dict[str, Any]) -> bool:
    """Return True when a rectangle and a stored merge share a cell."""
    return not (
        a.end_row <= b["startRowIndex"]
        or b["endRowIndex"] <= a.start_row
        or a.end_col <= b["startColumnIndex"]
        or b["endColumnIndex"] <= a.start_col
    )


def _inside(inner: dict[str, Any], outer: Bounds) -> bool:
    """Return True when a stored merge lies wholly inside a rectangle."""
    return (
        outer.start_row <= inner["startRowIndex"]
        and inner["endRowIndex"] <= outer.end_row
        and outer.start_col <= inner["startColumnIndex"]
        and inner["endColumnIndex"] <= outer.end_col
    )


# -- merges -------------------------------------------------------------------------


@handler("mergeCells")
def merge_cells(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Merge a range (whole, by columns or by rows), keeping only each top-left value."""
    sheet, b = target(work, body.get("range"), ctx)
    kind = body.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_COLUMNS":
        pieces = [Bounds(b.start_row, b.end_row, c, c + 1) for c in range(b.start_col, b.end_col)]
    elif kind == "MERGE_ROWS":
        pieces = [Bounds(r, r + 1, b.start_col, b.end_col) for r in range(b.start_row, b.end_row)]
    else:
        pieces = [b]
    pieces = [p for p in pieces if p.rows * p.cols > 1]
    sheet = work.writable(sheet)
    for existing in sheet.merges:
        if _overlap(b, existing) and not _inside(existing, b):
            raise RequestError("You can't merge cells that are partially merged.")
    sheet.merges = [m for m in sheet.merges if not _inside(m, b)]
    for piece in pieces:
        for r in range(piece.start_row, min(piece.end_row, len(sheet.rows))):
            for c in range(piece.start_col, piece.end_col):
                if (r, c) != (piece.start_row, piece.start_col):
                    _drop_value(sheet, r, c)
        sheet.merges.append(grid_json(sheet.sheet_id, piece) | {"sheetId": sheet.sheet_id})


def _drop_value(sheet: Sheet, r: int, c: int) -> None:
    """Remove a cell's value but keep its format and note."""
    item = sheet.get(r, c)
    if item is None:
        return
    if type(item) is Cell:
        sheet.put(r, c, item.replace(value=None, formula=None))
    else:
        sheet.put(r, c, None)


@handler("unmergeCells")
def unmerge_cells(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Unmerge every merge inside a range; a merge only partly inside is an error."""
    sheet, b = target(work, body.get("range"), ctx)
    for existing in sheet.merges:
        if _overlap(b, existing) and not _inside(existing, b):
            raise RequestError("Cannot unmerge a range that only partly covers a merged cell.")
    sheet = work.writable(sheet)
    sheet.merges = [m for m in sheet.merges if not _overlap(b, m)]


# -- named ranges -------------------------------------------------------------------


def _check_name(work: Spreadsheet, name: str, own_id: str | None = None) -> None:
    """Refuse a named range name Google refuses: invalid, cell-like or taken."""
    invalid = (
        not name
        or len(name) > _NAME_MAX
        or name[0].isdigit()
        or not _NAME.match(name)
        or name.casefold() in ("true", "false")
        or parse_cells(name) is not None
    )
    if invalid:
        raise RequestError(f"The name '{name}' is not a valid name.")
    for other in work.named_ranges:
        if other["name"].casefold() == name.casefold() and other["namedRangeId"] != own_id:
            raise RequestError(f'Named range with name "{name}" already exists.')


def _stored_range(work: Spreadsheet, grid: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Return a GridRange checked against its sheet, keeping open ends open."""
    sheet, _ = target(work, grid, ctx)
    out = {"sheetId": sheet.sheet_id}
    for key in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"):
        if key in grid:
            out[key] = int(grid[key])
    return out


@handler("addNamedRange")
def add_named_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Add a named range; Google picks its id."""
    named = copy.deepcopy(body.get("namedRange", {}))
    named_id = str(named.get("namedRangeId") or _new_named_id(work))
    if any(n["namedRangeId"] == named_id for n in work.named_ranges):
        raise RequestError(f"Named range with id {named_id} already exists.")
    name = str(named.get("name", ""))
    _check_name(work, name)
    stored = {
        "namedRangeId": named_id,
        "name": name,
        "range": _stored_range(work, named.get("range", {}), ctx),
    }
    work.named_ranges.append(stored)
    return {"addNamedRange": {"namedRange": _public_named(stored)}}


def _public_named(stored: dict[str, Any]) -> dict[str, Any]:
    """Return a named range as Google prints it (sheetId 0 omitted)."""
    out = copy.deepcopy(stored)
    if not out["range"].get("sheetId"):
        out["range"].pop("sheetId", None)
    return out


def _new_named_id(work: Spreadsheet) -> str:
    """Return a named range id not used yet (Google's are decimal strings)."""
    used = {n["namedRangeId"] for n in work.named_ranges}
    while True:
        candidate = str(new_int_id())
        if candidate not in used:
            return candidate


def _find_named(work: Spreadsheet, named_id: Any) -> dict[str, Any]:
    """Return a stored named range by id or raise."""
    for named in work.named_ranges:
        if named["namedRangeId"] == str(named_id):
            return named
    raise RequestError(f"No NamedRange with id: {named_id}")


@handler("updateNamedRange")
def update_named_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Rename or move a named range."""
    source = copy.deepcopy(body.get("namedRange", {}))
    stored = _find_named(work, source.get("namedRangeId"))
    mask = check_mask(
        "NamedRange", body.get("fields") or "", at=f"requests[{ctx.index}].{ctx.kind}.fields"
    )
    if not mask:
        raise RequestError(EMPTY_MASK)
    updated = copy.deepcopy(stored)
    fieldmask.apply_update(updated, source, mask)
    updated["namedRangeId"] = stored["namedRangeId"]
    _check_name(work, str(updated.get("name", "")), stored["namedRangeId"])
    updated["range"] = _stored_range(work, updated.get("range", {}), ctx)
    stored.clear()
    stored.update(updated)


@handler("deleteNamedRange")
def delete_named_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Delete a named range."""
    work.named_ranges.remove(_find_named(work, body.get("namedRangeId")))


# -- protected ranges ---------------------------------------------------------------


def _all_protected(work: Spreadsheet) -> list[tuple[Sheet, dict[str, Any]]]:
    """Return every protected range with its sheet."""
    return [(s, p) for s in work.sheets for p in s.protected_ranges]


def _protected_body(
    work: Spreadsheet, source: dict[str, Any], ctx: Context
) -> tuple[Sheet, dict[str, Any]]:
    """Check a ProtectedRange from a request and return its sheet and stored form."""
    stored: dict[str, Any] = {}
    if source.get("namedRangeId"):
        named = _find_named(work, source["namedRangeId"])
        sheet = find_sheet(work, named["range"].get("sheetId"))
        stored["namedRangeId"] = named["namedRangeId"]
    else:
        grid = source.get("range", {})
        sheet, _ = target(work, grid, ctx)
        stored["range"] = {
            k: int(v)
            for k, v in grid.items()
            if k in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")
        }
    # Keys in ProtectedRange's field order, as Google prints them.
    if source.get("description"):
        stored["description"] = source["description"]
    if source.get("warningOnly"):
        stored["warningOnly"] = True  # "When writing: if this field is true, editors are ignored."
    stored["requestingUserCanEdit"] = True
    if source.get("unprotectedRanges"):
        stored["unprotectedRanges"] = copy.deepcopy(source["unprotectedRanges"])
    if not stored.get("warningOnly"):
        editors = {k: list(v) for k, v in (source.get("editors") or {}).items() if v}
        stored["editors"] = editors
    return sheet, stored


@handler("addProtectedRange")
def add_protected_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Protect a range; warning-only protections just warn whoever edits."""
    source = body.get("protectedRange", {})
    sheet, stored = _protected_body(work, source, ctx)
    used = {p["protectedRangeId"] for _, p in _all_protected(work)}
    pid = source.get("protectedRangeId")
    if pid is not None and int(pid) in used:
        raise RequestError(f"Protected range with id {pid} already exists.")
    while pid is None or int(pid) in used:
        pid = new_int_id()
    stored = {"protectedRangeId": int(pid), **stored}
    sheet = work.writable(sheet)
    sheet.protected_ranges.append(stored)
    reply = copy.deepcopy(stored)
    if "range" in reply and sheet.sheet_id:
        reply["range"] = {"sheetId": sheet.sheet_id, **reply["range"]}
    return {"addProtectedRange": {"protectedRange": reply}}


def _find_protected(work: Spreadsheet, pid: Any) -> tuple[Sheet, dict[str, Any]]:
    """Return a protected range by id or raise."""
    for sheet, protected in _all_protected(work):
        if protected["protectedRangeId"] == int(pid or 0):
            return sheet, protected
    raise RequestError(f"No ProtectedRange with id: {pid}")


@handler("updateProtectedRange")
def update_protected_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Change a protected range's fields named in the mask."""
    source = body.get("protectedRange", {})
    sheet, stored = _find_protected(work, source.get("protectedRangeId"))
    mask = check_mask(
        "ProtectedRange", body.get("fields") or "", at=f"requests[{ctx.index}].{ctx.kind}.fields"
    )
    if not mask:
        raise RequestError(EMPTY_MASK)
    merged = copy.deepcopy(stored)
    if "range" in merged:
        merged["range"] = {"sheetId": sheet.sheet_id, **merged["range"]}
    fieldmask.apply_update(merged, copy.deepcopy(source), mask)
    # range and namedRangeId are alternatives: the one the mask sets replaces the other.
    if "range" in mask and merged.get("range"):
        merged.pop("namedRangeId", None)
    elif "namedRangeId" in mask and merged.get("namedRangeId"):
        merged.pop("range", None)
    new_sheet, checked = _protected_body(work, merged, ctx)
    writable_old = work.writable(sheet)
    writable_old.protected_ranges = [
        p
        for p in writable_old.protected_ranges
        if p["protectedRangeId"] != stored["protectedRangeId"]
    ]
    work.writable(new_sheet).protected_ranges.append(
        {"protectedRangeId": stored["protectedRangeId"], **checked}
    )


@handler("deleteProtectedRange")
def delete_protected_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Remove a protection."""
    sheet, stored = _find_protected(work, body.get("protectedRangeId"))
    sheet = work.writable(sheet)
    sheet.protected_ranges = [
        p for p in sheet.protected_ranges if p["protectedRangeId"] != stored["protectedRangeId"]
    ]


# -- filters ------------------------------------------------------------------------


@handler("setBasicFilter")
def set_basic_filter(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Set the sheet's basic filter (its range is closed against the grid)."""
    spec = copy.deepcopy(body.get("filter", {}))
    sheet, b = target(work, spec.get("range"), ctx)
    sheet = work.writable(sheet)
    spec["range"] = grid_json(0, b)
    sheet.basic_filter = normalize_colors(spec)


@handler("clearBasicFilter")
def clear_basic_filter(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Remove the sheet's basic filter."""
    sheet = work.writable(find_sheet(work, body.get("sheetId")))
    sheet.basic_filter = None


__all__ = ["coordinate", "secrets", "target"]
