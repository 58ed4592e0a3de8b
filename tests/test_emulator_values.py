"""The values API through gspread over HTTP: ranges, input and render options, append."""

from __future__ import annotations

import gspread
import pytest


def _error(excinfo: pytest.ExceptionInfo[gspread.exceptions.APIError]) -> dict:
    """Return Google's error object from a gspread APIError."""
    return excinfo.value.response.json()["error"]


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Phụ lục 3 - 10/2026", "'Phụ lục 3 - 10/2026'"),
        ("Câu trả lời biểu mẫu 1", "'Câu trả lời biểu mẫu 1'"),
        ("Đơn vị", "'Đơn vị'"),
        ("Kiểm tra", "'Kiểm tra'"),
        ("Nhà's tab", "'Nhà''s tab'"),
        ("D3", "'D3'"),
        ("Sheet_2", "Sheet_2"),
    ],
)
def test_vietnamese_and_awkward_sheet_names_round_trip(spreadsheet, title, quoted):
    ws = spreadsheet.add_worksheet(title, rows=10, cols=5)
    ws.update([["Đơn vị", "Số tin, ảnh"], ["Phường Sông Cầu", 3]], "A1")
    assert ws.get_all_values() == [["Đơn vị", "Số tin, ảnh"], ["Phường Sông Cầu", "3"]]
    got = spreadsheet.values_get(f"{quoted}!A1:B2")
    assert got["range"] == f"{quoted}!A1:B2"
    assert spreadsheet.values_get(quoted)["range"] == f"{quoted}!A1:E10"


def test_raw_formula_text_stays_text(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["=1+1", '=HYPERLINK("http://x")', "<b>đậm</b>"]], "A1", value_input_option="RAW")
    assert ws.get("A1:C1") == [["=1+1", '=HYPERLINK("http://x")', "<b>đậm</b>"]]
    assert ws.get("A1", value_render_option="FORMULA") == [["=1+1"]]
    assert ws.get("A1", value_render_option="UNFORMATTED_VALUE") == [["=1+1"]]


def test_user_entered_formula_is_evaluated_and_kept(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([[2, 3, "=A1*B1+1"]], "A1", value_input_option="USER_ENTERED")
    assert ws.get("C1") == [["7"]]
    assert ws.get("C1", value_render_option="FORMULA") == [["=A1*B1+1"]]
    assert ws.get("C1", value_render_option="UNFORMATTED_VALUE") == [[7]]


def test_recorded_render_options_of_dates_and_formulas(spreadsheet):
    """The exact answers Google gave gspread's test suite (recorded in 2023)."""
    ws = spreadsheet.sheet1
    ws.resize(rows=2, cols=4)
    ws.update(
        [["=4/2", "2020-01-01", "string", 53], ["=3/2", 0.12, "1999-01-02", ""]],
        "A1:D2",
        value_input_option="USER_ENTERED",
    )
    serial = spreadsheet.values_get(
        "Sheet1",
        params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"},
    )
    assert serial["values"] == [[2, 43831, "string", 53], [1.5, 0.12, 36162]]
    text = spreadsheet.values_get(
        "Sheet1",
        params={
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "FORMATTED_STRING",
        },
    )
    assert text["values"] == [[2, "2020-01-01", "string", 53], [1.5, 0.12, "1999-01-02"]]
    formatted = spreadsheet.values_get("Sheet1")
    assert formatted["values"] == [
        ["2", "2020-01-01", "string", "53"],
        ["1.5", "0.12", "1999-01-02"],
    ]


def test_user_entered_follows_the_spreadsheet_locale(spreadsheet):
    spreadsheet.batch_update(
        {
            "requests": [
                {
                    "updateSpreadsheetProperties": {
                        "properties": {"locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"},
                        "fields": "locale,timeZone",
                    }
                }
            ]
        }
    )
    ws = spreadsheet.sheet1
    ws.update(
        [["1,5", "10/11/2026", "0042", "TRUE", "10/11/2026 14:05:09"]],
        "A1",
        value_input_option="USER_ENTERED",
    )
    values = ws.get("A1:E1", value_render_option="UNFORMATTED_VALUE")[0]
    assert values[0] == 1.5
    assert values[1] == 46336  # 10 November 2026: day first in vi_VN
    assert values[2] == 42
    assert values[3] is True
    assert values[4] == pytest.approx(46336 + (14 * 3600 + 5 * 60 + 9) / 86400)
    assert ws.get("A1:B1") == [["1,5", "10/11/2026"]]


def test_major_dimension_columns_for_reading_and_writing(spreadsheet):
    ws = spreadsheet.sheet1
    spreadsheet.values_update(
        "Sheet1!A1",
        params={"valueInputOption": "RAW"},
        body={"majorDimension": "COLUMNS", "values": [["a", "b"], ["c", "d", "e"]]},
    )
    assert ws.get_all_values() == [["a", "c"], ["b", "d"], ["", "e"]]
    got = spreadsheet.values_get("Sheet1!A1:B3", params={"majorDimension": "COLUMNS"})
    assert got == {
        "range": "Sheet1!A1:B3",
        "majorDimension": "COLUMNS",
        "values": [["a", "b"], ["c", "d", "e"]],
    }


def test_trailing_empty_cells_and_rows_are_trimmed(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["A1", "", "C1", ""], ["", "", "", ""], ["A3"], ["", ""]], "A1")
    got = spreadsheet.values_get("Sheet1!A1:D4")
    assert got["values"] == [["A1", "", "C1"], [], ["A3"]]
    empty = spreadsheet.values_get("Sheet1!F10:G12")
    assert empty == {"range": "Sheet1!F10:G12", "majorDimension": "ROWS"}


