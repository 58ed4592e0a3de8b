"""batchUpdate on ranges of a sheet, through gspread over HTTP.

mergeCells and unmergeCells, named ranges, protected ranges and the basic filter.
"""

from __future__ import annotations

import gspread
import pytest

TOP_ROW = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}


def _batch(spreadsheet: gspread.Spreadsheet, *requests: dict) -> list[dict]:
    return spreadsheet.batch_update({"requests": list(requests)})["replies"]


def _refused(spreadsheet: gspread.Spreadsheet, *requests: dict) -> str:
    """Send a batchUpdate that must fail with a 400 and return Google's message."""
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.batch_update({"requests": list(requests)})
    error = excinfo.value.response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    return error["message"]


def _sheet(spreadsheet: gspread.Spreadsheet, fields: str) -> dict:
    return spreadsheet.fetch_sheet_metadata(params={"fields": f"sheets({fields})"})["sheets"][0]


def _grid(a1: str, sheet_id: int = 0) -> dict:
    return gspread.utils.a1_range_to_grid_range(a1, sheet_id)


def _printed(a1: str, sheet_id: int = 0) -> dict:
    """Return a GridRange as Google prints it: a sheetId of 0 is left out."""
    grid = _grid(a1, sheet_id)
    return grid if sheet_id else {k: v for k, v in grid.items() if k != "sheetId"}


# -- merges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("merge_type", "merges", "values"),
    [
        ("MERGE_ALL", ["A1:C2"], [["a"]]),
        ("MERGE_COLUMNS", ["A1:A2", "B1:B2", "C1:C2"], [["a", "b", "c"]]),
        ("MERGE_ROWS", ["A1:C1", "A2:C2"], [["a"], ["d"]]),
    ],
)
def test_merging_keeps_only_each_top_left_value(spreadsheet, merge_type, merges, values):
    ws = spreadsheet.sheet1
    ws.update([["a", "b", "c"], ["d", "e", "f"]], "A1")
    ws.format("B2", {"textFormat": {"bold": True}})
    ws.merge_cells("A1:C2", merge_type)
    assert _sheet(spreadsheet, "merges")["merges"] == [_printed(m) for m in merges]
    assert ws.get("A1:C2") == values
    fmt = spreadsheet.fetch_sheet_metadata(
        params={"ranges": "B2", "fields": "sheets.data.rowData.values.userEnteredFormat"}
    )
    assert fmt["sheets"][0]["data"][0]["rowData"] == [
        {"values": [{"userEnteredFormat": {"textFormat": {"bold": True}}}]}
    ]


def test_merges_on_other_sheets_carry_the_sheet_id(spreadsheet):
    ws = spreadsheet.add_worksheet("Hai", rows=5, cols=5)
    ws.merge_cells("A1:B1")
    sheets = spreadsheet.fetch_sheet_metadata(params={"fields": "sheets.merges"})["sheets"]
    assert sheets == [{}, {"merges": [_printed("A1:B1", ws.id)]}]


def test_merging_over_merges_inside_replaces_them_but_partial_overlap_is_refused(spreadsheet):
    ws = spreadsheet.sheet1
    ws.merge_cells("A1:B1")
    ws.merge_cells("A1:C3")
    assert _sheet(spreadsheet, "merges")["merges"] == [_printed("A1:C3")]
    message = _refused(
        spreadsheet, {"mergeCells": {"range": _grid("C3:D4"), "mergeType": "MERGE_ALL"}}
    )
    assert (
        message
        == "Invalid requests[0].mergeCells: You can't merge cells that are partially merged."
    )


def test_unmerging_a_range_unmerges_every_merge_inside_it(spreadsheet):
    ws = spreadsheet.sheet1
    ws.merge_cells("A1:B1")
    ws.merge_cells("A3:B4")
    ws.merge_cells("D1:E1")
    ws.unmerge_cells("A1:B4")
    assert _sheet(spreadsheet, "merges")["merges"] == [_printed("D1:E1")]
    message = _refused(spreadsheet, {"unmergeCells": {"range": _grid("D1")}})
    assert message.startswith("Invalid requests[0].unmergeCells: ")


