"""Plan the one batchUpdate that brings every managed tab up to date, or nothing at all.

A tab is rewritten only when its content differs from what the read saw: its layout
fingerprint (kept in the description of its warning-only protection) or its values.
Every write also swaps the protection of a "lock" tab (delete by id, add anew): if two
syncs race, the second batch names a protection that no longer exists, Google rejects
the whole batch, and no tab ends up mixing two runs.
"""

from __future__ import annotations

import itertools
import math
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from .tabs import CellData, TabContent, forget_cells
from .workbook import Tab, Workbook

_FINGERPRINT = re.compile(r"\[ispeed-report ([0-9a-f]{16})\]")
CELL_FIELDS = "userEnteredValue,userEnteredFormat,note,dataValidation"


@dataclass
class WritePlan:
    """The requests of the one batchUpdate, and which tabs they touch."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def describe(content: TabContent) -> str:
    """Return the protection description: the note for people plus the fingerprint."""
    return f"{content.protection or ''} [ispeed-report {content.fingerprint()}]".strip()


def stored_fingerprint(tab: Tab) -> str | None:
    """Return the fingerprint a previous run left in the tab's protection, if any."""
    for protection in tab.protections:
        match = _FINGERPRINT.search(str(protection.get("description", "")))
        if match:
            return match.group(1)
    return None


def plan(
    workbook: Workbook,
    contents: list[TabContent],
    *,
    lock_title: str,
    insert_after: str | None = None,
) -> WritePlan:
    """Return the requests that make the managed tabs equal to ``contents``.

    New tabs are added after ``insert_after`` (when it exists) or at the end. When nothing
    differs the plan is empty and the caller writes nothing. Planning is a run's last look
    at its cells: the cells its layouts shared, and what was worked out about them, are
    forgotten afterwards, so that none outlives the run.
    """
    try:
        return _plan(workbook, contents, lock_title, insert_after)
    finally:
        forget_cells()
        _PLAINS.clear()


def _plan(
    workbook: Workbook, contents: list[TabContent], lock_title: str, insert_after: str | None
) -> WritePlan:
    """Return the plan (see ``plan``)."""
    out = WritePlan()
    used = set(workbook.used_sheet_ids())
    anchor = workbook.tab(insert_after) if insert_after else None
    next_index = anchor.index + 1 if anchor else len(workbook.tabs)
    for content in contents:
        tab = workbook.tab(content.title)
        if tab is not None and unchanged(tab, content):
            out.unchanged.append(content.title)
            continue
        out.written.append(content.title)
        if tab is None:
            sheet_id = _new_sheet_id(used)
            out.requests.append(_add_sheet(content, sheet_id, next_index))
            next_index += 1
            out.requests.extend(_fill(content, sheet_id))
            if content.protection is not None:
                out.requests.append(_protect(content, sheet_id))
        else:
            out.requests.extend(_replace(tab, content))
    if out.requests:
        lock = workbook.tab(lock_title)
        if lock is not None and lock.title not in out.written:
            out.requests.extend(_swap_lock(lock))
    return out


def unchanged(tab: Tab, content: TabContent) -> bool:
    """Return True when a tab already holds exactly this content (volatile cells aside)."""
    if content.protection is not None and stored_fingerprint(tab) != content.fingerprint():
        return False
    return _values_match(tab.values, content)


def _values_match(values: list[list[Any]], content: TabContent) -> bool:
    """Compare a tab's effective values with the content's values.

    A row equal to the content's plain values matches as a whole (equal values are the
    same values; empty cells at the end of a row are absent from a read, so they are left
    out on both sides); any other row, and a row with volatile cells, is compared cell by
    cell.
    """
    volatile_rows = {r for r, _ in content.volatile}
    pairs = itertools.zip_longest(values, content.rows, fillvalue=[])
    for r, (have, want) in enumerate(pairs):
        if r not in volatile_rows and _without_trailing_none(have) == _plain_row(want):
            continue
        if not _row_matches(r, have, want, content.volatile):
            return False
    return True


def _row_matches(
    r: int, have: list[Any], want: list[CellData], volatile: frozenset[tuple[int, int]]
) -> bool:
    """Compare one row cell by cell, numbers with a tolerance, volatile cells left out."""
    for c in range(max(len(have), len(want))):
        if (r, c) in volatile:
            continue
        current = have[c] if c < len(have) else None
        desired = _plain(want[c]) if c < len(want) else None
        if not _same(current, desired):
            return False
    return True


# The plain value of each cell seen, by id; the entry holds the cell, so its id stays its own.
# Cells of a Style recur in every month and every run (CellData is read-only once built).
_PLAINS: dict[int, tuple[CellData, Any]] = {}
_PLAINS_LIMIT = 300_000


def _plain_row(row: list[CellData]) -> list[Any]:
    """Return the plain values of a row of cells, without the empty ones at its end."""
    if len(_PLAINS) > _PLAINS_LIMIT:
        _PLAINS.clear()
    return _without_trailing_none([(_PLAINS.get(id(d)) or _remember_plain(d))[1] for d in row])


