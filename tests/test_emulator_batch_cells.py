"""batchUpdate requests that write cells, through gspread over HTTP.

updateCells, repeatCell, appendCells, updateBorders, setDataValidation, sortRange,
copyPaste and cutPaste, read back with spreadsheets.get and grid data.
"""

from __future__ import annotations

import gspread
import pytest

HEADER = {"textFormat": {"bold": True}, "horizontalAlignment": "CENTER", "wrapStrategy": "WRAP"}
DATE = {"numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}}
SOLID = {"style": "SOLID", "width": 1, "colorStyle": {"rgbColor": {}}, "color": {}}
RED_MEDIUM = {
    "style": "SOLID_MEDIUM",
    "width": 2,
    "colorStyle": {"rgbColor": {"red": 1}},
    "color": {"red": 1},
}
SIDES = ("top", "bottom", "left", "right")


def _batch(spreadsheet: gspread.Spreadsheet, *requests: dict) -> list[dict]:
    return spreadsheet.batch_update({"requests": list(requests)})["replies"]


def _grid(a1: str, sheet_id: int = 0) -> dict:
    return gspread.utils.a1_range_to_grid_range(a1, sheet_id)


def _text(value: str, fmt: dict | None = None) -> dict:
    cell: dict = {"userEnteredValue": {"stringValue": value}}
    return {**cell, "userEnteredFormat": fmt} if fmt else cell


def _value(value: str | float) -> dict:
    kind = "stringValue" if isinstance(value, str) else "numberValue"
    return {"userEnteredValue": {kind: value}}


def _uec(rows: list[list[dict]], fields: str, at: str = "A1", sheet_id: int = 0) -> dict:
    """Return an updateCells request writing rows of CellData from a start cell."""
    row, col = gspread.utils.a1_to_rowcol(at)
    start = {"sheetId": sheet_id, "rowIndex": row - 1, "columnIndex": col - 1}
    return {
        "updateCells": {"start": start, "rows": [{"values": r} for r in rows], "fields": fields}
    }


def _cells(spreadsheet: gspread.Spreadsheet, a1: str, fields: str) -> list[list[dict]]:
    """Return the CellData of a range, row by row, as spreadsheets.get gives them."""
    data = spreadsheet.fetch_sheet_metadata(
        params={"ranges": a1, "fields": f"sheets.data.rowData.values({fields})"}
    )
    return [row.get("values", []) for row in data["sheets"][0]["data"][0].get("rowData", [])]


def _shown(value: str) -> dict:
    """Return the value fields of a text cell as Google shows them."""
    return {
        "userEnteredValue": {"stringValue": value},
        "effectiveValue": {"stringValue": value},
        "formattedValue": value,
    }


# -- what the service relies on ------------------------------------------------------


def test_a_report_sheet_built_in_one_batch_reads_back_exactly(spreadsheet):
    sid, title = 1001, "Báo cáo 10/2026"
    heads = ("Đơn vị", "Ngày", "Số tin", "Ghi chú")
    date = {**_value(46300), "userEnteredFormat": DATE}
    formula = {"userEnteredValue": {"formulaValue": "=2*21"}}
    row = [_text("Phường Sông Cầu"), date, formula, _text("=1+1")]
    fields = "userEnteredValue,userEnteredFormat"
    borders = {side: {"style": "SOLID"} for side in (*SIDES, "innerHorizontal", "innerVertical")}
    width = {"pixelSize": 220}
    frozen = {"sheetId": sid, "gridProperties": {"frozenRowCount": 2}}
    rows_1_2 = {"sheetId": sid, "startRowIndex": 0, "endRowIndex": 2}  # open-ended: whole rows
    protect = {"range": rows_1_2, "description": "Tiêu đề", "warningOnly": True}
    grid = {"rowCount": 20, "columnCount": 6}
    replies = _batch(
        spreadsheet,
        {"addSheet": {"properties": {"sheetId": sid, "title": title, "gridProperties": grid}}},
        _uec(
            [[_text("BÁO CÁO TIN BÀI", HEADER)], [_text(h, HEADER) for h in heads], row],
            fields,
            sheet_id=sid,
        ),
        {"mergeCells": {"range": _grid("A1:D1", sid), "mergeType": "MERGE_ALL"}},
        {"updateBorders": {"range": _grid("A2:D3", sid), **borders}},
        {
            "updateDimensionProperties": {
                "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
                "properties": width,
                "fields": "pixelSize",
            }
        },
        {
            "updateSheetProperties": {
                "properties": frozen,
                "fields": "gridProperties.frozenRowCount",
            }
        },
        {"addProtectedRange": {"protectedRange": protect}},
    )
    assert replies[1:6] == [{}] * 5
    protected = replies[6]["addProtectedRange"]["protectedRange"]
    assert protected == {
        "protectedRangeId": protected["protectedRangeId"],
        **protect,
        "requestingUserCanEdit": True,
    }
    fields = "userEnteredValue,effectiveValue,formattedValue,userEnteredFormat"
    params = {
        "includeGridData": "true",
        "ranges": f"'{title}'!A1:D3",
        "fields": f"sheets(properties,merges,protectedRanges,data(columnMetadata,"
        f"rowData.values({fields})))",
    }
    sheet = spreadsheet.fetch_sheet_metadata(params=params)["sheets"][0]
    assert sheet["properties"] == {
        "sheetId": sid,
        "title": title,
        "index": 1,
        "sheetType": "GRID",
        "gridProperties": {**grid, "frozenRowCount": 2},
    }
    assert sheet["merges"] == [_grid("A1:D1", sid)]
    assert sheet["protectedRanges"] == [protected]
    assert sheet["data"][0]["columnMetadata"] == [width] + [{"pixelSize": 100}] * 3
    boxed = {"borders": dict.fromkeys(SIDES, SOLID)}  # inner lines border every side here
    assert [r["values"] for r in sheet["data"][0]["rowData"]] == [
        [{**_shown("BÁO CÁO TIN BÀI"), "userEnteredFormat": HEADER}],
        [{**_shown(h), "userEnteredFormat": {**HEADER, **boxed}} for h in heads],
        [
            {**_shown("Phường Sông Cầu"), "userEnteredFormat": boxed},
            {
                "userEnteredValue": {"numberValue": 46300},
                "effectiveValue": {"numberValue": 46300},
                "formattedValue": "05/10/2026",  # 2026-10-05; "mm" after "dd" is the month
                "userEnteredFormat": {**DATE, **boxed},
            },
            {
                "userEnteredValue": {"formulaValue": "=2*21"},
                "effectiveValue": {"numberValue": 42},
                "formattedValue": "42",
                "userEnteredFormat": boxed,
            },
            {**_shown("=1+1"), "userEnteredFormat": boxed},  # a stringValue is never a formula
        ],
    ]
    ws = spreadsheet.get_worksheet_by_id(sid)
    assert ws.get("B3:D3", value_render_option="FORMULA") == [[46300, "=2*21", "=1+1"]]


@pytest.mark.parametrize("text", ["=1+1", "=SUM(A1:A2)", "'=1+1", "+1", "01/02/2026", "1,5"])
def test_string_values_are_stored_as_typed_never_parsed(spreadsheet, text):
    _batch(spreadsheet, _uec([[_text(text)]], "userEnteredValue"))
    fields = "userEnteredValue,effectiveValue,formattedValue"
    assert _cells(spreadsheet, "A1", fields) == [[_shown(text)]]


# -- updateCells and repeatCell: field masks --------------------------------------------

VALUE = {"userEnteredValue": {"numberValue": 7}}
NOTE = {"note": "ghi chú"}
FORMAT = {"textFormat": {"bold": True, "italic": True}, "horizontalAlignment": "LEFT"}


@pytest.mark.parametrize(
    ("fields", "cell", "expected"),
    [
        ("userEnteredValue", _text("mới"), {**_text("mới", FORMAT), **NOTE}),
        (
            "userEnteredFormat.textFormat.bold",
            {"userEnteredFormat": {"textFormat": {"bold": False}, "horizontalAlignment": "RIGHT"}},
            {
                **VALUE,
                **NOTE,
                "userEnteredFormat": {**FORMAT, "textFormat": {"bold": False, "italic": True}},
            },
        ),
        (
            "userEnteredFormat.textFormat.bold,userEnteredFormat.textFormat.italic",
            {},
            {**VALUE, **NOTE, "userEnteredFormat": {"horizontalAlignment": "LEFT"}},
        ),
        (
            "userEnteredFormat",
            {"userEnteredFormat": {"wrapStrategy": "CLIP"}},
            {**VALUE, **NOTE, "userEnteredFormat": {"wrapStrategy": "CLIP"}},
        ),
        ("note", {}, {**VALUE, "userEnteredFormat": FORMAT}),
        ("*", {"note": "chỉ ghi chú"}, {"note": "chỉ ghi chú"}),
    ],
)
def test_update_cells_changes_exactly_the_masked_fields(spreadsheet, fields, cell, expected):
    _batch(spreadsheet, _uec([[{**VALUE, **NOTE, "userEnteredFormat": FORMAT}]], "*"))
    _batch(spreadsheet, _uec([[cell]], fields))
    assert _cells(spreadsheet, "A1", "userEnteredValue,userEnteredFormat,note") == [[expected]]


def test_update_cells_over_a_range_clears_the_masked_fields_of_cells_not_given(spreadsheet):
    _batch(spreadsheet, _uec([[_value(v) for v in "abc"], [_value(v) for v in "def"]], "*"))
    spreadsheet.sheet1.format("A1:C2", {"textFormat": {"bold": True}})
    update = {
        "range": _grid("A1:B2"),
        "rows": [{"values": [_text("x")]}],
        "fields": "userEnteredValue",
    }
    _batch(spreadsheet, {"updateCells": update})
    assert spreadsheet.sheet1.get("A1:C2") == [["x", "", "c"], ["", "", "f"]]
    bold = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    assert _cells(spreadsheet, "A2", "userEnteredFormat") == [[bold]]


@pytest.mark.parametrize(
    "request_",
    [
        _uec([[_text("x")], [_text("y")]], "userEnteredValue", at="A1000"),
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": -1},
                "rows": [{"values": [_text("x")]}],
                "fields": "*",
            }
        },
        {"cutPaste": {"source": _grid("A1"), "destination": {"sheetId": 0, "rowIndex": -1}}},
    ],
)
def test_writes_outside_the_grid_are_refused_not_crashed(spreadsheet, request_):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        _batch(spreadsheet, request_)
    error = excinfo.value.response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert error["message"].startswith(f"Invalid requests[0].{next(iter(request_))}: ")
    assert spreadsheet.sheet1.get("A1:Z1000") == [[]]


