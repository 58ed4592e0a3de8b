"""The batchUpdate requests that write one managed tab, kept small.

A tab is written in place: ``updateCells`` over the whole grid with every cell's value,
then the formats, the table borders, merges and widths. Two kinds of repetition are
hoisted out of the cells, because a big first sync would otherwise send hundreds of
megabytes (Google refuses any request over 10 MiB):

- borders: each table rectangle of ``TabContent.borders`` is one ``updateBorders``
  (every outer and inner edge solid), not four border objects in each cell;
- formats: cells that share a format and form a rectangle (a table column, a header row,
  a run of one status) get it from one ``repeatCell``; only a cell whose rectangle would
  cost more than writing its format inline keeps its format in ``updateCells``.

Either way each cell ends with exactly the format and borders its CellData describes,
as if it had been written with them (tests compare the two in the emulator). Order
matters: ``updateCells`` clears the formats it does not write, ``repeatCell`` replaces a
cell's whole format, and the borders come after both.
"""

from __future__ import annotations

import itertools
import json
import operator
from itertools import repeat
from typing import Any

import msgspec

from .tabs import BLACK_BORDER, CellData, Rect, TabContent
from .workbook import Tab

CELL_FIELDS = "userEnteredValue,userEnteredFormat,note,dataValidation"
BORDER_SIDES = ("top", "bottom", "left", "right", "innerHorizontal", "innerVertical")
_REPEAT_COST = 150  # bytes of a repeatCell around its format (range, sheet id, mask)
_INLINE_COST = 22  # bytes a format costs inline besides its JSON ("userEnteredFormat":,)


def grid(content: TabContent) -> dict[str, int]:
    """Return the grid size and frozen panes of a tab (Google refuses to freeze every row)."""
    return {
        "rowCount": max(content.height, content.frozen_rows + 1),
        "columnCount": max(content.width, content.frozen_columns + 1),
        "frozenRowCount": content.frozen_rows,
        "frozenColumnCount": content.frozen_columns,
    }


def add_sheet(content: TabContent, sheet_id: int, index: int) -> dict[str, Any]:
    """Return the addSheet request of a new managed tab."""
    props = {
        "sheetId": sheet_id,
        "title": content.title,
        "index": index,
        "gridProperties": grid(content),
    }
    return {"addSheet": {"properties": props}}


def replace(tab: Tab, content: TabContent, description: str) -> list[dict[str, Any]]:
    """Return the requests that rewrite an existing tab in place (keeping its id and place)."""
    requests: list[dict[str, Any]] = [
        {"unmergeCells": {"range": {"sheetId": tab.sheet_id}}},
        {
            "updateSheetProperties": {
                "properties": {"sheetId": tab.sheet_id, "gridProperties": grid(content)},
                "fields": ",".join(
                    f"gridProperties.{name}"
                    for name in ("rowCount", "columnCount", "frozenRowCount", "frozenColumnCount")
                ),
            }
        },
    ]
    requests.extend(fill(content, tab.sheet_id))
    for protection in tab.protections:
        requests.append(
            {"deleteProtectedRange": {"protectedRangeId": protection["protectedRangeId"]}}
        )
    if content.protection is not None:
        requests.append(protect(tab.sheet_id, description))
    return requests


def protect(sheet_id: int, description: str, warning_only: bool = True) -> dict[str, Any]:
    """Return the request adding a (warning-only) protection of a whole tab."""
    return {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": sheet_id},
                "description": description,
                "warningOnly": warning_only,
            }
        }
    }


def fill(content: TabContent, sheet_id: int) -> list[dict[str, Any]]:
    """Return the requests that write values, formats, borders, merges and widths."""
    size = grid(content)
    rows, blocks = hoist_formats(content.rows)
    requests: list[dict[str, Any]] = [
        {
            "updateCells": {
                "range": _range(sheet_id, (0, size["rowCount"], 0, size["columnCount"])),
                "rows": [{"values": row} for row in rows],
                "fields": CELL_FIELDS,
            }
        }
    ]
    for rect, fmt in blocks:
        requests.append(
            {
                "repeatCell": {
                    "range": _range(sheet_id, rect),
                    "cell": {"userEnteredFormat": fmt},
                    "fields": "userEnteredFormat",
                }
            }
        )
    # Before the merges, as when each cell carried its borders: merged cells keep them all.
    for rect in content.borders:
        sides = dict.fromkeys(BORDER_SIDES, BLACK_BORDER)
        requests.append({"updateBorders": {"range": _range(sheet_id, rect), **sides}})
    for rect in content.merges:
        requests.append({"mergeCells": {"mergeType": "MERGE_ALL", "range": _range(sheet_id, rect)}})
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


