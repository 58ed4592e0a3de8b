"""Request bodies, field masks and responses checked against the Sheets discovery document."""

from __future__ import annotations

import json
import math
import re
import time
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sheets.emulator import schema
from sheets.emulator.errors import ApiError

BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"


def _error(schema_name, body, at=""):
    with pytest.raises(ApiError) as raised:
        schema.check(schema_name, body, at=at)
    return raised.value


def _descriptions(error):
    return [v["description"] for v in error.details[0]["fieldViolations"]]


def _batch(*requests):
    return {"requests": list(requests)}


# --- the vendored discovery document --------------------------------------------------------


def test_vendored_discovery_document_is_described_by_its_notice():
    folder = resources.files("sheets.emulator").joinpath("discovery")
    document = json.loads(folder.joinpath("sheets.v4.json").read_text("utf-8"))
    notice = folder.joinpath("NOTICE.md").read_text("utf-8")
    assert document["id"] == "sheets:v4"
    assert f'"revision": "{document["revision"]}"' in notice
    assert "Apache License 2.0" in notice
    assert "description" not in document["schemas"]["ValueRange"]


# --- unknown names ----------------------------------------------------------------------------


def test_unknown_request_kind_is_refused_with_googles_wording():
    error = _error("BatchUpdateSpreadsheetRequest", _batch({"fooBar": {}}))
    message = (
        'Invalid JSON payload received. Unknown name "fooBar" at '
        "'requests[0]': Cannot find field."
    )
    assert error.to_json() == {
        "error": {
            "code": 400,
            "message": message,
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "@type": BAD_REQUEST,
                    "fieldViolations": [{"field": "requests[0]", "description": message}],
                }
            ],
        }
    }


def test_recorded_delete_range_typo_gets_the_recorded_message():
    body = _batch({"addSheet": {}}, {"DeleteRange": {"range": {}}})
    assert _error("BatchUpdateSpreadsheetRequest", body).message == (
        "Invalid JSON payload received. Unknown name \"DeleteRange\" at 'requests[1]': "
        "Cannot find field."
    )


def test_unknown_nested_field_is_named_at_its_proto_path():
    body = _batch({"updateSheetProperties": {"properties": {"headerValues": ["a"]}, "fields": "*"}})
    error = _error("BatchUpdateSpreadsheetRequest", body)
    assert error.details[0]["fieldViolations"] == [
        {
            "field": "requests[0].update_sheet_properties.properties",
            "description": 'Invalid JSON payload received. Unknown name "headerValues" at '
            "'requests[0].update_sheet_properties.properties': Cannot find field.",
        }
    ]


def test_unknown_top_level_field_has_no_location_and_no_field():
    error = _error("BatchUpdateValuesRequest", {"requests": []})
    assert (
        error.message
        == 'Invalid JSON payload received. Unknown name "requests": Cannot find field.'
    )
    assert error.details[0]["fieldViolations"] == [{"description": error.message}]


def test_body_placed_under_data_is_located_under_data():
    error = _error("ValueRange", {"valueInputOption": "RAW", "data": []}, at="data")
    assert error.message == (
        "Invalid JSON payload received. Unknown name \"valueInputOption\" at 'data': "
        "Cannot find field.\n"
        "Invalid JSON payload received. Unknown name \"data\" at 'data': Cannot find field."
    )


def test_every_violation_is_listed_and_joined_by_newlines():
    body = {
        "includeSpreadsheetInResponse": "yes",
        "requests": [
            {"addSheet": {"properties": {"index": "abc", "colour": "red"}}},
            {"deleteSheet": {"sheetId": 1.5}},
            {"nope": {}},
        ],
    }
    error = _error("BatchUpdateSpreadsheetRequest", body)
    expected = [
        "Invalid value at 'include_spreadsheet_in_response' (TYPE_BOOL), \"yes\"",
        "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), \"abc\"",
        'Invalid JSON payload received. Unknown name "colour" at '
        "'requests[0].add_sheet.properties': Cannot find field.",
        "Invalid value at 'requests[1].delete_sheet.sheet_id' (TYPE_INT32), 1.5",
        "Invalid JSON payload received. Unknown name \"nope\" at 'requests[2]': Cannot find field.",
    ]
    assert _descriptions(error) == expected
    assert error.message == "\n".join(expected)


# --- wrong types --------------------------------------------------------------------------------


def _add_sheet(**properties):
    return _batch({"addSheet": {"properties": properties}})


