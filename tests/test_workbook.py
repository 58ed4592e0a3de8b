"""The one read's answer turned into tabs of values (sheets.workbook.parse_workbook)."""

from __future__ import annotations

import json

import pytest

from service.errors import SheetsError
from sheets.workbook import parse_workbook, rows_json, rows_values


def answer(*cells: dict) -> bytes:
    """Return the JSON of a spreadsheets.get answer with one tab holding one row of cells."""
    sheet = {
        "properties": {
            "sheetId": 7,
            "title": "Câu trả lời biểu mẫu 1",
            "index": 2,
            "gridProperties": {"rowCount": 10, "columnCount": 4},
        },
        "protectedRanges": [{"protectedRangeId": 3, "description": "x"}],
        "data": [{"rowData": [{"values": list(cells)}, {}]}],
    }
    body = {"properties": {"title": "Báo cáo", "locale": "vi_VN", "timeZone": "Asia/Bangkok"}}
    body["sheets"] = [sheet, {"properties": {"title": "Trống"}}]
    return json.dumps(body, ensure_ascii=False).encode()


def test_values_come_back_typed_with_empty_cells_as_none_and_errors_as_text():
    workbook = parse_workbook(
        "id",
        answer(
            {"effectiveValue": {"numberValue": 46000}},
            {},
            {"effectiveValue": {"stringValue": '=HYPERLINK("x")'}},
            {"effectiveValue": {"boolValue": False}},
            {"effectiveValue": {"errorValue": {"type": "REF", "message": "?"}}},
            {"effectiveValue": {"numberValue": 2.5}},
        ),
    )
    tab = workbook.tabs[0]
    assert tab.values == [[46000.0, None, '=HYPERLINK("x")', False, "#REF", 2.5], []]
    assert type(tab.values[0][0]) is float  # an integer in JSON is still a number of the sheet
    assert (tab.sheet_id, tab.title, tab.index, tab.row_count, tab.column_count) == (
        7,
        "Câu trả lời biểu mẫu 1",
        2,
        10,
        4,
    )
    assert tab.protections == [{"protectedRangeId": 3, "description": "x"}]
    assert (workbook.title, workbook.locale, workbook.time_zone) == (
        "Báo cáo",
        "vi_VN",
        "Asia/Bangkok",
    )
    empty = workbook.tabs[1]
    assert (empty.title, empty.values, empty.protections) == ("Trống", [], [])


def test_rows_decoded_from_their_spans_hold_the_values_of_the_tab():
    # The sync decodes the responses in chunks of rows (rows_values), not through values.
    cells = [
        {"effectiveValue": {"numberValue": 0}},
        {"effectiveValue": {"stringValue": ""}},
        {},
        {"effectiveValue": {"boolValue": True}},
        {"effectiveValue": {"boolValue": False}},
        {"effectiveValue": {"errorValue": {"type": "DIV_ZERO"}}},
        {"effectiveValue": {}},
        {"effectiveValue": {"stringValue": "Xã Dương Quang"}},
        {"effectiveValue": {"numberValue": 46000.25}},
    ]
    tab = parse_workbook("id", answer(*cells)).tabs[0]
    decoded = rows_values(rows_json(tab.row_spans()))  # before values: they free the spans
    expected = [[0.0, "", None, True, False, "#DIV_ZERO", None, "Xã Dương Quang", 46000.25], []]
    assert decoded == tab.values == expected
    assert [type(v) for v in decoded[0]] == [type(v) for v in expected[0]]  # 0.0, not False


@pytest.mark.parametrize(
    "body",
    [b"<html>502</html>", b'{"sheets": [{"data": [{"rowData": [{"values": 3}]}]}]}'],
    ids=["not JSON", "wrong shape"],
)
def test_an_unreadable_answer_is_a_sheets_error_with_a_vietnamese_message(body):
    # A tab's cells are decoded when first used: a malformed grid fails there.
    with pytest.raises(SheetsError) as caught:
        [tab.values for tab in parse_workbook("id", body).tabs]
    assert "không đọc được" in caught.value.user_message