def _without_trailing_none(values: list[Any]) -> list[Any]:
    """Return the values without the None values at their end (the list itself if none)."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values if end == len(values) else values[:end]


def _remember_plain(data: CellData) -> tuple[CellData, Any]:
    """Return (and remember) a cell with its plain value."""
    found = _PLAINS[id(data)] = (data, _plain(data))
    return found


def _plain(data: CellData) -> Any:
    """Return the value a CellData writes, as a read would see it."""
    value = data.get("userEnteredValue") or {}
    if "stringValue" in value:
        return value["stringValue"] or None
    if "numberValue" in value:
        return float(value["numberValue"])
    if "boolValue" in value:
        return value["boolValue"]
    return None


def _same(current: Any, desired: Any) -> bool:
    """Compare two cell values, numbers with a tolerance for float round trips."""
    if isinstance(current, str) and not current:
        current = None
    if isinstance(current, float) and isinstance(desired, float):
        return math.isclose(current, desired, rel_tol=1e-9, abs_tol=1e-9)
    return current == desired


def _new_sheet_id(used: set[int]) -> int:
    """Return a random sheet id not in use (and remember it)."""
    while True:
        candidate = secrets.randbelow(2**31 - 2) + 1
        if candidate not in used:
            used.add(candidate)
            return candidate


def _grid(content: TabContent) -> dict[str, int]:
    """Return the grid size and frozen panes of a tab (Google refuses to freeze every row)."""
    return {
        "rowCount": max(content.height, content.frozen_rows + 1),
        "columnCount": max(content.width, content.frozen_columns + 1),
        "frozenRowCount": content.frozen_rows,
        "frozenColumnCount": content.frozen_columns,
    }


def _add_sheet(content: TabContent, sheet_id: int, index: int) -> dict[str, Any]:
    """Return the addSheet request of a new managed tab."""
    props = {
        "sheetId": sheet_id,
        "title": content.title,
        "index": index,
        "gridProperties": _grid(content),
    }
    return {"addSheet": {"properties": props}}


def _fill(content: TabContent, sheet_id: int) -> list[dict[str, Any]]:
    """Return the requests that write values, formats, merges and widths."""
    grid = _grid(content)
    requests: list[dict[str, Any]] = [
        {
            "updateCells": {
                "range": {
                    "sheetId": sheet_id,
                    "startRowIndex": 0,
                    "endRowIndex": grid["rowCount"],
                    "startColumnIndex": 0,
                    "endColumnIndex": grid["columnCount"],
                },
                "rows": [{"values": row} for row in content.rows],
                "fields": CELL_FIELDS,
            }
        }
    ]
    for top, bottom, left, right in content.merges:
        requests.append(
            {
                "mergeCells": {
                    "mergeType": "MERGE_ALL",
                    "range": {
                        "sheetId": sheet_id,
                        "startRowIndex": top,
                        "endRowIndex": bottom,
                        "startColumnIndex": left,
                        "endColumnIndex": right,
                    },
                }
            }
        )
    for column, width in enumerate(content.column_widths):
        requests.append(
            {
                "updateDimensionProperties": {
                    "range": {
                        "sheetId": sheet_id,
                        "dimension": "COLUMNS",
                        "startIndex": column,
                        "endIndex": column + 1,
                    },
                    "properties": {"pixelSize": width},
                    "fields": "pixelSize",
                }
            }
        )
    return requests


def _protect(content: TabContent, sheet_id: int) -> dict[str, Any]:
    """Return the request adding the tab's warning-only protection with its fingerprint."""
    return {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": sheet_id},
                "description": describe(content),
                "warningOnly": True,
            }
        }
    }


def _replace(tab: Tab, content: TabContent) -> list[dict[str, Any]]:
    """Return the requests that rewrite an existing tab in place (keeping its id and place)."""
    requests: list[dict[str, Any]] = [
        {"unmergeCells": {"range": {"sheetId": tab.sheet_id}}},
        {
            "updateSheetProperties": {
                "properties": {"sheetId": tab.sheet_id, "gridProperties": _grid(content)},
                "fields": ",".join(
                    f"gridProperties.{name}"
                    for name in ("rowCount", "columnCount", "frozenRowCount", "frozenColumnCount")
                ),
            }
        },
    ]
    requests.extend(_fill(content, tab.sheet_id))
    for protection in tab.protections:
        requests.append(
            {"deleteProtectedRange": {"protectedRangeId": protection["protectedRangeId"]}}
        )
    if content.protection is not None:
        requests.append(_protect(content, tab.sheet_id))
    return requests


def _swap_lock(lock: Tab) -> list[dict[str, Any]]:
    """Return the compare-and-swap of the lock tab's protection (same description)."""
    requests: list[dict[str, Any]] = []
    for protection in lock.protections:
        requests.append(
            {"deleteProtectedRange": {"protectedRangeId": protection["protectedRangeId"]}}
        )
        requests.append(
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": {"sheetId": lock.sheet_id},
                        "description": protection.get("description", ""),
                        "warningOnly": bool(protection.get("warningOnly", True)),
                    }
                }
            }
        )
    return requests
