"""batchUpdate on rows and columns, through gspread over HTTP.

insertDimension, deleteDimension, appendDimension, updateDimensionProperties,
autoResizeDimensions and row/column groups.
"""

from __future__ import annotations

import gspread
import pytest


def _batch(spreadsheet: gspread.Spreadsheet, *requests: dict) -> list[dict]:
    return spreadsheet.batch_update({"requests": list(requests)})["replies"]


def _refused(spreadsheet: gspread.Spreadsheet, *requests: dict) -> str:
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.batch_update({"requests": list(requests)})
    assert excinfo.value.response.status_code == 400
    return excinfo.value.response.json()["error"]["message"]


def _span(dimension: str, start: int, end: int, sheet_id: int = 0) -> dict:
    return {"sheetId": sheet_id, "dimension": dimension, "startIndex": start, "endIndex": end}


def _rows(start: int, end: int) -> dict:
    return {"startRowIndex": start, "endRowIndex": end}


def _box(rows: tuple[int, int], cols: tuple[int, int]) -> dict:
    """Return a GridRange of Sheet1 as Google prints it."""
    return {**_rows(*rows), "startColumnIndex": cols[0], "endColumnIndex": cols[1]}


def _insert(dimension: str, start: int, end: int, **options: object) -> dict:
    return {"insertDimension": {"range": _span(dimension, start, end), **options}}


def _delete(dimension: str, start: int, end: int) -> dict:
    return {"deleteDimension": {"range": _span(dimension, start, end)}}


def _anchored(spreadsheet: gspread.Spreadsheet) -> dict:
    """Return the merges, named ranges, protected ranges and filter of Sheet1."""
    sheet = "merges,protectedRanges.range,basicFilter.range"
    data = spreadsheet.fetch_sheet_metadata(
        params={"fields": f"namedRanges(name,range),sheets({sheet})"}
    )
    return {**data["sheets"][0], "namedRanges": data.get("namedRanges", [])}


@pytest.fixture
def anchored(spreadsheet):
    """Sheet1 with values in A1:A4 and a merge, named range, protection and filter on rows 2-3."""
    ws = spreadsheet.sheet1
    ws.update([["r1"], ["r2"], ["r3"], ["r4"]], "A1")
    rows = {"sheetId": 0, **_rows(1, 3)}
    _batch(
        spreadsheet,
        {"mergeCells": {"range": {**rows, "startColumnIndex": 1, "endColumnIndex": 3}}},
        {"addNamedRange": {"namedRange": {"name": "giua", "range": rows}}},
        {"addProtectedRange": {"protectedRange": {"range": rows, "warningOnly": True}}},
        {
            "setBasicFilter": {
                "filter": {"range": {**rows, "startColumnIndex": 0, "endColumnIndex": 2}}
            }
        },
    )
    return ws


@pytest.mark.parametrize(
    ("request_", "values", "first", "last"),
    [
        (_insert("ROWS", 0, 2), ["", "", "r1", "r2", "r3", "r4"], 3, 5),
        (_insert("ROWS", 2, 3), ["r1", "r2", "", "r3", "r4"], 1, 4),  # inside: they grow
        (_insert("ROWS", 3, 4), ["r1", "r2", "r3", "", "r4"], 1, 3),
        (_delete("ROWS", 0, 1), ["r2", "r3", "r4"], 0, 2),
        (_delete("ROWS", 2, 3), ["r1", "r2", "r4"], 1, 2),  # inside: they shrink
        (
            {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 5}},
            ["r1", "r2", "r3", "r4"],
            1,
            3,
        ),
    ],
)
def test_rows_carry_their_cells_merges_and_ranges_when_others_come_and_go(
    spreadsheet, anchored, request_, values, first, last
):
    _batch(spreadsheet, request_)
    assert [row[0] if row else "" for row in anchored.get("A1:A6")] == values
    moved = _rows(first, last)
    assert _anchored(spreadsheet) == {
        "merges": [{**moved, "startColumnIndex": 1, "endColumnIndex": 3}]
        if last - first > 0
        else [],
        "namedRanges": [{"name": "giua", "range": moved}],
        "protectedRanges": [{"range": moved}],
        "basicFilter": {"range": {**moved, "startColumnIndex": 0, "endColumnIndex": 2}},
    }


def test_deleting_every_row_a_range_covers_drops_it(spreadsheet, anchored):
    _batch(spreadsheet, {"deleteDimension": {"range": _span("ROWS", 1, 3)}})
    assert _anchored(spreadsheet) == {"namedRanges": []}
    assert anchored.get("A1:A3") == [["r1"], ["r4"]]