@pytest.mark.parametrize(
    ("properties", "description"),
    [
        (
            {"index": "abc"},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), \"abc\"",
        ),
        (
            {"index": 5.5},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), 5.5",
        ),
        (
            {"index": True},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), true",
        ),
        (
            {"index": "5.0"},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), \"5.0\"",
        ),
        (
            {"index": 2**31},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), 2147483648",
        ),
        (
            {"index": 1e10},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), 10000000000",
        ),
        (
            {"title": 5},
            "Invalid value at 'requests[0].add_sheet.properties.title' (TYPE_STRING), 5",
        ),
        (
            {"hidden": "true"},
            "Invalid value at 'requests[0].add_sheet.properties.hidden' (TYPE_BOOL), \"true\"",
        ),
        (
            {"hidden": 1},
            "Invalid value at 'requests[0].add_sheet.properties.hidden' (TYPE_BOOL), 1",
        ),
        (
            {"sheetType": "SPREADSHEET"},
            "Invalid value at 'requests[0].add_sheet.properties.sheet_type' "
            '(type.googleapis.com/google.apps.sheets.v4.SheetType), "SPREADSHEET"',
        ),
        (
            {"gridProperties": 10},
            "Invalid value at 'requests[0].add_sheet.properties.grid_properties' "
            "(type.googleapis.com/google.apps.sheets.v4.GridProperties), 10",
        ),
        (
            {"tabColor": {"red": "lots"}},
            "Invalid value at 'requests[0].add_sheet.properties.tab_color.red' (TYPE_FLOAT), "
            '"lots"',
        ),
        (
            {"tabColor": {"red": 1e39}},
            "Invalid value at 'requests[0].add_sheet.properties.tab_color.red' (TYPE_FLOAT), 1e+39",
        ),
        (
            {"title": {"text": "x"}},
            "Invalid value at 'requests[0].add_sheet.properties' (title), "
            "Starting an object on a scalar field",
        ),
        (
            {"title": ["x"]},
            'Invalid JSON payload received. Unknown name "title" at '
            "'requests[0].add_sheet.properties': Proto field is not repeating, cannot start list.",
        ),
        (
            {"gridProperties": [{"rowCount": 1}]},
            'Invalid JSON payload received. Unknown name "grid_properties" at '
            "'requests[0].add_sheet.properties': Proto field is not repeating, cannot start list.",
        ),
    ],
)
def test_wrong_types_are_refused_as_google_refuses_them(properties, description):
    assert _descriptions(_error("BatchUpdateSpreadsheetRequest", _add_sheet(**properties))) == [
        description
    ]


def test_value_range_given_a_string_for_values_is_refused_as_recorded():
    error = _error("ValueRange", {"values": "X"}, at="data")
    description = (
        "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), \"X\""
    )
    assert error.to_json()["error"] == {
        "code": 400,
        "message": description,
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": BAD_REQUEST,
                "fieldViolations": [{"field": "data.values", "description": description}],
            }
        ],
    }


def test_value_range_row_that_is_not_a_list_is_refused_at_its_index():
    error = _error("ValueRange", {"values": [["a"], "b"]}, at="data")
    assert error.message == (
        "Invalid value at 'data.values[1]' (type.googleapis.com/google.protobuf.ListValue), \"b\""
    )


def test_object_for_a_repeated_scalar_is_refused_at_the_top_level_without_location():
    error = _error("BatchClearValuesRequest", {"ranges": {}})
    assert error.message == "Invalid value (ranges), Starting an object on a scalar field"
    assert error.details[0]["fieldViolations"] == [{"description": error.message}]


def test_two_kinds_in_one_request_are_refused_as_a_oneof():
    body = _batch({"addSheet": {}, "deleteSheet": {"sheetId": 1}})
    assert _error("BatchUpdateSpreadsheetRequest", body).message == (
        "Invalid value at 'requests[0]' (oneof), oneof field 'kind' is already set. "
        "Cannot set 'deleteSheet'"
    )


def test_malformed_update_mask_in_a_body_is_refused_as_a_field_mask_value():
    body = _batch({"repeatCell": {"cell": {}, "fields": "userEnteredFormat(textFormat"}})
    assert _error("BatchUpdateSpreadsheetRequest", body).message == (
        "Invalid value at 'requests[0].repeat_cell.fields' "
        "(type.googleapis.com/google.protobuf.FieldMask), Field 'fields', "
        "Invalid FieldMask 'userEnteredFormat(textFormat'. Cannot find matching ')' for all '('."
    )


