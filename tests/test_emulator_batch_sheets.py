"""batchUpdate on whole sheets and the spreadsheet, through gspread over HTTP.

addSheet, deleteSheet, duplicateSheet, updateSheetProperties, updateSpreadsheetProperties,
and what every batch promises: all or nothing, with Google's error bodies.
"""

from __future__ import annotations

import gspread
import pytest

SHEET_FIELDS = "sheets.properties"


def _batch(spreadsheet: gspread.Spreadsheet, *requests: dict) -> list[dict]:
    """Send one batchUpdate and return its replies."""
    return spreadsheet.batch_update({"requests": list(requests)})["replies"]


def _refused(spreadsheet: gspread.Spreadsheet, *requests: dict) -> dict:
    """Send a batchUpdate that must fail and return Google's error object."""
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        spreadsheet.batch_update({"requests": list(requests)})
    return excinfo.value.response.json()["error"]


def _sheets(spreadsheet: gspread.Spreadsheet) -> list[dict]:
    """Return every sheet's properties as spreadsheets.get shows them."""
    data = spreadsheet.fetch_sheet_metadata(params={"fields": SHEET_FIELDS})
    return [s["properties"] for s in data["sheets"]]


def _props(fields: str, **props: object) -> dict:
    """Return an updateSheetProperties request for Sheet1."""
    return {"updateSheetProperties": {"properties": {"sheetId": 0, **props}, "fields": fields}}


def _titles(spreadsheet: gspread.Spreadsheet) -> list[str]:
    return [p["title"] for p in _sheets(spreadsheet)]


# -- addSheet --------------------------------------------------------------------------


def test_add_sheet_with_a_given_id_replies_with_its_full_properties(spreadsheet):
    grid = {"rowCount": 40, "columnCount": 8, "frozenRowCount": 2}
    props = {"sheetId": 2026, "title": "Phụ lục 3 - 10/2026", "gridProperties": grid}
    replies = _batch(spreadsheet, {"addSheet": {"properties": props}})
    full = {**props, "index": 1, "sheetType": "GRID"}
    assert replies == [{"addSheet": {"properties": full}}]
    assert _sheets(spreadsheet)[1] == full


def test_add_sheet_without_id_or_title_gets_a_random_id_and_the_next_sheet_name(spreadsheet):
    first = _batch(spreadsheet, {"addSheet": {}})[0]["addSheet"]["properties"]
    second = _batch(spreadsheet, {"addSheet": {"properties": {}}})[0]["addSheet"]["properties"]
    assert (first["title"], second["title"]) == ("Sheet2", "Sheet3")
    assert first["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    ids = {0, first["sheetId"], second["sheetId"]}
    assert len(ids) == 3 and all(0 <= i < 2**31 for i in ids)


@pytest.mark.parametrize(
    ("index", "order"),
    [(0, ["Mới", "Sheet1", "B"]), (1, ["Sheet1", "Mới", "B"]), (None, ["Sheet1", "B", "Mới"])],
)
def test_add_sheet_is_placed_at_its_index_or_last(spreadsheet, index, order):
    _batch(spreadsheet, {"addSheet": {"properties": {"title": "B"}}})
    props = {"title": "Mới"} if index is None else {"title": "Mới", "index": index}
    reply = _batch(spreadsheet, {"addSheet": {"properties": props}})[0]
    assert _titles(spreadsheet) == order
    assert reply["addSheet"]["properties"]["index"] == order.index("Mới")


@pytest.mark.parametrize("title", ["Sheet1", "sheet1", "SHEET1"])
def test_add_sheet_refuses_a_title_in_use_ignoring_case(spreadsheet, title):
    error = _refused(spreadsheet, {"addSheet": {"properties": {"title": title}}})
    assert error == {
        "code": 400,
        "message": f'Invalid requests[0].addSheet: A sheet with the name "{title}" already '
        "exists. Please enter another name.",
        "status": "INVALID_ARGUMENT",
    }


def test_add_sheet_refuses_an_id_in_use(spreadsheet):
    error = _refused(spreadsheet, {"addSheet": {"properties": {"sheetId": 0, "title": "x"}}})
    assert error["message"] == (
        "Invalid requests[0].addSheet: A sheet with id 0 already exists. Please enter another id."
    )


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ({"rowCount": 0}, "You can't delete all the rows on the sheet."),
        ({"columnCount": 0}, "You can't delete all the columns on the sheet."),
        ({"rowCount": 3, "frozenRowCount": 3}, "You can't freeze all visible rows on the sheet."),
        (
            {"columnCount": 2, "frozenColumnCount": 5},
            "You can't freeze all visible columns on the sheet.",
        ),
    ],
)
def test_add_sheet_refuses_an_empty_or_wholly_frozen_grid(spreadsheet, grid, message):
    error = _refused(spreadsheet, {"addSheet": {"properties": {"gridProperties": grid}}})
    assert error["message"] == f"Invalid requests[0].addSheet: {message}"


