"""batchUpdate requests on row and column groups: add, delete and collapse.

Sheets keeps a group depth per row or column; the groups the API shows are the runs of
rows or columns at each depth (AddDimensionGroupRequest and DeleteDimensionGroupRequest
in the reference describe their examples this way).
"""

from __future__ import annotations

import itertools
from typing import Any

from . import fieldmask
from .batch import Context, RequestError, handler
from .dimensions import ROWS, _dimension, _span
from .model import Sheet, Spreadsheet
from .schema import check_mask
from .sheet_requests import find_sheet


def _groups(sheet: Sheet, dimension: str) -> list[dict[str, Any]]:
    """Return the sheet's row or column groups."""
    return sheet.row_groups if dimension == ROWS else sheet.column_groups


def _regroup(
    groups: list[dict[str, Any]], dimension: str, start: int, end: int, delta: int
) -> bool:
    """Add (+1) or remove (-1) one level of grouping over [start, end), in place.

    Sheets keeps a depth per row or column: a group of depth d is a run of indexes whose
    depth is at least d (the reference's examples for adding and deleting groups follow
    from this). Returns False when nothing in the range was grouped.
    """
    bounds = [(g["range"]["startIndex"], g["range"]["endIndex"]) for g in groups]
    points = sorted({start, end, *(b for pair in bounds for b in pair)})
    segments, touched = [], False
    for a, z in itertools.pairwise(points):
        depth = sum(1 for lo, hi in bounds if lo <= a and z <= hi)
        if start <= a and z <= end:
            touched = touched or depth > 0
            depth = max(depth + delta, 0)
        segments.append((a, z, depth))
    if delta < 0 and not touched:
        return False
    collapsed = {
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in groups
        if g.get("collapsed")
    }
    rebuilt: list[dict[str, Any]] = []
    for level in range(1, max((d for _, _, d in segments), default=0) + 1):
        runs: list[list[int]] = []
        for a, z, depth in segments:
            if depth < level:
                continue
            if runs and runs[-1][1] == a:
                runs[-1][1] = z
            else:
                runs.append([a, z])
        for a, z in runs:
            group: dict[str, Any] = {
                "range": {"dimension": dimension, "startIndex": a, "endIndex": z},
                "depth": level,
            }
            if (a, z, level) in collapsed:
                group["collapsed"] = True
            rebuilt.append(group)
    groups[:] = rebuilt
    return True


@handler("addDimensionGroup")
def add_dimension_group(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Group rows or columns; where groups overlap, the overlap is one level deeper."""
    span = body.get("range", {})
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start, end = _span(span, sheet, dimension)
    groups = _groups(sheet, dimension)
    _regroup(groups, dimension, start, end, +1)
    control = "rowGroupControlAfter" if dimension == ROWS else "columnGroupControlAfter"
    sheet.grid.setdefault(control, True)
    return {"addDimensionGroup": {"dimensionGroups": [dict(g) for g in groups]}}


@handler("deleteDimensionGroup")
def delete_dimension_group(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Remove one level of grouping from the rows or columns of a range."""
    span = body.get("range", {})
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    start, end = _span(span, sheet, dimension)
    groups = _groups(sheet, dimension)
    if not _regroup(groups, dimension, start, end, -1):
        raise RequestError(f"No dimension group found over [{start}, {end}).")
    reply: dict[str, Any] = {}
    if groups:
        reply["dimensionGroups"] = [dict(g) for g in groups]
    return {"deleteDimensionGroup": reply}


@handler("updateDimensionGroup")
def update_dimension_group(work: Spreadsheet, body: dict[str, Any], ctx: Context) -> None:
    """Collapse or expand a group."""
    group = body.get("dimensionGroup", {})
    span = group.get("range", {})
    dimension = _dimension(span)
    sheet = work.writable(find_sheet(work, span.get("sheetId")))
    mask = check_mask(
        "DimensionGroup",
        body.get("fields") or "collapsed",
        at=f"requests[{ctx.index}].{ctx.kind}.fields",
    )
    for existing in _groups(sheet, dimension):
        r = existing["range"]
        if (r["startIndex"], r["endIndex"]) == (span.get("startIndex"), span.get("endIndex")) and (
            group.get("depth") in (None, existing["depth"])
        ):
            source = {k: v for k, v in group.items() if k != "range"}
            fieldmask.apply_update(existing, source, mask)
            if not existing.get("collapsed"):
                existing.pop("collapsed", None)
            return
    raise RequestError("No dimension group found over that range.")