@pytest.mark.parametrize("body", [[], "requests", 5, None])
def test_a_body_that_is_not_an_object_is_refused(body):
    error = _error("BatchUpdateSpreadsheetRequest", body)
    assert (
        error.message
        == 'Invalid JSON payload received. Unknown name "": Root element must be a message.'
    )


@pytest.mark.parametrize(
    ("schema_name", "field", "type_name"),
    [
        ("ValueRange", "majorDimension", "Dimension"),
        ("BatchUpdateValuesRequest", "valueInputOption", "ValueInputOption"),
        ("BatchUpdateValuesRequest", "responseValueRenderOption", "ValueRenderOption"),
        ("CellFormat", "horizontalAlignment", "HorizontalAlign"),
        ("CellFormat", "wrapStrategy", "WrapStrategy"),
        ("NumberFormat", "type", "NumberFormatType"),
        ("PasteDataRequest", "type", "PasteType"),
        ("ScorecardChartSpec", "numberFormatSource", "ChartNumberFormatSource"),
    ],
)
def test_enum_type_names_are_derived_from_the_enum_values(schema_name, field, type_name):
    assert (
        schema.enum_type(schema_name, field)
        == f"type.googleapis.com/google.apps.sheets.v4.{type_name}"
    )


# --- accepted input and the cleaned copy --------------------------------------------------------


def test_gspread_add_sheet_request_is_valid_and_comes_back_unchanged():
    body = _add_sheet(
        title="x", sheetType="GRID", gridProperties={"rowCount": 10, "columnCount": 10}
    )
    assert schema.check("BatchUpdateSpreadsheetRequest", body) == body


@pytest.mark.parametrize(
    ("properties", "cleaned"),
    [
        ({"index": "5"}, {"index": 5}),
        ({"index": 5.0}, {"index": 5}),
        ({"index": "-2"}, {"index": -2}),
        (
            {"tabColor": {"red": "0.5", "green": 1, "blue": 0.25}},
            {"tabColor": {"red": 0.5, "green": 1, "blue": 0.25}},
        ),
        (
            {"gridProperties": {"rowCount": "100", "columnCount": 4.0}},
            {"gridProperties": {"rowCount": 100, "columnCount": 4}},
        ),
    ],
)
def test_numbers_given_as_strings_or_integral_floats_are_coerced(properties, cleaned):
    out = schema.check("BatchUpdateSpreadsheetRequest", _add_sheet(**properties))
    assert out == _add_sheet(**cleaned)
    assert json.dumps(out) == json.dumps(_add_sheet(**cleaned))  # int stays int, float float


@pytest.mark.parametrize(
    ("text", "check"), [("NaN", math.isnan), ("Infinity", math.isinf), ("-Infinity", math.isinf)]
)
def test_special_floats_are_accepted_as_strings(text, check):
    out = schema.check("BatchUpdateSpreadsheetRequest", _add_sheet(tabColor={"red": text}))
    assert check(out["requests"][0]["addSheet"]["properties"]["tabColor"]["red"])


def test_nulls_mean_not_set_and_are_dropped():
    body = {"range": "A1", "majorDimension": None, "values": [[1, None, "x"]]}
    assert schema.check("ValueRange", body, at="data") == {
        "range": "A1",
        "values": [[1, None, "x"]],
    }


def test_null_fields_do_not_count_as_oneof_members():
    body = _batch({"addSheet": {"properties": {"title": "x"}}, "deleteSheet": None})
    assert schema.check("BatchUpdateSpreadsheetRequest", body) == _batch(
        {"addSheet": {"properties": {"title": "x"}}}
    )


def test_proto_names_are_accepted_and_become_json_names():
    body = {"requests": [{"add_sheet": {"properties": {"grid_properties": {"row_count": 3}}}}]}
    assert schema.check("BatchUpdateSpreadsheetRequest", body) == _add_sheet(
        gridProperties={"rowCount": 3}
    )


@pytest.mark.parametrize(
    ("ranges", "cleaned"),
    [
        ("A1", ["A1"]),
        (["A1", None, "B2"], ["A1", "B2"]),
        ([["A1", "B2"], "C3"], ["A1", "B2", "C3"]),
    ],
)
def test_repeated_fields_take_lone_values_and_flatten_nested_lists(ranges, cleaned):
    assert schema.check("BatchClearValuesRequest", {"ranges": ranges}) == {"ranges": cleaned}