def test_repeat_cell_formats_an_open_ended_range_to_the_end_of_the_grid(spreadsheet):
    column_b = {"sheetId": 0, "startColumnIndex": 1, "endColumnIndex": 2}
    centered = {"userEnteredFormat": {"horizontalAlignment": "CENTER"}}
    fields = "userEnteredFormat.horizontalAlignment"
    _batch(spreadsheet, {"repeatCell": {"range": column_b, "cell": centered, "fields": fields}})
    assert _cells(spreadsheet, "A1000:C1000", "userEnteredFormat") == [[{}, centered]]
    assert _cells(spreadsheet, "B1", "userEnteredFormat") == [[centered]]


def test_colours_are_kept_at_8_bits_with_their_styles(spreadsheet):
    fmt = {
        "backgroundColor": {"red": 1, "green": 0.5},
        "textFormat": {"foregroundColor": {"blue": 0.2}},
    }
    spreadsheet.sheet1.format("A1", fmt)
    background, text = {"red": 1, "green": 0.49803922}, {"blue": 0.2}
    assert _cells(spreadsheet, "A1", "userEnteredFormat") == [
        [
            {
                "userEnteredFormat": {
                    "backgroundColor": background,
                    "backgroundColorStyle": {"rgbColor": background},
                    "textFormat": {
                        "foregroundColor": text,
                        "foregroundColorStyle": {"rgbColor": text},
                    },
                }
            }
        ]
    ]


