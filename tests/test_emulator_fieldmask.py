"""Field masks: parsing, partial-response projection and update masks."""

from __future__ import annotations

import pytest

from sheets.emulator import fieldmask
from sheets.emulator.fieldmask import FieldMaskError


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("namedRanges", {"namedRanges": None}),
        ("sheets.properties.tabColorStyle", {"sheets": {"properties": {"tabColorStyle": None}}}),
        (
            "sheets/data/rowData/values/note",
            {"sheets": {"data": {"rowData": {"values": {"note": None}}}}},
        ),
        (
            "gridProperties/rowCount,gridProperties/columnCount",
            {"gridProperties": {"rowCount": None, "columnCount": None}},
        ),
        (
            "sheets(properties(title,sheetId),merges)",
            {"sheets": {"properties": {"title": None, "sheetId": None}, "merges": None}},
        ),
        (
            "kind,nextPageToken,files(id,name,createdTime,modifiedTime)",
            {
                "kind": None,
                "nextPageToken": None,
                "files": {"id": None, "name": None, "createdTime": None, "modifiedTime": None},
            },
        ),
        (
            "userEnteredFormat(backgroundColor,textFormat(bold,foregroundColor/red))",
            {
                "userEnteredFormat": {
                    "backgroundColor": None,
                    "textFormat": {"bold": None, "foregroundColor": {"red": None}},
                }
            },
        ),
        ("*", {"*": None}),
        ("title,*", {"*": None}),
        ("sheets(*)", {"sheets": {"*": None}}),
    ],
)
def test_parse_builds_the_tree_of_selected_fields(text, tree):
    assert fieldmask.parse(text) == tree


def test_dot_and_slash_separate_segments_alike():
    assert fieldmask.parse("sheets.data/rowData.values") == fieldmask.parse(
        "sheets/data.rowData/values"
    )


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a.b,a", {"a": None}),
        ("a,a.b", {"a": None}),
        ("a(b),a(c)", {"a": {"b": None, "c": None}}),
        ("a.b.c,a(b(d))", {"a": {"b": {"c": None, "d": None}}}),
    ],
)
def test_parse_merges_repeated_prefixes_and_lets_a_whole_field_win(text, tree):
    assert fieldmask.parse(text) == tree


def test_parse_ignores_whitespace_around_names_by_default():
    assert fieldmask.parse(" id , files ( name , size ) ") == {
        "id": None,
        "files": {"name": None, "size": None},
    }


def test_parse_keeps_whitespace_in_names_when_asked():
    assert fieldmask.parse("properties, sheets.properties", keep_spaces=True) == {
        "properties": None,
        " sheets": {"properties": None},
    }


def test_empty_mask_selects_nothing():
    assert fieldmask.parse("") == {}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sheets(properties", "Cannot find matching ')' for all '('."),
        ("sheets(properties(title)", "Cannot find matching ')' for all '('."),
        ("title)", "Cannot find matching '(' for all ')'."),
        ("a,,b", "Empty field name at position 2."),
        ("a..b", "Empty field name at position 2."),
        ("a.", "Empty field name at position 2."),
        ("(a)", "Empty field name at position 0."),
        ("a()", "Empty field name at position 2."),
        ("a(b)c", "Expected ',' or ')' after ')' at position 4."),
        ("*.title", "'*' can only end a path."),
    ],
)
def test_parse_rejects_bad_syntax(text, reason):
    with pytest.raises(FieldMaskError) as raised:
        fieldmask.parse(text)
    assert str(raised.value) == f"Invalid FieldMask '{text}'. {reason}"


def test_field_mask_error_is_a_value_error():
    assert issubclass(FieldMaskError, ValueError)


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("title", [("title",)]),
        (
            "gridProperties(rowCount,columnCount),hidden",
            [("gridProperties", "rowCount"), ("gridProperties", "columnCount"), ("hidden",)],
        ),
        ("*", [("*",)]),
    ],
)
def test_paths_lists_every_leaf(text, leaves):
    assert fieldmask.paths(fieldmask.parse(text)) == leaves


SPREADSHEET = {
    "spreadsheetId": "abc",
    "properties": {"title": "Budget", "locale": "en_US"},
    "sheets": [
        {
            "properties": {
                "sheetId": 0,
                "title": "Sheet1",
                "index": 0,
                "gridProperties": {"rowCount": 1000, "columnCount": 26},
            },
            "data": [{}],
        }
    ],
    "spreadsheetUrl": "https://docs.google.com/spreadsheets/d/abc/edit",
}

NOTED_SHEET = {
    "sheets": [
        {
            "properties": {"sheetId": 0, "title": "Sheet1"},
            "data": [
                {
                    "rowData": [
                        {
                            "values": [
                                {"formattedValue": "a", "effectiveValue": {"stringValue": "a"}},
                                {"formattedValue": "b", "note": "Or don't"},
                            ]
                        },
                        {
                            "values": [
                                {"note": "another note", "formattedValue": "c"},
                                {"formattedValue": "d"},
                                {"note": "test"},
                            ]
                        },
                    ]
                }
            ],
        }
    ]
}