def test_any_typed_cells_keep_every_json_value():
    values = [[1, 2.5, "x", True, None, {"a": 1}, [1]]]
    assert schema.check("ValueRange", {"values": values}, at="data") == {"values": values}


def test_cleaned_copy_shares_nothing_with_the_body():
    body = {"values": [["a"]], "range": "A1"}
    cleaned = schema.check("ValueRange", body, at="data")
    cleaned["values"][0].append("b")
    assert body == {"values": [["a"]], "range": "A1"}


def test_ten_thousand_cells_are_checked_quickly():
    row = {"values": [{"userEnteredValue": {"stringValue": "x"}, "note": "n"} for _ in range(100)]}
    body = _batch(
        {"updateCells": {"rows": [row] * 100, "fields": "userEnteredValue,note", "start": {}}}
    )
    started = time.perf_counter()
    cleaned = schema.check("BatchUpdateSpreadsheetRequest", body)
    assert time.perf_counter() - started < 3
    assert len(cleaned["requests"][0]["updateCells"]["rows"]) == 100


# --- update masks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema_name", "mask", "resolved"),
    [
        (
            "CellData",
            "userEnteredFormat.textFormat.bold",
            {"userEnteredFormat": {"textFormat": {"bold": None}}},
        ),
        (
            "CellData",
            "user_entered_format(text_format(bold,italic),backgroundColor)",
            {
                "userEnteredFormat": {
                    "textFormat": {"bold": None, "italic": None},
                    "backgroundColor": None,
                }
            },
        ),
        (
            "SheetProperties",
            "gridProperties/rowCount,gridProperties/columnCount",
            {"gridProperties": {"rowCount": None, "columnCount": None}},
        ),
        ("SheetProperties", "*", {"*": None}),
        ("Spreadsheet", "sheets.properties.title", {"sheets": {"properties": {"title": None}}}),
    ],
)
def test_check_mask_resolves_known_fields_to_json_names(schema_name, mask, resolved):
    assert schema.check_mask(schema_name, mask, at="requests[0].repeatCell.fields") == resolved


@pytest.mark.parametrize(
    ("mask", "path"),
    [
        ("userEnteredFormat.textFormat.bolt", "userEnteredFormat.textFormat.bolt"),
        ("userEnteredFormat(textFormat(bold),fontSize)", "userEnteredFormat.fontSize"),
        ("note.text", "note.text"),
        ("formula", "formula"),
        ("userEnteredValue, note", " note"),
    ],
)
def test_check_mask_refuses_paths_naming_no_field(mask, path):
    with pytest.raises(ApiError) as raised:
        schema.check_mask("CellData", mask, at="requests[3].repeatCell.fields")
    assert raised.value.to_json() == {
        "error": {
            "code": 400,
            "message": "Invalid requests[3].repeatCell: "
            f"Cannot find matching fields for path '{path}'.",
            "status": "INVALID_ARGUMENT",
        }
    }


@pytest.mark.parametrize("mask", ["", None])
def test_check_mask_refuses_an_empty_mask(mask):
    with pytest.raises(ApiError) as raised:
        schema.check_mask("CellData", mask, at="requests[0].repeatCell.fields")
    assert raised.value.message == (
        "Invalid requests[0].repeatCell: At least one field must be listed in 'fields'. "
        "(Use '*' to indicate all fields.)"
    )


def test_repeat_cell_with_bold_passes_both_body_and_mask_checks():
    body = _batch(
        {
            "repeatCell": {
                "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        }
    )
    request = schema.check("BatchUpdateSpreadsheetRequest", body)["requests"][0]["repeatCell"]
    mask = schema.check_mask("CellData", request["fields"], at="requests[0].repeatCell.fields")
    assert mask == {"userEnteredFormat": {"textFormat": {"bold": None}}}


# --- partial-response selectors -----------------------------------------------------------------


def test_check_selector_refuses_an_unknown_path_with_the_recorded_wording():
    with pytest.raises(ApiError) as raised:
        schema.check_selector("Spreadsheet", "sheets.sheetProperties")
    assert raised.value.to_json() == {
        "error": {
            "code": 400,
            "message": "Request contains an invalid argument.",
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "@type": BAD_REQUEST,
                    "fieldViolations": [
                        {
                            "field": "sheets.sheetProperties",
                            "description": "Error expanding 'fields' parameter. Cannot find "
                            "matching fields for path 'sheets.sheetProperties'.",
                        }
                    ],
                }
            ],
        }
    }