def test_append_cells_writes_after_the_last_row_with_data_and_grows_the_grid(spreadsheet):
    ws = spreadsheet.add_worksheet("Nhật ký", rows=3, cols=2)
    _batch(spreadsheet, _uec([[_text("a")], [_text("b")]], "userEnteredValue", sheet_id=ws.id))
    ws.format("A3", {"textFormat": {"bold": True}})  # formatting is not data
    rows = [{"values": [_text("c"), _value(1)]}, {"values": [_text("d"), _value(2)]}]
    _batch(
        spreadsheet, {"appendCells": {"sheetId": ws.id, "rows": rows, "fields": "userEnteredValue"}}
    )
    assert ws.get("A1:B4") == [["a"], ["b"], ["c", "1"], ["d", "2"]]
    grid = spreadsheet.fetch_sheet_metadata()["sheets"][1]["properties"]["gridProperties"]
    assert grid == {"rowCount": 4, "columnCount": 2}


# -- borders and validation ------------------------------------------------------------


def _style(style: str, width: int) -> dict:
    return {**SOLID, "style": style, "width": width}


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (
            {"top": {"style": "SOLID"}, "right": {"style": "DASHED"}},
            [
                [{"top": SOLID}, {"top": SOLID, "right": _style("DASHED", 1)}],
                [{}, {"right": _style("DASHED", 1)}],
            ],
        ),
        (
            {"innerHorizontal": {"style": "SOLID_MEDIUM", "color": {"red": 1}}},
            [[{"bottom": RED_MEDIUM}] * 2, [{"top": RED_MEDIUM}] * 2],
        ),
        (
            {"innerVertical": {"style": "DOUBLE"}, "left": {"style": "SOLID_THICK"}},
            [
                [
                    {"left": _style("SOLID_THICK", 3), "right": _style("DOUBLE", 3)},
                    {"left": _style("DOUBLE", 3)},
                ]
            ]
            * 2,
        ),
    ],
)
def test_update_borders_draws_outer_sides_and_inner_lines(spreadsheet, sides, expected):
    _batch(spreadsheet, {"updateBorders": {"range": _grid("A1:B2"), **sides}})
    got = _cells(spreadsheet, "A1:B2", "userEnteredFormat.borders")
    assert [[c.get("userEnteredFormat", {}).get("borders", {}) for c in r] for r in got] == expected