def _range(sheet_id: int, rect: Rect) -> dict[str, int]:
    """Return the GridRange of a rectangle."""
    top, bottom, left, right = rect
    return {
        "sheetId": sheet_id,
        "startRowIndex": top,
        "endRowIndex": bottom,
        "startColumnIndex": left,
        "endColumnIndex": right,
    }


def hoist_formats(
    rows: list[list[CellData]],
) -> tuple[list[list[CellData]], list[tuple[Rect, dict[str, Any]]]]:
    """Return the rows with hoisted formats taken out, and the (rectangle, format) blocks.

    Blocks are painted in order, a later one over an earlier. Rectangles of equal formats
    are found column by column (see ``_rectangles``); a rectangle too small to pay for its
    ``repeatCell`` stays inline. When a tab has many rectangles (a status grid where
    statuses change from one unit to the next), painting its commonest format over that
    format's bounding box and then only the other cells in the box is tried as well, and
    the cheaper of the two is kept.
    """
    formats = [list(map(dict.get, line, repeat(_FORMAT, len(line)))) for line in rows]
    keys: dict[int, tuple[Any, str]] = {id(_NO_FORMAT): (_NO_FORMAT, "{}")}  # id -> (fmt, JSON)
    found = _rectangles(formats, keys)
    cost, chosen = _choose(found, None)
    if len(found) > _LAYERS_FROM:
        layered = _layered(formats, found, keys)
        if layered[0] < cost:
            cost, chosen = layered
    by_key = {key: fmt for fmt, key in keys.values()}
    hoisted: dict[int, list[tuple[int, int]]] = {}
    for top, bottom, left, right, _ in chosen:
        for r in range(top, bottom):
            hoisted.setdefault(r, []).append((left, right))
    blocks = [(rect[:4], by_key[rect[4]]) for rect in chosen]
    return (_strip(rows, hoisted) if hoisted else rows), blocks


_Block = tuple[int, int, int, int, str]  # top, bottom, left, right, format JSON
_LAYERS_FROM = 40  # rectangles in a tab before painting in layers is worth a try


def _rectangles(formats: list[list[Any]], keys: dict[int, tuple[Any, str]]) -> list[_Block]:
    """Return the rectangles of equal formats (cells without a format belong to none).

    Runs of equal formats down each column are joined with the same run (same rows, same
    format) in the columns to their right. Cells of a layout share their format dicts, so
    runs break where identities change and only formats at the breaks are compared.
    """
    found: list[_Block] = []
    open_runs: dict[tuple[int, int, str], int] = {}  # (top, bottom, key) -> first column
    previous: tuple[Any, ...] | None = None
    width = 0
    for c, column in enumerate(itertools.zip_longest(*formats)):
        width = c + 1
        if previous is not None and all(map(operator.is_, column, previous)):
            continue  # the same formats as the column to the left: every run goes on
        previous = column
        runs = _runs(column, keys)
        for run in [run for run in open_runs if run not in runs]:
            found.append((*run[:2], open_runs.pop(run), c, run[2]))
        for run in runs:
            open_runs.setdefault(run, c)
    found.extend((top, bottom, left, width, key) for (top, bottom, key), left in open_runs.items())
    return sorted(found)


def _choose(found: list[_Block], box: Rect | None) -> tuple[int, list[_Block]]:
    """Return the bytes the formats cost and the rectangles to paint.

    A rectangle is painted when its ``repeatCell`` costs less than its cells' formats
    inline, and always when it meets ``box`` (a layer under it would show otherwise).
    """
    cost, chosen = 0, []
    for block in found:
        top, bottom, left, right, key = block
        inline = (bottom - top) * (right - left) * (len(key) + _INLINE_COST)
        painted = len(key) + _REPEAT_COST
        forced = box is not None and _meets((top, bottom, left, right), box)
        if forced or painted < inline:
            cost += painted
            chosen.append(block)
        else:
            cost += inline
    return cost, chosen