@pytest.mark.parametrize(
    ("mask", "path"),
    [
        ("properties, sheets.properties", " sheets.properties"),
        (
            "sheets(properties(sheetId,title),data(rowData(values(note,effectiveFormat(numberFormat,type)))))",
            "sheets.data.rowData.values.effectiveFormat.type",
        ),
        ("bandedRanges", "bandedRanges"),
    ],
)
def test_check_selector_names_the_first_unknown_path_and_echoes_the_mask(mask, path):
    with pytest.raises(ApiError) as raised:
        schema.check_selector("Spreadsheet", mask)
    assert raised.value.details[0]["fieldViolations"] == [
        {
            "field": mask,
            "description": "Error expanding 'fields' parameter. "
            f"Cannot find matching fields for path '{path}'.",
        }
    ]


@pytest.mark.parametrize(
    ("mask", "resolved"),
    [
        (
            "sheets.properties(sheetId,title)",
            {"sheets": {"properties": {"sheetId": None, "title": None}}},
        ),
        ("spreadsheet_id,named_ranges", {"spreadsheetId": None, "namedRanges": None}),
        (
            "sheets/data/rowData/values/note",
            {"sheets": {"data": {"rowData": {"values": {"note": None}}}}},
        ),
        ("", {"*": None}),
    ],
)
def test_check_selector_resolves_known_paths(mask, resolved):
    assert schema.check_selector("Spreadsheet", mask) == resolved


def test_check_selector_refuses_unbalanced_parentheses():
    with pytest.raises(ApiError) as raised:
        schema.check_selector("Spreadsheet", "sheets(properties")
    assert raised.value.message == "Request contains an invalid argument."
    assert _descriptions(raised.value) == [
        "Invalid FieldMask 'sheets(properties'. Cannot find matching ')' for all '('."
    ]


# --- responses ----------------------------------------------------------------------------------

SPREADSHEET = {
    "spreadsheetId": "1a2b3c",
    "properties": {
        "title": "Báo cáo i-Speed",
        "locale": "vi_VN",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Asia/Ho_Chi_Minh",
        "defaultFormat": {
            "backgroundColor": {"red": 1, "green": 1, "blue": 1},
            "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
            "verticalAlignment": "BOTTOM",
            "wrapStrategy": "OVERFLOW_CELL",
            "textFormat": {
                "foregroundColor": {},
                "fontFamily": "arial,sans,sans-serif",
                "fontSize": 10,
                "bold": False,
                "foregroundColorStyle": {"rgbColor": {}},
            },
            "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
        },
        "spreadsheetTheme": {
            "primaryFontFamily": "Arial",
            "themeColors": [
                {"colorType": "TEXT", "color": {"rgbColor": {}}},
                {
                    "colorType": "ACCENT1",
                    "color": {
                        "rgbColor": {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}
                    },
                },
            ],
        },
    },
    "sheets": [
        {
            "properties": {
                "sheetId": 0,
                "title": "Sheet1",
                "index": 0,
                "sheetType": "GRID",
                "gridProperties": {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1},
            },
            "merges": [
                {
                    "sheetId": 0,
                    "startRowIndex": 0,
                    "endRowIndex": 1,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                }
            ],
            "data": [
                {
                    "rowData": [
                        {
                            "values": [
                                {
                                    "userEnteredValue": {"numberValue": 1},
                                    "formattedValue": "1",
                                    "note": "x",
                                }
                            ]
                        }
                    ],
                    "rowMetadata": [{"pixelSize": 21}],
                    "columnMetadata": [{"pixelSize": 100}],
                }
            ],
        }
    ],
    "namedRanges": [
        {
            "namedRangeId": "220755387",
            "name": "total",
            "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
        }
    ],
    "spreadsheetUrl": "https://docs.google.com/spreadsheets/d/1a2b3c/edit",
}


def test_realistic_spreadsheet_response_conforms():
    assert schema.conforms("Spreadsheet", SPREADSHEET) == []