def test_a_border_of_style_none_removes_it(spreadsheet):
    a1 = {"range": _grid("A1")}
    _batch(spreadsheet, {"updateBorders": {**a1, "top": {"style": "SOLID"}, "left": SOLID}})
    _batch(spreadsheet, {"updateBorders": {**a1, "top": {"style": "NONE"}}})
    left = {"userEnteredFormat": {"borders": {"left": SOLID}}}
    assert _cells(spreadsheet, "A1", "userEnteredFormat") == [[left]]


def test_data_validation_is_set_and_cleared(spreadsheet):
    choices = [{"userEnteredValue": "Có"}, {"userEnteredValue": "Không"}]
    rule = {"condition": {"type": "ONE_OF_LIST", "values": choices}, "strict": True}
    rule["showCustomUi"] = True
    rng = _grid("A1:A2")
    assert _batch(spreadsheet, {"setDataValidation": {"range": rng, "rule": rule}}) == [{}]
    assert _cells(spreadsheet, "A1:A2", "dataValidation") == [[{"dataValidation": rule}]] * 2
    _batch(spreadsheet, {"setDataValidation": {"range": rng}})
    assert _cells(spreadsheet, "A1:A2", "dataValidation") == []


# -- sorting, copying, cutting ---------------------------------------------------------

UP, DOWN = "ASCENDING", "DESCENDING"


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        ([(0, UP)], ["2", "10", "=3*4", "b", "Đà Nẵng"]),
        ([(0, DOWN)], ["Đà Nẵng", "b", "=3*4", "10", "2"]),
        # by B ascending (rows without B last), then by A descending among equal B
        ([(1, UP), (0, DOWN)], ["b", "2", "", "=3*4", "10", "", "Đà Nẵng"]),
    ],
)
def test_sort_range_puts_numbers_before_text_and_empty_cells_last(spreadsheet, specs, expected):
    ws = spreadsheet.sheet1
    rows = [["b", 1], [10, 2], [None, 3], ["Đà Nẵng"], [2, 1], ["=3*4", 2], [None, 1]]
    ws.update(rows, "A1", value_input_option="USER_ENTERED")
    sort_specs = [{"dimensionIndex": i, "sortOrder": order} for i, order in specs]
    _batch(spreadsheet, {"sortRange": {"range": _grid("A1:B7"), "sortSpecs": sort_specs}})
    column = ws.get("A1:A7", value_render_option="FORMULA")
    assert [str(row[0]) if row else "" for row in column] == expected


def _copy(spreadsheet, source: str, to: str, paste_type="PASTE_NORMAL", orientation="NORMAL"):
    body = {"source": _grid(source), "destination": _grid(to), "pasteType": paste_type}
    _batch(spreadsheet, {"copyPaste": {**body, "pasteOrientation": orientation}})