# -- deleteSheet and duplicateSheet ----------------------------------------------------------


def test_delete_sheet_removes_it_and_the_named_ranges_on_it(spreadsheet):
    _batch(
        spreadsheet,
        {"addSheet": {"properties": {"sheetId": 7, "title": "Tạm"}}},
        {"addNamedRange": {"namedRange": {"name": "tam", "range": {"sheetId": 7}}}},
        {"addNamedRange": {"namedRange": {"name": "giu", "range": {"sheetId": 0}}}},
    )
    _batch(spreadsheet, {"deleteSheet": {"sheetId": 7}})
    data = spreadsheet.fetch_sheet_metadata(params={"fields": "namedRanges.name"})
    assert (_titles(spreadsheet), data) == (["Sheet1"], {"namedRanges": [{"name": "giu"}]})


def test_the_last_sheet_cannot_be_deleted(spreadsheet):
    error = _refused(spreadsheet, {"deleteSheet": {"sheetId": 0}})
    assert error["message"] == (
        "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."
    )


def test_unknown_sheet_ids_are_refused_with_googles_words(spreadsheet):
    error = _refused(spreadsheet, {"deleteSheet": {"sheetId": 404}})
    assert error["message"] == "Invalid requests[0].deleteSheet: No grid with id: 404"


def test_duplicate_sheet_copies_cells_and_names_the_copy(spreadsheet):
    spreadsheet.sheet1.update([["Đơn vị", 3]], "A1")
    reply = _batch(spreadsheet, {"duplicateSheet": {"sourceSheetId": 0, "newSheetId": 55}})[0]
    assert reply["duplicateSheet"]["properties"] == {
        "sheetId": 55,
        "title": "Copy of Sheet1",
        "index": 1,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }
    assert spreadsheet.get_worksheet_by_id(55).get_all_values() == [["Đơn vị", "3"]]
    again = _batch(spreadsheet, {"duplicateSheet": {"sourceSheetId": 0, "insertSheetIndex": 0}})[0]
    assert again["duplicateSheet"]["properties"]["title"] == "Copy of Sheet1 2"
    assert _titles(spreadsheet) == ["Copy of Sheet1 2", "Sheet1", "Copy of Sheet1"]


def test_duplicate_sheet_with_a_protection_on_a_named_range_protects_the_same_cells(spreadsheet):
    top_row = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}
    reply = _batch(
        spreadsheet, {"addNamedRange": {"namedRange": {"name": "TieuDe", "range": top_row}}}
    )
    by_name = {"namedRangeId": reply[0]["addNamedRange"]["namedRange"]["namedRangeId"]}
    _batch(spreadsheet, {"addProtectedRange": {"protectedRange": by_name}})
    _batch(spreadsheet, {"duplicateSheet": {"sourceSheetId": 0, "newSheetId": 9}})
    fields = "sheets(properties.sheetId,protectedRanges(range,namedRangeId))"
    sheets = spreadsheet.fetch_sheet_metadata(params={"fields": fields})["sheets"]
    assert [s["protectedRanges"] for s in sheets] == [
        [by_name],
        [{"range": {**top_row, "sheetId": 9}}],
    ]


# -- updateSheetProperties -------------------------------------------------------------


def test_rename_keeps_the_id_and_refuses_a_taken_title(spreadsheet):
    spreadsheet.add_worksheet("Đơn vị", rows=5, cols=5)
    _batch(spreadsheet, _props("title", title="Tổng hợp"))
    assert _titles(spreadsheet) == ["Tổng hợp", "Đơn vị"]
    error = _refused(spreadsheet, _props("title", title="ĐƠN VỊ"))
    assert error["message"].endswith(
        'A sheet with the name "ĐƠN VỊ" already exists. Please enter another name.'
    )


@pytest.mark.parametrize(
    ("index", "order"),
    [
        (0, ["S1", "S2", "S3"]),  # ignored: already there
        (1, ["S1", "S2", "S3"]),  # ignored: current index + 1
        (2, ["S2", "S1", "S3"]),  # "to move S1 ahead of S2 the index would have to be set to 2"
        (3, ["S2", "S3", "S1"]),
    ],
)
def test_sheet_index_moves_count_positions_before_the_move(spreadsheet, index, order):
    spreadsheet.sheet1.update_title("S1")
    spreadsheet.add_worksheet("S2", 1, 1)
    spreadsheet.add_worksheet("S3", 1, 1)
    _batch(spreadsheet, _props("index", index=index))
    assert _titles(spreadsheet) == order
    assert [p["index"] for p in _sheets(spreadsheet)] == [0, 1, 2]


