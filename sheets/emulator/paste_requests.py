"""batchUpdate requests that move cells around: sortRange, copyPaste and cutPaste.

copyPaste follows the reference: a destination that is a multiple of the source's height
or width is filled by repeating the source, any other destination gets one whole copy;
PASTE_NORMAL brings values, formulas (relative references shifted, as Sheets does when
pasting), formats and merges.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from .a1 import Bounds, column_index, column_letters
from .batch import Context, RequestError, handler
from .cellvalues import ErrorValue
from .evaluation import Evaluator
from .model import Cell, Sheet, Spreadsheet
from .structure import coordinate, target

_BEYOND_GRID = "The paste would go beyond the grid of the destination sheet."
# A string literal (skipped) or an A1 cell reference, optionally sheet-qualified.
_REFERENCE = re.compile(
    r"""(?P<string>"(?:[^"]|"")*")
    |(?<![\w.$])(?P<sheet>(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
     (?P<col_abs>\$?)(?P<col>[A-Za-z]{1,3})(?P<row_abs>\$?)(?P<row>\d+)(?![\w(!])""",
    re.VERBOSE,
)


# -- sorting -----------------------------------------------------------------------


def _sort_key(value: Any) -> tuple[int, Any] | None:
    """Return how Sheets orders a value: numbers, text, booleans, errors; None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, ErrorValue):
        return (3, value.type)
    return (1, str(value).casefold())


@handler("sortRange")
def sort_range(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Sort the rows of a range by columns; empty cells go last in either order."""
    sheet, b = target(work, body.get("range"), ctx)
    sheet = work.writable(sheet)
    specs = body.get("sortSpecs", [])
    evaluator = Evaluator(work)  # formulas sort by their value, not as empty cells
    rows = [
        [
            (sheet.get(r, c), _sort_key(evaluator.value(sheet, r, c)))
            for c in range(b.start_col, b.end_col)
        ]
        for r in range(b.start_row, b.end_row)
    ]
    columns = [int(spec.get("dimensionIndex", 0)) - b.start_col for spec in specs]

    def compare(left: list[Any], right: list[Any]) -> int:
        for spec, index in zip(specs, columns, strict=True):
            a = left[index][1] if 0 <= index < len(left) else None
            z = right[index][1] if 0 <= index < len(right) else None
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
        for j, (item, _) in enumerate(line):
            sheet.put(b.start_row + i, b.start_col + j, item)


# -- copying and cutting -------------------------------------------------------------


def shift_formula(formula: str, rows: int, cols: int) -> str:
    """Return a formula with its relative A1 references moved by (rows, cols).

    A reference pushed off the grid becomes #REF!, as in Sheets; text in quotes is kept.
    """

    def move(match: re.Match[str]) -> str:
        if match.group("string"):
            return match.group("string")
        col = column_index(match.group("col"))
        row = int(match.group("row")) - 1
        if not match.group("col_abs"):
            col += cols
        if not match.group("row_abs"):
            row += rows
        if col < 0 or row < 0:
            return "#REF!"
        return (
            f"{match.group('sheet') or ''}{match.group('col_abs')}{column_letters(col)}"
            f"{match.group('row_abs')}{row + 1}"
        )

    return _REFERENCE.sub(move, formula)


def _block(
    work: Spreadsheet, sheet: Sheet, b: Bounds, paste_type: str
) -> list[list[tuple[Any, int, int]]]:
    """Return the items of a source range with their positions.

    For PASTE_VALUES a formula becomes the value it shows.
    """
    evaluator = Evaluator(work)
    block = []
    for r in range(b.start_row, b.end_row):
        line = []
        for c in range(b.start_col, b.end_col):
            item = sheet.get(r, c)
            if paste_type == "PASTE_VALUES" and type(item) is Cell and item.formula is not None:
                item = item.replace(value=evaluator.value(sheet, r, c), formula=None)
            line.append((item, r, c))
        block.append(line)
    return block


def _without_borders(fmt: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return a format without its borders (None when nothing is left)."""
    if not fmt or "borders" not in fmt:
        return fmt
    out = {k: v for k, v in fmt.items() if k != "borders"}
    return out or None


def _paste(item: Any, existing: Any, paste_type: str, moved: tuple[int, int]) -> Any:
    """Return what a cell holds after pasting ``item`` onto ``existing``.

    ``moved`` is how far the item travels, which shifts the relative references of its
    formula (None: keep the formula as it is, as cutPaste does).
    """
    src = item if type(item) is Cell else Cell(value=item)
    if src.formula is not None and moved != (0, 0) and paste_type != "PASTE_VALUES":
        src = src.replace(formula=shift_formula(src.formula, *moved))
    dst = existing if type(existing) is Cell else Cell(value=existing)
    if paste_type == "PASTE_NORMAL":
        return src
    if paste_type == "PASTE_NO_BORDERS":
        fmt = _without_borders(src.format)
        borders = (dst.format or {}).get("borders")
        if borders:
            fmt = {**(fmt or {}), "borders": borders}  # the destination keeps its own
        return src.replace(format=fmt)
    if paste_type == "PASTE_VALUES":
        return dst.replace(value=src.value, formula=None)
    if paste_type == "PASTE_FORMULA":
        return dst.replace(value=src.value, formula=src.formula)
    if paste_type == "PASTE_FORMAT":
        return dst.replace(format=copy.deepcopy(src.format))
    if paste_type == "PASTE_DATA_VALIDATION":
        return dst.replace(validation=src.validation)
    return existing  # PASTE_CONDITIONAL_FORMATTING: no cell content changes


def _copies(destination: int, source: int) -> int:
    """Return how many times a source span repeats along a destination span."""
    return destination // source if destination % source == 0 else 1


def _merges_inside(sheet: Sheet, b: Bounds) -> list[Bounds]:
    """Return the merges wholly inside a rectangle."""
    return [
        Bounds(m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"])
        for m in sheet.merges
        if b.start_row <= m["startRowIndex"]
        and m["endRowIndex"] <= b.end_row
        and b.start_col <= m["startColumnIndex"]
        and m["endColumnIndex"] <= b.end_col
    ]


def _replace_merges(sheet: Sheet, area: Bounds, merges: list[Bounds]) -> None:
    """Drop a sheet's merges that touch an area and add new ones."""
    sheet.merges = [
        m
        for m in sheet.merges
        if m["endRowIndex"] <= area.start_row
        or area.end_row <= m["startRowIndex"]
        or m["endColumnIndex"] <= area.start_col
        or area.end_col <= m["startColumnIndex"]
    ]
    for m in merges:
        sheet.merges.append(
            {
                "sheetId": sheet.sheet_id,
                "startRowIndex": m.start_row,
                "endRowIndex": m.end_row,
                "startColumnIndex": m.start_col,
                "endColumnIndex": m.end_col,
            }
        )


@handler("copyPaste")
def copy_paste(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Copy a range onto another, repeating it when the destination is a multiple of it."""
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
    rows = _copies(d.rows, height) * height
    cols = _copies(d.cols, width) * width
    if d.start_row + rows > dest_sheet.row_count or d.start_col + cols > dest_sheet.column_count:
        raise RequestError(_BEYOND_GRID)
    source_merges = _merges_inside(source_sheet, s) if paste_type == "PASTE_NORMAL" else []
    dest_sheet = work.writable(dest_sheet)
    for i in range(rows):
        for j in range(cols):
            r, c = d.start_row + i, d.start_col + j
            item, sr, sc = block[i % height][j % width]
            pasted = _paste(item, dest_sheet.get(r, c), paste_type, (r - sr, c - sc))
            dest_sheet.put(r, c, pasted)
    if paste_type == "PASTE_NORMAL":
        pasted_merges = []
        for m in source_merges:
            top, left = m.start_row - s.start_row, m.start_col - s.start_col
            h, w = m.rows, m.cols
            if transpose:
                top, left, h, w = left, top, w, h
            for ti in range(0, rows, height):
                for tj in range(0, cols, width):
                    r0, c0 = d.start_row + ti + top, d.start_col + tj + left
                    pasted_merges.append(Bounds(r0, r0 + h, c0, c0 + w))
        _replace_merges(
            dest_sheet,
            Bounds(d.start_row, d.start_row + rows, d.start_col, d.start_col + cols),
            pasted_merges,
        )


@handler("cutPaste")
def cut_paste(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Move a range (values, formulas, formats, merges) to a new top-left cell."""
    source_sheet, s = target(work, body.get("source"), ctx)
    dest_sheet, row0, col0 = coordinate(work, body.get("destination"))
    if row0 + s.rows > dest_sheet.row_count or col0 + s.cols > dest_sheet.column_count:
        raise RequestError(_BEYOND_GRID)
    paste_type = body.get("pasteType", "PASTE_NORMAL")
    block = _block(work, source_sheet, s, paste_type)
    merges = _merges_inside(source_sheet, s) if paste_type == "PASTE_NORMAL" else []
    source_sheet = work.writable(source_sheet)
    for r in range(s.start_row, min(s.end_row, len(source_sheet.rows))):
        for c in range(s.start_col, s.end_col):
            source_sheet.put(r, c, None)
    if merges:
        _replace_merges(source_sheet, s, [])
    dest_sheet = work.writable(dest_sheet)
    for i, line in enumerate(block):
        for j, (item, _, _) in enumerate(line):
            r, c = row0 + i, col0 + j
            # A moved formula keeps pointing where it pointed.
            dest_sheet.put(r, c, _paste(item, dest_sheet.get(r, c), paste_type, (0, 0)))
    if merges:
        moved = [
            Bounds(m.start_row - s.start_row + row0, m.end_row - s.start_row + row0,
                   m.start_col - s.start_col + col0, m.end_col - s.start_col + col0)
            for m in merges
        ]  # fmt: skip
        _replace_merges(dest_sheet, Bounds(row0, row0 + s.rows, col0, col0 + s.cols), moved)