@pytest.mark.parametrize(
    ("destination", "orientation", "expected"),
    [
        ("D1", "NORMAL", [["1", "2"], ["3", "4"]]),
        ("D1:E4", "NORMAL", [["1", "2"], ["3", "4"], ["1", "2"], ["3", "4"]]),  # repeated
        ("D1:E5", "NORMAL", [["1", "2"], ["3", "4"]]),  # not a multiple: one whole copy
        ("D1:F1", "NORMAL", [["1", "2"], ["3", "4"]]),
        ("D1", "TRANSPOSE", [["1", "3"], ["2", "4"]]),
    ],
)
def test_copy_paste_repeats_only_whole_multiples_and_transposes(
    spreadsheet, destination, orientation, expected
):
    spreadsheet.sheet1.update([[1, 2], [3, 4]], "A1")
    _copy(spreadsheet, "A1:B2", destination, orientation=orientation)
    assert spreadsheet.sheet1.get("D1:F5") == expected


BOLD_BOXED = {"textFormat": {"bold": True}, "borders": {"top": SOLID}}
RIGHT = {"horizontalAlignment": "RIGHT"}


@pytest.mark.parametrize(
    ("paste_type", "value", "formula", "fmt"),
    [
        ("PASTE_NORMAL", 8, "=B1*2", BOLD_BOXED),
        ("PASTE_VALUES", 4, 4, RIGHT),
        ("PASTE_FORMAT", 3, 3, BOLD_BOXED),
        ("PASTE_NO_BORDERS", 8, "=B1*2", {"textFormat": {"bold": True}}),
        ("PASTE_FORMULA", 8, "=B1*2", RIGHT),
    ],
)
def test_copy_paste_types_bring_what_google_documents(spreadsheet, paste_type, value, formula, fmt):
    ws = spreadsheet.sheet1
    ws.update([[2, "=A1*2", 3]], "A1", value_input_option="USER_ENTERED")
    ws.format("B1", {"textFormat": {"bold": True}, "borders": {"top": {"style": "SOLID"}}})
    ws.format("C1", RIGHT)
    _copy(spreadsheet, "B1", "C1", paste_type)
    assert ws.get("C1", value_render_option="UNFORMATTED_VALUE") == [[value]]
    assert ws.get("C1", value_render_option="FORMULA") == [[formula]]
    assert _cells(spreadsheet, "C1", "userEnteredFormat") == [[{"userEnteredFormat": fmt}]]


def test_pasted_formulas_shift_relative_references_only(spreadsheet):
    ws = spreadsheet.sheet1
    formulas = [['=A1+$A$1+A$2+$B3+Sheet1!B2&"A1"', "=SUM(A1:B2)"]]
    ws.update(formulas, "C3", value_input_option="USER_ENTERED")
    _copy(spreadsheet, "C3:D3", "D5")
    shifted = [['=B3+$A$1+B$2+$B5+Sheet1!C4&"A1"', "=SUM(B3:C4)"]]
    assert ws.get("D5:E5", value_render_option="FORMULA") == shifted
    _copy(spreadsheet, "C3", "A1")  # references pushed off the grid become #REF!
    assert ws.get("A1", value_render_option="FORMULA") == [['=#REF!+$A$1+#REF!+$B1+#REF!&"A1"']]


def test_cut_paste_moves_values_formats_and_merges_and_leaves_the_source_empty(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["đầu", None], ["=A1", 5]], "A1", value_input_option="USER_ENTERED")
    ws.format("A1", {"textFormat": {"italic": True}})
    ws.merge_cells("A1:B1")
    ws.cut_range("A1:B2", "D4")
    assert ws.get("A1:B2") == [[]]
    assert ws.get("D4:E5", value_render_option="FORMULA") == [["đầu"], ["=A1", 5]]
    italic = {"userEnteredFormat": {"textFormat": {"italic": True}}}
    assert _cells(spreadsheet, "D4", "userEnteredFormat") == [[italic]]
    merges = spreadsheet.fetch_sheet_metadata(params={"fields": "sheets.merges"})["sheets"][0]
    merged = {"startRowIndex": 3, "endRowIndex": 4, "startColumnIndex": 3, "endColumnIndex": 5}
    assert merges == {"merges": [merged]}