@pytest.mark.parametrize(
    ("asked", "normalised"),
    [
        ("Sheet1", "Sheet1!A1:Z1000"),
        ("'Sheet1'", "Sheet1!A1:Z1000"),
        ("Sheet1!A:C", "Sheet1!A1:C1000"),
        ("Sheet1!2:5", "Sheet1!A2:Z5"),
        ("Sheet1!A5:C", "Sheet1!A5:C1000"),
        ("Sheet1!A1:1", "Sheet1!A1:Z1"),
        ("Sheet1!D4:A1", "Sheet1!A1:D4"),
        ("Sheet1!$B$2", "Sheet1!B2"),
        ("Sheet1!B2:B2", "Sheet1!B2"),
        ("A1:B2", "Sheet1!A1:B2"),
        ("Sheet1!R2C3:R4C5", "Sheet1!C2:E4"),
    ],
)
def test_ranges_are_normalised_like_google(spreadsheet, asked, normalised):
    assert spreadsheet.values_get(asked)["range"] == normalised


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("Nope!A1", "Unable to parse range: Nope!A1"),
        ("'Sheet1'!A1:", "Unable to parse range: 'Sheet1'!A1:"),
        ("Sheet1!A0", "Unable to parse range: Sheet1!A0"),
        (
            "Sheet1!A1:A1001",
            "Range (Sheet1!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
        ),
        ("Sheet1!AA1", "Range (Sheet1!AA1) exceeds grid limits. Max rows: 1000, max columns: 26"),
    ],
)
def test_bad_ranges_get_googles_400(spreadsheet, asked, message):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_get(asked)
    assert _error(excinfo) == {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}


def test_update_counts_and_range_follow_the_values_sent(spreadsheet):
    """Recorded: nulls are not counted, the updated range is the data's extent."""
    reply = spreadsheet.values_update(
        "Sheet1!A1:D2",
        params={"valueInputOption": "RAW"},
        body={"values": [["A1", "B1"], [1, 2, 3, 4]]},
    )
    assert reply["updatedRange"] == "Sheet1!A1:D2"
    assert (reply["updatedRows"], reply["updatedColumns"], reply["updatedCells"]) == (2, 4, 6)
    reply = spreadsheet.values_update(
        "Sheet1!A1:B2", params={"valueInputOption": "RAW"}, body={"values": [[None, "x"]]}
    )
    assert reply["updatedRange"] == "Sheet1!A1:B1"
    assert reply["updatedCells"] == 1


def test_writing_beyond_the_given_range_is_refused(spreadsheet):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_update(
            "Sheet1!A1:B2", params={"valueInputOption": "RAW"}, body={"values": [[1], [2], [3]]}
        )
    assert _error(excinfo)["message"] == (
        "Requested writing within range [Sheet1!A1:B2], but tried writing to row [3]"
    )


def test_writes_need_a_value_input_option(spreadsheet):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_update("Sheet1!A1", params={}, body={"values": [[1]]})
    assert _error(excinfo)["message"] == "'valueInputOption' is required but not specified"


def test_an_invalid_enum_parameter_is_a_field_violation(spreadsheet):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_get("Sheet1!A1", params={"valueRenderOption": "PRETTY"})
    error = _error(excinfo)
    assert error["code"] == 400
    assert error["message"] == (
        "Invalid value at 'value_render_option' "
        '(type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "PRETTY"'
    )
    assert error["details"][0]["fieldViolations"][0]["field"] == "value_render_option"


def test_an_unknown_query_parameter_is_refused(spreadsheet):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_get("Sheet1!A1", params={"valueRender": "FORMULA"})
    assert _error(excinfo)["message"] == (
        'Invalid JSON payload received. Unknown name "valueRender": Cannot bind query parameter. '
        "Field 'valueRender' could not be found in request message."
    )