def test_hiding_is_allowed_until_every_sheet_would_be_hidden(spreadsheet):
    second = spreadsheet.add_worksheet("Hai", 2, 2)
    second.hide()
    assert _sheets(spreadsheet)[1]["hidden"] is True
    error = _refused(spreadsheet, _props("hidden", hidden=True))
    assert error["message"] == (
        "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document."
    )
    second.show()
    assert "hidden" not in _sheets(spreadsheet)[1]


def test_shrinking_the_grid_deletes_the_last_rows_and_columns_with_what_is_on_them(spreadsheet):
    ws = spreadsheet.sheet1
    ws.update([["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]], "A1")
    ws.merge_cells("C1:C3")
    ws.resize(rows=2)
    merges = {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 2, "endColumnIndex": 3}
    fields = {"fields": "sheets(properties.gridProperties,merges)"}
    assert spreadsheet.fetch_sheet_metadata(params=fields)["sheets"][0] == {
        "properties": {"gridProperties": {"rowCount": 2, "columnCount": 26}},
        "merges": [merges],
    }
    assert ws.get("A1:C2") == [["a", "b", "c"], ["d", "e"]]
    ws.resize(cols=2)
    assert spreadsheet.fetch_sheet_metadata(params=fields)["sheets"][0] == {
        "properties": {"gridProperties": {"rowCount": 2, "columnCount": 2}}
    }
    ws.resize(rows=4, cols=3)
    assert ws.get("A1:C4") == [["a", "b"], ["d", "e"]]


@pytest.mark.parametrize(
    ("grid", "fields", "message"),
    [
        ({"rowCount": 0}, "gridProperties.rowCount", "You can't delete all the rows on the sheet."),
        ({"frozenRowCount": 1}, "gridProperties", "You can't delete all the rows on the sheet."),
        (
            {"frozenRowCount": 1000},
            "gridProperties.frozenRowCount",
            "You can't freeze all visible rows on the sheet.",
        ),
        (
            {"frozenColumnCount": 26},
            "gridProperties.frozenColumnCount",
            "You can't freeze all visible columns on the sheet.",
        ),
    ],
)
def test_grid_changes_google_refuses(spreadsheet, grid, fields, message):
    error = _refused(spreadsheet, _props(fields, gridProperties=grid))
    assert error["message"] == f"Invalid requests[0].updateSheetProperties: {message}"


def test_frozen_rows_and_columns_are_set_and_cleared(spreadsheet):
    ws = spreadsheet.sheet1
    ws.freeze(rows=2, cols=1)
    assert _sheets(spreadsheet)[0]["gridProperties"] == {
        "rowCount": 1000, "columnCount": 26, "frozenRowCount": 2, "frozenColumnCount": 1,
    }  # fmt: skip
    ws.freeze(rows=0, cols=0)
    assert _sheets(spreadsheet)[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ({"red": 1, "blue": 0.5}, {"red": 1, "blue": 0.49803922}),  # recorded from Google
        ({"red": 0.2, "green": 0.4, "blue": 0.6}, {"red": 0.2, "green": 0.4, "blue": 0.6}),
        ({"red": 0.1, "green": 0.0}, {"red": 0.09803922}),
        ({"green": 1.7, "blue": -1}, {"green": 1}),
    ],
)
def test_tab_colors_are_kept_at_8_bits_and_mirrored_in_the_legacy_field(spreadsheet, sent, stored):
    _batch(spreadsheet, _props("tabColorStyle", tabColorStyle={"rgbColor": sent}))
    props = _sheets(spreadsheet)[0]
    assert props["tabColorStyle"] == {"rgbColor": stored}
    assert props["tabColor"] == stored


def test_the_legacy_tab_color_sets_the_style_too_and_clearing_removes_both(spreadsheet):
    _batch(spreadsheet, _props("tabColor", tabColor={"green": 0.5}))
    props = _sheets(spreadsheet)[0]
    assert (props["tabColor"], props["tabColorStyle"]) == (
        {"green": 0.49803922},
        {"rgbColor": {"green": 0.49803922}},
    )
    spreadsheet.sheet1.clear_tab_color()
    assert {"tabColor", "tabColorStyle"}.isdisjoint(_sheets(spreadsheet)[0])


def test_a_star_mask_keeps_the_read_only_sheet_type(spreadsheet):
    props = {"sheetId": 0, "title": "Tất cả", "gridProperties": {"rowCount": 5, "columnCount": 3}}
    _batch(spreadsheet, {"updateSheetProperties": {"properties": props, "fields": "*"}})
    assert _sheets(spreadsheet)[0] == {**props, "index": 0, "sheetType": "GRID"}


# -- updateSpreadsheetProperties ---------------------------------------------------------


def test_spreadsheet_title_locale_and_time_zone_change_only_where_masked(spreadsheet):
    _batch(
        spreadsheet,
        {
            "updateSpreadsheetProperties": {
                "properties": {
                    "title": "Báo cáo tháng 10",
                    "locale": "vi_VN",
                    "timeZone": "Asia/Ho_Chi_Minh",
                    "autoRecalc": "HOUR",
                },
                "fields": "title,locale,timeZone",
            }
        },
    )
    props = spreadsheet.fetch_sheet_metadata(
        params={"fields": "properties(title,locale,timeZone,autoRecalc)"}
    )
    assert props == {
        "properties": {
            "title": "Báo cáo tháng 10",
            "locale": "vi_VN",
            "autoRecalc": "ON_CHANGE",
            "timeZone": "Asia/Ho_Chi_Minh",
        }
    }


@pytest.mark.parametrize("kind", ["updateSpreadsheetProperties", "updateSheetProperties"])
def test_update_requests_need_a_field_mask(spreadsheet, kind):
    error = _refused(spreadsheet, {kind: {"properties": {"title": "x"}}})
    assert error["message"] == (
        f"Invalid requests[0].{kind}: At least one field must be listed in 'fields'. "
        "(Use '*' to indicate all fields.)"
    )


# -- batches: all or nothing, Google's errors -----------------------------------------


def test_a_failing_request_leaves_nothing_of_the_batch_applied(spreadsheet):
    spreadsheet.sheet1.update([["giữ nguyên"]], "A1")
    error = _refused(
        spreadsheet,
        {"addSheet": {"properties": {"sheetId": 31, "title": "Mới"}}},
        {
            "updateCells": {
                "start": {"sheetId": 0},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "đã đổi"}}]}],
                "fields": "userEnteredValue",
            }
        },
        {"updateCells": {"start": {"sheetId": 99}, "rows": [], "fields": "userEnteredValue"}},
        {"deleteSheet": {"sheetId": 0}},
    )
    assert error == {
        "code": 400,
        "message": "Invalid requests[2].updateCells: No grid with id: 99",
        "status": "INVALID_ARGUMENT",
    }
    assert _titles(spreadsheet) == ["Sheet1"]
    assert spreadsheet.sheet1.get_all_values() == [["giữ nguyên"]]


