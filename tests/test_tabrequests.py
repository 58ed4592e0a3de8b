"""Hoisting formats out of the cells never changes what a tab looks like.

``tabrequests.fill`` writes a tab with ``updateCells`` (values, and the formats it keeps
inline) and then ``repeatCell`` blocks painted in order. Whatever grid of formats a
layout builds (shared style dicts, equal but distinct dicts, cells without a format, short
rows), replaying those requests must leave every cell with exactly its own format and
value. The replay here follows the Sheets semantics the emulator tests check against
Google: ``updateCells`` with ``userEnteredFormat`` in its mask sets or clears the format of
every cell of its range, ``repeatCell`` replaces the whole format of every cell of its.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sheets import tabrequests
from sheets.layouts_common import LIGHT_GREEN, LIGHT_RED
from sheets.tabs import CellData, Style, TabContent, cell

_STYLES = [
    Style(valign="TOP", wrap=True),
    Style(valign="TOP", wrap=True, background=LIGHT_GREEN),
    Style(valign="TOP", wrap=True, background=LIGHT_RED),
    Style(bold=True, align="CENTER"),
]


def _fresh(index: int) -> CellData:
    """Return a cell whose format equals a style's but is a dict of its own."""
    shared = _STYLES[index]("x")
    return {**shared, "userEnteredFormat": dict(shared["userEnteredFormat"])}


_CELLS = st.one_of(
    st.builds(lambda i, v: _STYLES[i](v), st.integers(0, 3), st.sampled_from(["a", "b", 7])),
    st.builds(_fresh, st.integers(0, 3)),
    st.just(cell("không định dạng")),
    st.just(cell()),
    st.just({"note": "ghi chú"}),  # a note, no format: must survive hoisting
    st.builds(lambda i: {**_STYLES[i]("n"), "note": "ghi chú"}, st.integers(0, 3)),
)
_GRIDS = st.lists(st.lists(_CELLS, min_size=0, max_size=9), min_size=1, max_size=45)


def _replay(requests: list[dict[str, Any]], rows: int, cols: int) -> list[list[tuple]]:
    """Return each cell's (value, format, note) after the requests, as Sheets would leave them."""
    grid: list[list[tuple]] = [[(None, None, None)] * cols for _ in range(rows)]
    for request in requests:
        if "updateCells" in request:
            body = request["updateCells"]
            assert "userEnteredFormat" in body["fields"] and "userEnteredValue" in body["fields"]
            lines = body["rows"]
            for r in range(rows):
                values = lines[r]["values"] if r < len(lines) else []
                for c in range(cols):
                    data = values[c] if c < len(values) else {}
                    fmt = data.get("userEnteredFormat") or None
                    grid[r][c] = (_json(data.get("userEnteredValue")), _json(fmt), data.get("note"))
        elif "repeatCell" in request:
            body = request["repeatCell"]
            assert body["fields"] == "userEnteredFormat"
            fmt = _json(body["cell"].get("userEnteredFormat") or None)
            area = body["range"]
            for r in range(area["startRowIndex"], area["endRowIndex"]):
                for c in range(area["startColumnIndex"], area["endColumnIndex"]):
                    grid[r][c] = (grid[r][c][0], fmt, grid[r][c][2])
    return grid


def _json(value: Any) -> Any:
    """Return a comparable form of a JSON value."""
    return None if value is None else repr(sorted(value.items()))


def _expected(content: TabContent, rows: int, cols: int) -> list[list[tuple]]:
    grid: list[list[tuple]] = [[(None, None, None)] * cols for _ in range(rows)]
    for r, line in enumerate(content.rows):
        for c, data in enumerate(line):
            fmt = data.get("userEnteredFormat") or None
            grid[r][c] = (_json(data.get("userEnteredValue")), _json(fmt), data.get("note"))
    return grid


@given(_GRIDS)
def test_every_cell_ends_with_its_own_value_and_format(rows):
    content = TabContent(title="Lưới", rows=rows)
    size = tabrequests.grid(content)
    height, width = size["rowCount"], size["columnCount"]
    requests = tabrequests.fill(content, 7)
    assert _replay(requests, height, width) == _expected(content, height, width)


def test_a_status_grid_is_mostly_painted_not_inline():
    green, red = _STYLES[1], _STYLES[2]
    rows = [
        [green("Đúng hạn") if (r + c) % 9 else red("Muộn") for c in range(24)] for r in range(300)
    ]
    content = TabContent(title="Lưới", rows=rows)
    requests = tabrequests.fill(content, 7)
    cells = [d for line in requests[0]["updateCells"]["rows"] for d in line["values"]]
    inline = sum("userEnteredFormat" in d for d in cells)
    assert inline < len(cells) // 5  # the green under everything, only the red inline or painted
    assert _replay(requests, 300, 24) == _expected(content, 300, 24)


def test_notes_survive_when_the_commonest_format_is_painted_under_the_rest():
    common, other = _STYLES[0], _STYLES[3]
    rows = [
        [other("x") if (r * 7 + c * 3) % 11 == 0 else common() for c in range(10)]
        for r in range(60)
    ]
    rows[5][5] = {"note": "giữ lại"}  # inside the common format's box, without a format
    rows[7][3] = {"userEnteredValue": {"stringValue": "v"}, "note": "giữ cả ghi chú này"}
    content = TabContent(title="Lưới", rows=rows)
    requests = tabrequests.fill(content, 7)
    assert sum("repeatCell" in r for r in requests) > 1  # painted in layers
    assert _replay(requests, 60, 10) == _expected(content, 60, 10)