def test_columns_move_cells_merges_and_filter_settings(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["a", "b", "c", "d"]], "A1")
    ws.merge_cells("C2:D2")
    ws.set_basic_filter("A1:D3")
    spec = {"columnIndex": 2, "filterCriteria": {"hiddenValues": ["c"]}}
    _batch(
        spreadsheet,
        {
            "setBasicFilter": {
                "filter": {
                    "range": gspread.utils.a1_range_to_grid_range("A1:D3"),
                    "filterSpecs": [spec],
                }
            }
        },
    )
    _batch(spreadsheet, {"insertDimension": {"range": _span("COLUMNS", 1, 2)}})
    assert ws.get("A1:E1") == [["a", "", "b", "c", "d"]]
    sheet = spreadsheet.fetch_sheet_metadata(params={"fields": "sheets(merges,basicFilter)"})[
        "sheets"
    ][0]
    assert sheet["merges"] == [
        {"startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 3, "endColumnIndex": 5}
    ]
    assert sheet["basicFilter"] == {
        "range": {"startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 0, "endColumnIndex": 5},
        "filterSpecs": [{**spec, "columnIndex": 3}],
    }
    ws.delete_columns(4)  # the filtered column goes, and its setting with it
    sheet = spreadsheet.fetch_sheet_metadata(params={"fields": "sheets.basicFilter"})["sheets"][0]
    assert sheet == {"basicFilter": {"range": _box((0, 3), (0, 4)), "filterSpecs": []}}


@pytest.mark.parametrize(("before", "inherited"), [(True, "bold"), (False, "italic")])
def test_inserted_rows_take_the_formats_not_the_values_of_one_side(spreadsheet, before, inherited):
    ws = spreadsheet.sheet1
    ws.update([["trên"], ["dưới"]], "A1")
    ws.format("A1", {"textFormat": {"bold": True}})
    ws.format("A2", {"textFormat": {"italic": True}})
    _batch(
        spreadsheet,
        {"insertDimension": {"range": _span("ROWS", 1, 3), "inheritFromBefore": before}},
    )
    assert ws.get("A1:A4") == [["trên"], [], [], ["dưới"]]
    data = spreadsheet.fetch_sheet_metadata(
        params={"ranges": "A2:A3", "fields": "sheets.data.rowData.values.userEnteredFormat"}
    )
    assert (
        data["sheets"][0]["data"][0]["rowData"]
        == [{"values": [{"userEnteredFormat": {"textFormat": {inherited: True}}}]}] * 2
    )


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (_delete("ROWS", 0, 1000), "You can't delete all the rows on the sheet."),
        (_delete("COLUMNS", 0, 26), "You can't delete all the columns on the sheet."),
        (_delete("ROWS", 2, 1000), "Sorry, it is not possible to delete all non-frozen rows."),
        (
            _insert("ROWS", 0, 1, inheritFromBefore=True),
            "Cannot inherit properties from before the first row or column.",
        ),
        (
            {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 0}},
            "length must be greater than 0.",
        ),
    ],
)
def test_dimension_changes_google_refuses(spreadsheet, request_, message):
    spreadsheet.sheet1.freeze(rows=2)
    kind = next(iter(request_))
    assert _refused(spreadsheet, request_) == f"Invalid requests[0].{kind}: {message}"


def test_append_dimension_grows_the_grid(spreadsheet):
    _batch(spreadsheet, {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 4}})
    props = spreadsheet.fetch_sheet_metadata()["sheets"][0]["properties"]
    assert props["gridProperties"] == {"rowCount": 1000, "columnCount": 30}


# -- sizes, hiding, auto-resizing ------------------------------------------------------


def _metadata(spreadsheet: gspread.Spreadsheet, a1: str) -> dict:
    data = spreadsheet.fetch_sheet_metadata(
        params={"ranges": a1, "fields": "sheets.data(rowMetadata,columnMetadata)"}
    )
    return data["sheets"][0]["data"][0]