def test_replies_line_up_with_requests_and_empty_replies_are_empty_objects(spreadsheet):
    replies = _batch(
        spreadsheet,
        _props("title", title="A"),
        {"addSheet": {"properties": {"sheetId": 3, "title": "B"}}},
        {"deleteSheet": {"sheetId": 3}},
    )
    assert replies[0] == {} and replies[2] == {}
    assert replies[1]["addSheet"]["properties"]["sheetId"] == 3


@pytest.mark.parametrize(
    ("request_", "field", "name"),
    [
        ({"renameSheet": {}}, "requests[0]", "renameSheet"),
        (
            {"addSheet": {"properties": {"title": "x", "colour": "red"}}},
            "requests[0].add_sheet.properties",
            "colour",
        ),
    ],
)
def test_unknown_request_kinds_and_fields_get_googles_field_violations(
    spreadsheet, request_, field, name
):
    error = _refused(spreadsheet, request_)
    message = (
        f"Invalid JSON payload received. Unknown name \"{name}\" at '{field}': Cannot find field."
    )
    assert error == {
        "code": 400,
        "message": message,
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field, "description": message}],
            }
        ],
    }


def test_an_empty_batch_is_refused(spreadsheet, client):
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{spreadsheet.id}:batchUpdate"
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        client.http_client.request("post", url, json={"requests": []})
    assert excinfo.value.response.json() == {
        "error": {
            "code": 400,
            "message": "Must specify at least one request.",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_the_updated_spreadsheet_comes_back_when_asked(spreadsheet):
    body = spreadsheet.batch_update(
        {
            "requests": [{"addSheet": {"properties": {"sheetId": 12, "title": "Kèm"}}}],
            "includeSpreadsheetInResponse": True,
        }
    )
    assert [s["properties"]["title"] for s in body["updatedSpreadsheet"]["sheets"]] == [
        "Sheet1",
        "Kèm",
    ]