def test_values_as_a_string_get_googles_list_value_error(spreadsheet):
    """Recorded from Google: PUT with ``"values": "X"``."""
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.values_update(
            "'Sheet1'!A1", params={"valueInputOption": "RAW"}, body={"values": "X"}
        )
    error = _error(excinfo)
    description = (
        "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), \"X\""
    )
    assert error["message"] == description
    assert error["details"] == [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": "data.values", "description": description}],
        }
    ]


def test_append_finds_the_table_and_writes_below_it(spreadsheet):
    ws = spreadsheet.sheet1
    first = ws.append_row(["Dấu thời gian", "Đơn vị báo cáo"])
    assert "tableRange" not in first
    assert first["updates"]["updatedRange"] == "Sheet1!A1:B1"
    second = ws.append_row(["10/11/2026 08:00:00", "Phường Sông Cầu"])
    assert second["tableRange"] == "Sheet1!A1:B1"
    assert second["updates"]["updatedRange"] == "Sheet1!A2:B2"
    assert ws.get_all_values()[1] == ["10/11/2026 08:00:00", "Phường Sông Cầu"]


def test_append_stops_at_a_blank_row_like_google(spreadsheet):
    """A blank row ends the table, so Google appends into the gap, not at the end."""
    ws = spreadsheet.sheet1
    ws.update([["h1", "h2"], ["a", "b"], ["", ""], ["c", "d"]], "A1")
    reply = ws.append_row(["new", "row"])
    assert reply["tableRange"] == "Sheet1!A1:B2"
    assert reply["updates"]["updatedRange"] == "Sheet1!A3:B3"


def test_append_with_insert_rows_pushes_data_down(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["h"], ["a"], [""], ["tail"]], "A1")
    reply = spreadsheet.values_append(
        "Sheet1!A1",
        params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        body={"values": [["x"], ["y"]]},
    )
    assert reply["updates"]["updatedRange"] == "Sheet1!A3:A4"
    assert ws.col_values(1) == ["h", "a", "x", "y", "", "tail"]
    assert spreadsheet.worksheet("Sheet1").row_count == 1002


def test_append_grows_a_full_sheet(spreadsheet):
    ws = spreadsheet.add_worksheet("Nhỏ", rows=2, cols=2)
    ws.update([["a", "b"], ["c", "d"]], "A1")
    reply = ws.append_row(["e", "f", "g"])
    assert reply["updates"]["updatedRange"] == "'Nhỏ'!A3:C3"
    ws_meta = spreadsheet.worksheet("Nhỏ")
    assert (ws_meta.row_count, ws_meta.col_count) == (3, 3)


def test_batch_get_update_and_clear(spreadsheet):
    ws = spreadsheet.sheet1
    reply = spreadsheet.values_batch_update(
        {
            "valueInputOption": "RAW",
            "data": [
                {"range": "Sheet1!A1:B1", "values": [["a", "b"]]},
                {"range": "Sheet1!A4", "values": [["c", "d"]]},
            ],
        }
    )
    assert (reply["totalUpdatedRows"], reply["totalUpdatedColumns"]) == (2, 2)
    assert (reply["totalUpdatedCells"], reply["totalUpdatedSheets"]) == (4, 1)
    got = spreadsheet.values_batch_get(["Sheet1!A1:B1", "Sheet1!A4:B4"])
    assert [r["values"] for r in got["valueRanges"]] == [[["a", "b"]], [["c", "d"]]]
    cleared = spreadsheet.values_batch_clear(body={"ranges": ["Sheet1!A1", "Sheet1!A4:B4"]})
    assert cleared["clearedRanges"] == ["Sheet1!A1", "Sheet1!A4:B4"]
    assert ws.get_all_values() == [["", "b"]]


def test_include_values_in_response(spreadsheet):
    reply = spreadsheet.values_update(
        "Sheet1!A1",
        params={
            "valueInputOption": "USER_ENTERED",
            "includeValuesInResponse": "true",
            "responseValueRenderOption": "UNFORMATTED_VALUE",
        },
        body={"values": [["=2*21", "0042"]]},
    )
    assert reply["updatedData"] == {
        "range": "Sheet1!A1:B1",
        "majorDimension": "ROWS",
        "values": [[42, 42]],
    }


def test_clearing_values_keeps_formats(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["đậm"]], "A1")
    ws.format("A1", {"textFormat": {"bold": True}})
    ws.batch_clear(["A1"])
    assert "values" not in spreadsheet.values_get("Sheet1")
    data = spreadsheet.fetch_sheet_metadata(
        {"ranges": "Sheet1!A1", "fields": "sheets.data.rowData.values.userEnteredFormat"}
    )
    cell = data["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    assert cell == {"userEnteredFormat": {"textFormat": {"bold": True}}}