# -- named ranges --------------------------------------------------------------------


def test_named_ranges_get_decimal_string_ids_and_read_values(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["Đơn vị", "Số tin"], ["Sông Cầu", 3]], "A1")
    reply = _batch(
        spreadsheet,
        {"addNamedRange": {"namedRange": {"name": "Bang_tin", "range": _grid("A1:B2")}}},
    )
    named = reply[0]["addNamedRange"]["namedRange"]
    assert named == {
        "namedRangeId": named["namedRangeId"],
        "name": "Bang_tin",
        "range": {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2},
    }
    assert named["namedRangeId"].isdecimal()
    assert spreadsheet.values_get("Bang_tin")["values"] == [["Đơn vị", "Số tin"], ["Sông Cầu", "3"]]
    assert spreadsheet.fetch_sheet_metadata(params={"fields": "namedRanges"}) == {
        "namedRanges": [named]
    }


@pytest.mark.parametrize("name", ["Đơn_vị", "_tong", "Q1_2026", "năm.2026"])
def test_named_range_names_may_use_letters_of_any_script(spreadsheet, name):
    reply = _batch(spreadsheet, {"addNamedRange": {"namedRange": {"name": name, "range": TOP_ROW}}})
    assert reply[0]["addNamedRange"]["namedRange"]["range"] == {
        "startRowIndex": 0,
        "endRowIndex": 1,
    }


@pytest.mark.parametrize(
    "name", ["", "A1", "R1C1", "1abc", "Số tin", "TRUE", "false", "a-b", "x" * 251]
)
def test_named_range_names_google_refuses(spreadsheet, name):
    message = _refused(
        spreadsheet, {"addNamedRange": {"namedRange": {"name": name, "range": TOP_ROW}}}
    )
    assert message == f"Invalid requests[0].addNamedRange: The name '{name}' is not a valid name."


def test_named_range_names_are_unique_ignoring_case(spreadsheet):
    _batch(spreadsheet, {"addNamedRange": {"namedRange": {"name": "Tong", "range": TOP_ROW}}})
    message = _refused(
        spreadsheet, {"addNamedRange": {"namedRange": {"name": "TONG", "range": TOP_ROW}}}
    )
    assert (
        message == 'Invalid requests[0].addNamedRange: Named range with name "TONG" already exists.'
    )


def test_update_named_range_renames_and_moves_only_what_is_masked(spreadsheet):
    reply = _batch(
        spreadsheet, {"addNamedRange": {"namedRange": {"name": "cu", "range": _grid("A1:A2")}}}
    )
    nid = reply[0]["addNamedRange"]["namedRange"]["namedRangeId"]
    _batch(
        spreadsheet,
        {
            "updateNamedRange": {
                "namedRange": {"namedRangeId": nid, "name": "moi", "range": _grid("C1")},
                "fields": "name",
            }
        },
    )
    _batch(
        spreadsheet,
        {
            "updateNamedRange": {
                "namedRange": {"namedRangeId": nid, "range": _grid("B2:C3")},
                "fields": "range",
            }
        },
    )
    named = spreadsheet.fetch_sheet_metadata(params={"fields": "namedRanges"})["namedRanges"]
    assert named == [{"namedRangeId": nid, "name": "moi", "range": _printed("B2:C3")}]


@pytest.mark.parametrize(
    "request_",
    [
        {
            "updateNamedRange": {
                "namedRange": {"namedRangeId": "123", "name": "x"},
                "fields": "name",
            }
        },
        {"deleteNamedRange": {"namedRangeId": "123"}},
    ],
)
def test_unknown_named_range_ids_are_refused_with_googles_words(spreadsheet, request_):
    kind = next(iter(request_))
    assert (
        _refused(spreadsheet, request_) == f"Invalid requests[0].{kind}: No NamedRange with id: 123"
    )