def _spoiled(change):
    spreadsheet = json.loads(json.dumps(SPREADSHEET))
    change(spreadsheet)
    return spreadsheet


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda s: s["sheets"][0]["properties"].update(rowCount=1000),
            "sheets[0].properties.rowCount: unknown field of SheetProperties",
        ),
        (lambda s: s.update(spreadsheet_id="x"), "spreadsheet_id: unknown field of Spreadsheet"),
        (
            lambda s: s["sheets"][0]["properties"].update(index="0"),
            'sheets[0].properties.index: "0" is not a valid TYPE_INT32',
        ),
        (
            lambda s: s["properties"].update(autoRecalc="SOMETIMES"),
            'properties.autoRecalc: "SOMETIMES" is not a valid '
            "type.googleapis.com/google.apps.sheets.v4.RecalculationInterval",
        ),
        (lambda s: s["properties"].update(title=None), "properties.title: null"),
        (lambda s: s.update(sheets={}), "sheets: expected a list, got {}"),
        (
            lambda s: s["namedRanges"][0].update(range=[]),
            "namedRanges[0].range: expected a GridRange object, got []",
        ),
        (
            lambda s: s["sheets"][0]["data"][0]["rowData"][0]["values"][0][
                "userEnteredValue"
            ].update(stringValue="1"),
            "sheets[0].data[0].rowData[0].values[0].userEnteredValue: "
            "oneof 'value' has several members ['numberValue', 'stringValue']",
        ),
    ],
)
def test_response_google_could_not_send_is_reported(change, problem):
    assert schema.conforms("Spreadsheet", _spoiled(change)) == [problem]


# --- recorded Google traffic --------------------------------------------------------------------

CASSETTES = Path(__file__).parent / "conformance" / "cassettes"

# (HTTP method or None for any, path pattern, request schema, response schema)
ROUTES = [
    ("POST", r"/values:batchUpdate$", "BatchUpdateValuesRequest", "BatchUpdateValuesResponse"),
    ("POST", r"/values:batchClear$", "BatchClearValuesRequest", "BatchClearValuesResponse"),
    ("GET", r"/values:batchGet$", None, "BatchGetValuesResponse"),
    ("POST", r"/values/[^/]+:append$", "ValueRange", "AppendValuesResponse"),
    ("POST", r"/values/[^/]+:clear$", "ClearValuesRequest", "ClearValuesResponse"),
    ("PUT", r"/values/[^/]+$", "ValueRange", "UpdateValuesResponse"),
    ("GET", r"/values/[^/]+$", None, "ValueRange"),
    ("POST", r"/sheets/\d+:copyTo$", "CopySheetToAnotherSpreadsheetRequest", "SheetProperties"),
    (
        "POST",
        r"^/v4/spreadsheets/[^/:]+:batchUpdate$",
        "BatchUpdateSpreadsheetRequest",
        "BatchUpdateSpreadsheetResponse",
    ),
    ("POST", r"^/v4/spreadsheets$", "Spreadsheet", "Spreadsheet"),
    ("GET", r"^/v4/spreadsheets/[^/:]+$", None, "Spreadsheet"),
]


def _recorded_sheets_calls():
    for cassette in sorted(CASSETTES.glob("*.json")):
        for interaction in json.loads(cassette.read_text("utf-8"))["interactions"]:
            uri = urlparse(interaction["request"]["uri"])
            if uri.netloc != "sheets.googleapis.com":
                continue
            method = interaction["request"]["method"]
            routes = [r for r in ROUTES if r[0] == method and re.search(r[1], uri.path)]
            assert routes, f"{cassette.name}: no schema known for {method} {uri.path}"
            yield cassette.name, uri, interaction, routes[0][2], routes[0][3]


def test_every_recorded_google_request_and_response_passes_the_checks():
    seen = 0
    for name, uri, interaction, request_schema, response_schema in _recorded_sheets_calls():
        body = interaction["request"].get("body")
        response = interaction["response"]
        ok = response["status"]["code"] == 200
        if request_schema and body and ok:
            at = "data" if request_schema == "ValueRange" else ""
            schema.check(request_schema, json.loads(body), at=at)
        for fields in parse_qs(uri.query).get("fields", []):
            schema.check_selector(response_schema, fields)
        if ok and response_schema and response["body"]["string"]:
            problems = schema.conforms(response_schema, json.loads(response["body"]["string"]))
            assert problems == [], name
            seen += 1
    assert seen > 1000


def test_recorded_parser_errors_are_reproduced_exactly():
    reproduced = 0
    for _name, _uri, interaction, request_schema, _ in _recorded_sheets_calls():
        recorded = json.loads(interaction["response"]["body"]["string"] or "{}")
        if "details" not in recorded.get("error", {}) or not request_schema:
            continue  # only the JSON parser's errors carry BadRequest details
        at = "data" if request_schema == "ValueRange" else ""
        with pytest.raises(ApiError) as raised:
            schema.check(request_schema, json.loads(interaction["request"]["body"]), at=at)
        assert raised.value.to_json() == recorded
        reproduced += 1
    assert reproduced >= 3
