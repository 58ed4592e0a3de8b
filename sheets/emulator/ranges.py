"""Turn the ranges of a request (A1 text or GridRange JSON) into cells of a sheet.

Errors carry Google's wording: ``Unable to parse range: X`` and ``Range (X) exceeds grid
limits. Max rows: N, max columns: M``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .a1 import A1Error, Bounds, CellSpan, ParsedRange, format_range, parse_range, quote_title
from .errors import invalid_argument
from .model import Sheet, Spreadsheet


@dataclass(frozen=True)
class Target:
    """A resolved range: the sheet, the closed rectangle, and whether it was one cell."""

    sheet: Sheet
    bounds: Bounds
    single_cell: bool

    @property
    def label(self) -> str:
        """Return the range in Google's normalised A1 form."""
        return format_range(self.sheet.title, self.bounds)


def unable_to_parse(text: str) -> Exception:
    """Return Google's error for a range it cannot read."""
    return invalid_argument(f"Unable to parse range: {text}")


def exceeds_grid(sheet: Sheet, cells_text: str) -> Exception:
    """Return Google's error for a range that reaches outside the grid."""
    return invalid_argument(
        f"Range ({quote_title(sheet.title)}!{cells_text}) exceeds grid limits. "
        f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
    )


def resolve(spreadsheet: Spreadsheet, text: str) -> Target:
    """Resolve an A1 range of the values API against a spreadsheet."""
    try:
        parsed = parse_range(text)
    except A1Error:
        raise unable_to_parse(text) from None
    sheet, span = _locate(spreadsheet, parsed)
    bounds = span.bind(sheet.row_count, sheet.column_count)
    if bounds.end_row > sheet.row_count or bounds.end_col > sheet.column_count:
        raise exceeds_grid(sheet, parsed.cells_text or "")
    single = bounds.rows == 1 and bounds.cols == 1 and span.end_row is not None
    return Target(sheet, bounds, single and span.end_col is not None)


def _locate(spreadsheet: Spreadsheet, parsed: ParsedRange) -> tuple[Sheet, CellSpan]:
    """Find the sheet and cells a parsed range means (sheet title, named range or A1)."""
    whole = CellSpan(None, None, None, None)
    if parsed.sheet is not None:
        sheet = spreadsheet.sheet_by_title(parsed.sheet)
        if sheet is None:
            raise unable_to_parse(parsed.text)
        if parsed.span is not None:
            return sheet, parsed.span
        if parsed.name is not None:
            named = _named_range(spreadsheet, parsed.name, sheet)
            if named is None:
                raise unable_to_parse(parsed.text)
            return named
        return sheet, whole
    if parsed.name is not None:
        sheet = spreadsheet.sheet_by_title(parsed.name)
        if sheet is not None:
            return sheet, whole
        named = _named_range(spreadsheet, parsed.name, None)
        if named is None:
            raise unable_to_parse(parsed.text)
        return named
    sheet = spreadsheet.sheet_by_title(parsed.text.strip())
    if sheet is not None:
        return sheet, whole
    visible = [s for s in spreadsheet.sheets if not s.properties.get("hidden")]
    if not visible:
        raise unable_to_parse(parsed.text)
    assert parsed.span is not None
    return visible[0], parsed.span


def _named_range(
    spreadsheet: Spreadsheet, name: str, on_sheet: Sheet | None
) -> tuple[Sheet, CellSpan] | None:
    """Return the sheet and cells of a named range, optionally only on one sheet."""
    for named in spreadsheet.named_ranges:
        if named.get("name", "").casefold() != name.casefold():
            continue
        grid = named.get("range", {})
        sheet = spreadsheet.sheet_by_id(int(grid.get("sheetId", 0)))
        if sheet is None or (on_sheet is not None and sheet is not on_sheet):
            continue
        return sheet, grid_span(grid)
    return None


def grid_span(grid: dict[str, Any]) -> CellSpan:
    """Return the cells of a GridRange (missing indexes are open, as in the API)."""
    return CellSpan(
        grid.get("startRowIndex"),
        grid.get("endRowIndex"),
        grid.get("startColumnIndex"),
        grid.get("endColumnIndex"),
    )


def grid_bounds(sheet: Sheet, grid: dict[str, Any], where: str) -> Bounds:
    """Close a GridRange against its sheet; raise Google's error when it leaves the grid."""
    bounds = grid_span(grid).bind(sheet.row_count, sheet.column_count)
    if (
        bounds.start_row < 0
        or bounds.start_col < 0
        or bounds.end_row > sheet.row_count
        or bounds.end_col > sheet.column_count
        or bounds.start_row > bounds.end_row
        or bounds.start_col > bounds.end_col
    ):
        raise invalid_argument(
            f"Invalid {where}: GridRange{_describe(grid)} is out of bounds of sheet "
            f"{sheet.sheet_id} (rows: {sheet.row_count}, columns: {sheet.column_count})."
        )
    return bounds


def _describe(grid: dict[str, Any]) -> str:
    """Return a GridRange as Google prints it inside messages."""
    keys = ("sheetId", "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")
    inner = ", ".join(f"{k}={grid[k]}" for k in keys if k in grid)
    return f"[{inner}]"


def grid_json(sheet_id: int, bounds: Bounds) -> dict[str, Any]:
    """Return a closed rectangle as GridRange JSON the way Google prints it (sheetId 0 omitted)."""
    out: dict[str, Any] = {}
    if sheet_id:
        out["sheetId"] = sheet_id
    out.update(
        startRowIndex=bounds.start_row,
        endRowIndex=bounds.end_row,
        startColumnIndex=bounds.start_col,
        endColumnIndex=bounds.end_col,
    )
    return out