def test_deleted_named_ranges_no_longer_resolve(spreadsheet):
    reply = _batch(
        spreadsheet, {"addNamedRange": {"namedRange": {"name": "tam", "range": TOP_ROW}}}
    )
    spreadsheet.sheet1.delete_named_range(reply[0]["addNamedRange"]["namedRange"]["namedRangeId"])
    assert "namedRanges" not in spreadsheet.fetch_sheet_metadata()
    with pytest.raises(gspread.exceptions.APIError, match="Unable to parse range: tam"):
        spreadsheet.values_get("tam")


# -- protected ranges ----------------------------------------------------------------


def test_a_normal_protection_replies_empty_editors_and_lists_the_owner_when_read(spreadsheet):
    """The shapes Google answered gspread's add_protected_range (recorded in 2023)."""
    reply = spreadsheet.sheet1.add_protected_range("A1:B2")
    protected = reply["replies"][0]["addProtectedRange"]["protectedRange"]
    rng = {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2}
    assert protected == {
        "protectedRangeId": protected["protectedRangeId"],
        "range": rng,
        "requestingUserCanEdit": True,
        "editors": {},
    }
    listed = _sheet(spreadsheet, "protectedRanges")["protectedRanges"]
    assert listed == [{**protected, "editors": {"users": [listed[0]["editors"]["users"][0]]}}]
    assert listed[0]["editors"]["users"][0].endswith(".iam.gserviceaccount.com")


@pytest.mark.parametrize("editors", [None, {"users": ["can-bo@ubnd.gov.vn"], "groups": []}])
def test_a_warning_only_protection_has_no_editors_even_if_some_are_sent(spreadsheet, editors):
    body = {"range": _grid("A1:C1"), "description": "Dòng tiêu đề", "warningOnly": True}
    if editors:
        body["editors"] = editors
    reply = _batch(spreadsheet, {"addProtectedRange": {"protectedRange": body}})
    protected = reply[0]["addProtectedRange"]["protectedRange"]
    assert protected == {
        "protectedRangeId": protected["protectedRangeId"],
        "range": {"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 3},
        "description": "Dòng tiêu đề",
        "warningOnly": True,
        "requestingUserCanEdit": True,
    }
    assert _sheet(spreadsheet, "protectedRanges")["protectedRanges"] == [protected]


def test_update_and_delete_protected_range(spreadsheet):
    reply = _batch(
        spreadsheet,
        {"addProtectedRange": {"protectedRange": {"range": TOP_ROW, "warningOnly": True}}},
    )
    pid = reply[0]["addProtectedRange"]["protectedRange"]["protectedRangeId"]
    _batch(
        spreadsheet,
        {
            "updateProtectedRange": {
                "protectedRange": {
                    "protectedRangeId": pid,
                    "description": "Khoá",
                    "range": _grid("A1:A5"),
                },
                "fields": "description",
            }
        },
    )
    listed = _sheet(spreadsheet, "protectedRanges")["protectedRanges"]
    assert listed == [
        {
            "protectedRangeId": pid,
            "range": {"startRowIndex": 0, "endRowIndex": 1},
            "description": "Khoá",
            "warningOnly": True,
            "requestingUserCanEdit": True,
        }
    ]
    spreadsheet.sheet1.delete_protected_range(pid)
    assert _sheet(spreadsheet, "protectedRanges") == {}
    message = _refused(spreadsheet, {"deleteProtectedRange": {"protectedRangeId": pid}})
    assert message == f"Invalid requests[0].deleteProtectedRange: No ProtectedRange with id: {pid}"


# -- basic filter --------------------------------------------------------------------


def test_a_basic_filter_is_closed_against_the_grid_and_cleared(spreadsheet):
    """gspread's set_basic_filter() sends an open range; Google answered a closed one."""
    ws = spreadsheet.sheet1
    ws.resize(20, 20)
    ws.set_basic_filter()
    whole = {"startRowIndex": 0, "endRowIndex": 20, "startColumnIndex": 0, "endColumnIndex": 20}
    assert _sheet(spreadsheet, "basicFilter") == {"basicFilter": {"range": whole}}
    ws.set_basic_filter("B1:C2")
    assert _sheet(spreadsheet, "basicFilter")["basicFilter"]["range"] == _printed("B1:C2")
    ws.clear_basic_filter()
    assert _sheet(spreadsheet, "basicFilter") == {}