def _meets(a: Rect, b: Rect) -> bool:
    """Return True when two rectangles share a cell."""
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _layered(
    formats: list[list[Any]], found: list[_Block], keys: dict[int, tuple[Any, str]]
) -> tuple[int, list[_Block]]:
    """Return the cost and rectangles of painting the commonest format under the rest."""
    area: dict[str, int] = {}
    for top, bottom, left, right, key in found:
        area[key] = area.get(key, 0) + (bottom - top) * (right - left)
    common = max(area, key=area.__getitem__)
    own = [block for block in found if block[4] == common]
    box = (
        min(b[0] for b in own),
        max(b[1] for b in own),
        min(b[2] for b in own),
        max(b[3] for b in own),
    )
    same = {i for i, (_, key) in keys.items() if key == common}
    top, bottom, left, right = box
    rest = [list(line) for line in formats]
    for r in range(top, bottom):
        line = rest[r]
        line.extend([None] * (right - len(line)))  # cells absent from the content are blank
        line[left:right] = [
            None if id(fmt) in same else _NO_FORMAT if fmt is None else fmt
            for fmt in line[left:right]
        ]
    cost, chosen = _choose(_rectangles(rest, keys), box)
    return cost + len(common) + _REPEAT_COST, [(*box, common), *chosen]


def _strip(rows: list[list[CellData]], hoisted: dict[int, list[tuple[int, int]]]) -> list[Any]:
    """Return the rows with the cells of the hoisted spans replaced by formatless copies."""
    bare: dict[int, CellData] = {}  # id(cell) -> the cell without its format
    held: list[CellData] = []  # the cells of those ids, so that no id is reused meanwhile
    out = []
    for r, line in enumerate(rows):
        spans = hoisted.get(r)
        if spans:
            line = list(line)
            for left, right in _joined(spans):
                cells = line[left:right]
                copies = list(map(bare.get, map(id, cells)))
                if None in copies:  # cells not seen before
                    for c, data in enumerate(cells):
                        if copies[c] is None:
                            copies[c] = bare[id(data)] = _bare(data)
                            held.append(data)
                line[left:right] = copies
        out.append(line)
    return out


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return column spans sorted, with touching and overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for left, right in sorted(spans):
        if out and left <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], right))
        else:
            out.append((left, right))
    return out


_FORMAT = "userEnteredFormat"
_NO_CELL: CellData = {}  # shared, read-only
_NO_FORMAT: dict[str, Any] = {}  # painted where a layer below must not show; read-only


def _runs(formats: tuple[Any, ...], keys: dict[int, tuple[Any, str]]) -> dict[Any, None]:
    """Return the runs of equal formats in a column as (top, bottom, key), in order."""
    count = len(formats)
    breaks = [
        0,
        *itertools.compress(range(1, count), map(operator.is_not, formats[1:], formats)),
        count,
    ]
    runs: dict[Any, None] = {}
    start, current = 0, None
    for top in breaks[:-1]:
        fmt = formats[top]
        key = None
        if fmt is not None:
            known = keys.get(id(fmt))
            if known is None:
                known = keys[id(fmt)] = (fmt, json.dumps(fmt, sort_keys=True))
            key = known[1]
        if key != current:
            if current is not None:
                runs[(start, top, current)] = None
            start, current = top, key
    if current is not None:
        runs[(start, count, current)] = None
    return runs


def _bare(data: CellData) -> CellData:
    """Return a copy of a cell without its format."""
    value = data.get("userEnteredValue")
    if len(data) == (_FORMAT in data) + (value is not None):  # no note, no validation
        return _NO_CELL if value is None else {"userEnteredValue": value}
    return {k: v for k, v in data.items() if k != _FORMAT}


def encode(request: dict[str, Any]) -> bytes:
    """Return a request as compact UTF-8 JSON, the bytes it costs in a batchUpdate body.

    msgspec writes what ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes
    (but ``1e16`` for ``1e+16``) several times faster: a first sync of a big sheet sends
    tens of megabytes. The layouts make no NaN or infinity (counts are whole numbers).
    """
    return _ENCODER.encode(request)


_ENCODER = msgspec.json.Encoder()