@pytest.mark.parametrize(
    ("obj", "fields", "expected"),
    [
        (SPREADSHEET, "namedRanges", {}),
        (SPREADSHEET, "sheets.properties.tabColorStyle", {"sheets": [{"properties": {}}]}),
        (SPREADSHEET, "sheets.data.rowData.values.note", {"sheets": [{"data": [{}]}]}),
        (
            NOTED_SHEET,
            "sheets.data.rowData.values.note",
            {
                "sheets": [
                    {
                        "data": [
                            {
                                "rowData": [
                                    {"values": [{}, {"note": "Or don't"}]},
                                    {"values": [{"note": "another note"}, {}, {"note": "test"}]},
                                ]
                            }
                        ]
                    }
                ]
            },
        ),
    ],
)
def test_select_matches_recorded_google_responses(obj, fields, expected):
    assert fieldmask.select(fieldmask.parse(fields), obj) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "sheets(properties(title,sheetId))",
            {"sheets": [{"properties": {"sheetId": 0, "title": "Sheet1"}}]},
        ),
        (
            "spreadsheetId,sheets/properties/gridProperties",
            {
                "spreadsheetId": "abc",
                "sheets": [
                    {"properties": {"gridProperties": {"rowCount": 1000, "columnCount": 26}}}
                ],
            },
        ),
        ("properties", {"properties": {"title": "Budget", "locale": "en_US"}}),
        ("*", SPREADSHEET),
        ("sheets(*)", {"sheets": SPREADSHEET["sheets"]}),
    ],
)
def test_select_keeps_selected_fields_only(fields, expected):
    assert fieldmask.select(fieldmask.parse(fields), SPREADSHEET) == expected


def test_select_keeps_the_order_of_the_object_not_of_the_mask():
    picked = fieldmask.select(fieldmask.parse("spreadsheetUrl,spreadsheetId"), SPREADSHEET)
    assert list(picked) == ["spreadsheetId", "spreadsheetUrl"]


def test_select_drops_scalars_asked_for_sub_fields():
    assert fieldmask.select(fieldmask.parse("spreadsheetId.foo,properties"), SPREADSHEET) == {
        "properties": {"title": "Budget", "locale": "en_US"}
    }


def test_select_does_not_change_the_object():
    before = repr(SPREADSHEET)
    fieldmask.select(fieldmask.parse("sheets.properties.title"), SPREADSHEET)
    assert repr(SPREADSHEET) == before


def _sheet_properties():
    return {
        "sheetId": 0,
        "title": "Sheet1",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }


@pytest.mark.parametrize(
    ("source", "mask", "expected"),
    [
        (
            {"sheetId": 0, "gridProperties": {"rowCount": 4}},
            "gridProperties/rowCount",
            {"sheetId": 0, "title": "Sheet1", "gridProperties": {"rowCount": 4, "columnCount": 26}},
        ),
        (
            {"title": "Renamed", "hidden": True},
            "title",
            {
                "sheetId": 0,
                "title": "Renamed",
                "gridProperties": {"rowCount": 1000, "columnCount": 26},
            },
        ),
        (
            {"sheetId": 0, "tabColorStyle": {"rgbColor": {"red": 1}}},
            "tabColorStyle.rgbColor",
            {
                "sheetId": 0,
                "title": "Sheet1",
                "gridProperties": {"rowCount": 1000, "columnCount": 26},
                "tabColorStyle": {"rgbColor": {"red": 1}},
            },
        ),
        (
            {"sheetId": 0},
            "title,gridProperties.columnCount",
            {"sheetId": 0, "gridProperties": {"rowCount": 1000}},
        ),
        (
            {"sheetId": 0, "title": None},
            "title",
            {"sheetId": 0, "gridProperties": {"rowCount": 1000, "columnCount": 26}},
        ),
        ({"sheetId": 7, "title": "Other"}, "*", {"sheetId": 7, "title": "Other"}),
        (
            {"gridProperties": {"frozenRowCount": 1}},
            "gridProperties(*)",
            {"sheetId": 0, "title": "Sheet1", "gridProperties": {"frozenRowCount": 1}},
        ),
    ],
)
def test_apply_update_sets_and_clears_what_the_mask_names(source, mask, expected):
    target = _sheet_properties()
    fieldmask.apply_update(target, source, fieldmask.parse(mask))
    assert target == expected


def test_apply_update_does_not_create_parents_only_to_clear_a_field():
    target = {"title": "Sheet1"}
    fieldmask.apply_update(target, {}, fieldmask.parse("gridProperties.frozenRowCount"))
    assert target == {"title": "Sheet1"}


def test_apply_update_copies_values_so_later_changes_do_not_leak():
    source = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    first, second = {}, {}
    mask = fieldmask.parse("userEnteredFormat")
    fieldmask.apply_update(first, source, mask)
    fieldmask.apply_update(second, source, mask)
    first["userEnteredFormat"]["textFormat"]["bold"] = False
    assert second == {"userEnteredFormat": {"textFormat": {"bold": True}}}
    assert source == {"userEnteredFormat": {"textFormat": {"bold": True}}}