def test_pixel_sizes_and_hidden_rows_and_columns_read_back(spreadsheet):
    _batch(
        spreadsheet,
        {
            "updateDimensionProperties": {
                "range": _span("COLUMNS", 0, 2),
                "properties": {"pixelSize": 250, "hiddenByUser": True},
                "fields": "pixelSize",
            }
        },
        {
            "updateDimensionProperties": {
                "range": _span("ROWS", 1, 2),
                "properties": {"pixelSize": 40},
                "fields": "pixelSize",
            }
        },
    )
    spreadsheet.sheet1.hide_columns(2, 3)
    assert _metadata(spreadsheet, "A1:D3") == {
        "rowMetadata": [{"pixelSize": 21}, {"pixelSize": 40}, {"pixelSize": 21}],
        "columnMetadata": [
            {"pixelSize": 250},
            {"pixelSize": 250},
            {"pixelSize": 100, "hiddenByUser": True},
            {"pixelSize": 100},
        ],
    }
    spreadsheet.sheet1.unhide_columns(2, 3)
    assert _metadata(spreadsheet, "C1")["columnMetadata"] == [{"pixelSize": 100}]


@pytest.mark.parametrize(
    ("at", "before", "sizes"),
    [(0, False, [220, 220, 100]), (1, False, [220, 100, 100]), (1, True, [220, 220, 100])],
)
def test_inserted_columns_take_the_size_of_one_side_and_push_the_rest(
    spreadsheet, at, before, sizes
):
    _batch(
        spreadsheet,
        {
            "updateDimensionProperties": {
                "range": _span("COLUMNS", 0, 1),
                "properties": {"pixelSize": 220},
                "fields": "pixelSize",
            }
        },
        {"insertDimension": {"range": _span("COLUMNS", at, at + 1), "inheritFromBefore": before}},
    )
    assert _metadata(spreadsheet, "A1:C1")["columnMetadata"] == [{"pixelSize": n} for n in sizes]


def test_auto_resize_fits_the_recorded_column_of_1024_capitals(spreadsheet):
    """Google answered 8691 px for this column (WorksheetTest.test_auto_resize_columns)."""
    ws = spreadsheet.sheet1
    ws.update([["A" * 1024]], "A1")
    ws.columns_auto_resize(0, 1)
    assert _metadata(spreadsheet, "A1:B1")["columnMetadata"] == [
        {"pixelSize": 8691},
        {"pixelSize": 100},
    ]


# -- groups ------------------------------------------------------------------------------


def _groups(reply: dict) -> list[tuple[int, int, int]]:
    return [
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in reply.get("dimensionGroups", [])
    ]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # the reference's three examples, columns B=1 ... E=4
        ((2, 4), (1, 5), [(1, 5, 1), (2, 4, 2)]),  # [C:D] + [B:E]
        ((1, 5), (2, 4), [(1, 5, 1), (2, 4, 2)]),  # [B:E] + [C:D]
        ((1, 4), (2, 5), [(1, 5, 1), (2, 4, 2)]),  # [B:D] + [C:E]
    ],
)
def test_adding_overlapping_groups_nests_them_as_documented(spreadsheet, first, second, expected):
    _batch(spreadsheet, {"addDimensionGroup": {"range": _span("COLUMNS", *first)}})
    reply = _batch(spreadsheet, {"addDimensionGroup": {"range": _span("COLUMNS", *second)}})[0]
    assert _groups(reply["addDimensionGroup"]) == expected
    assert [
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in spreadsheet.sheet1.list_dimension_group_columns()
    ] == expected


def test_deleting_a_group_lowers_the_depth_of_its_range_as_documented(spreadsheet):
    _batch(
        spreadsheet,
        {"addDimensionGroup": {"range": _span("COLUMNS", 1, 5)}},
        {"addDimensionGroup": {"range": _span("COLUMNS", 2, 4)}},
    )
    reply = _batch(spreadsheet, {"deleteDimensionGroup": {"range": _span("COLUMNS", 3, 5)}})[0]
    assert _groups(reply["deleteDimensionGroup"]) == [(1, 4, 1), (2, 3, 2)]  # B:D and C:C


def test_row_groups_reply_in_googles_recorded_shape_and_delete_to_nothing(spreadsheet):
    reply = spreadsheet.sheet1.add_dimension_group_rows(0, 2)
    assert reply["replies"] == [
        {
            "addDimensionGroup": {
                "dimensionGroups": [
                    {"range": {"dimension": "ROWS", "startIndex": 0, "endIndex": 2}, "depth": 1}
                ]
            }
        }
    ]
    reply = spreadsheet.sheet1.delete_dimension_group_rows(0, 2)
    assert reply["replies"] == [{"deleteDimensionGroup": {}}]
    message = _refused(spreadsheet, {"deleteDimensionGroup": {"range": _span("ROWS", 0, 2)}})
    assert message.startswith("Invalid requests[0].deleteDimensionGroup: ")
