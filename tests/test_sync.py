"""The monthly sync end to end: a messy month of responses through gspread and the emulator."""

from __future__ import annotations

import pytest

from jobs.periods import Month
from jobs.report import Status
from jobs.sync import run_sync
from jobs.units import UNITS_TAB
from sheets.layouts import KIEM_TRA, TINH_HINH_NOP, phu_luc_3_title
from sheets.layouts_checks import KIEM_TRA_HEADERS
from tests.sync_corpus import (
    CENTRE,
    NOW,
    RESPONSES,
    ROWS,
    TZ,
    messy_office,
    sync,
    syncs_at_once,
    vietnamese_spreadsheet,
    write_responses,
)

OCTOBER = Month(2026, 10)


@pytest.fixture
def office(client, emulator):
    """Return a Vietnamese spreadsheet after init-sheet, with the messy responses added."""
    spreadsheet = messy_office(client)
    emulator.faults.reset_stats()
    return spreadsheet


def test_init_sheet_creates_the_managed_tabs_and_the_seed_units(client, emulator):
    spreadsheet = vietnamese_spreadsheet(client)
    emulator.faults.reset_stats()
    result = sync(client, spreadsheet, require_responses=False)
    assert result.written == [UNITS_TAB, TINH_HINH_NOP, KIEM_TRA, phu_luc_3_title(OCTOBER)]
    assert (result.reads, result.writes) == (1, 1)
    stats = emulator.faults.stats()
    assert (stats["read"], stats["write"]) == (1, 1)
    units = spreadsheet.worksheet(UNITS_TAB).get_all_values()
    assert units[0] == ["STT", "Đơn vị", "Loại", "Mã giới thiệu", "Tên khác", "Theo dõi"]
    assert units[2][:4] == ["2", "Phường Nguyễn Thị Minh Khai", "Phường", "0605801834"]
    assert len(units) == 10
    table = spreadsheet.worksheet(phu_luc_3_title(OCTOBER)).get_all_values()
    assert [row[8] for row in table[4:13]] == ["Chưa báo cáo"] * 9


def test_the_units_tab_is_never_overwritten(client, office):
    tab = office.worksheet(UNITS_TAB)
    tab.update([["Phường Sông Cầu (sửa tay)"]], "B4")
    sync(client, office)
    assert tab.acell("B4").value == "Phường Sông Cầu (sửa tay)"


def test_a_sync_reads_once_writes_once_and_then_nothing(client, office, emulator):
    result = sync(client, office)
    assert (result.reads, result.writes) == (1, 1)
    assert emulator.faults.stats()["read"] == 1 and emulator.faults.stats()["write"] == 1
    emulator.faults.reset_stats()
    again = run_sync(client, office.id, tz=TZ, deadline_day=10, now=NOW.replace(hour=15))
    assert (again.reads, again.writes) == (1, 0)
    assert again.written == []
    assert emulator.faults.stats().get("write", 0) == 0


def test_a_sync_asks_google_for_compact_json(client, office):
    # Google indents its answers by default; the read of a big sheet would be 3x the bytes.
    answers = []
    hook = client.http_client.session.hooks["response"]
    hook.append(lambda response, *args, **kwargs: answers.append(response.content))
    try:
        result = sync(client, office)
    finally:
        hook.pop()
    assert (result.reads, result.writes) == (1, 1)
    assert len(answers) == 2  # the read and the batchUpdate's reply
    assert all(answer.startswith(b'{"') and b"\n" not in answer for answer in answers)


def test_the_month_due_gets_phu_luc_3_exactly(client, office):
    result = sync(client, office)
    summary = result.summaries[OCTOBER]
    statuses = {u.unit: u.status for u in summary.units}
    assert statuses == {
        CENTRE: Status.ON_TIME,
        "Phường Nguyễn Thị Minh Khai": Status.REPORTED,
        "Phường Sông Cầu": Status.LATE,
        "Phường Đức Xuân": Status.ON_TIME,
        "Phường Phùng Chí Kiên": Status.INVALID,
        "Phường Huyền Tụng": Status.INVALID,
        "Xã Dương Quang": Status.ON_TIME,
        "Xã Nông Thượng": Status.LATE,
        "Phường Xuất Hóa": Status.ON_TIME,
    }
    assert (summary.expected, summary.reported, summary.on_time) == (9, 7, 4)
    tab = office.worksheet(phu_luc_3_title(OCTOBER))
    values = tab.get_all_values(value_render_option="UNFORMATTED_VALUE")
    assert values[0][0] == "BIỂU TỔNG HỢP"
    assert values[1][0] == (
        "Số liệu, báo cáo về việc cài đặt và sử dụng công cụ i-Speed tháng 10/2026"
    )
    assert values[2] == [
        "STT",
        "Đơn vị",
        "Số lượng",
        "",
        "",
        "",
        "Phương tiện thực hiện",
        "Các hình thức tuyên truyền khác",
        "Ghi chú",
    ]
    assert values[3][2:6] == ["Tin, Ảnh", "Bài", "Chương trình/Ps", "Buổi TT"]
    body = values[4:13]
    assert body[0] == [
        1,
        CENTRE,
        12,
        3,
        2,
        1,
        "Trang thông tin điện tử, Zalo",
        "Pano tại trung tâm",
        "",
    ]
    assert body[1][:6] == [2, "Phường Nguyễn Thị Minh Khai", 2, 2, 0, 0]
    assert body[1][8] == "Nhập tay: báo cáo qua Zalo"
    assert body[2] == [
        3,
        "Phường Sông Cầu",
        6,
        1,
        0,
        1,
        "Zalo, Facebook",
        "",
        "Bổ sung số liệu; Báo cáo muộn (18/11/2026)",
    ]
    assert body[4][:6] == [5, "Phường Phùng Chí Kiên", "", "", "", ""]
    assert body[4][8].startswith("Chưa báo cáo")
    assert body[7] == [
        8,
        "Xã Nông Thượng",
        1,
        0,
        0,
        1,
        "",
        "",
        '=HYPERLINK("http://x","bấm"); Báo cáo muộn (10/11/2026)',
    ]
    assert body[8][:6] == [9, "Phường Xuất Hóa", 3, 0, 1, 0]
    assert values[13][1:6] == ["Tổng cộng", 30, 10, 6, 5]
    assert values[14][0].startswith("Lập lúc 09:00 ngày 23/11/2026")
    assert values[15][0] == "Đã báo cáo: 7/9 đơn vị (4 đúng hạn)."


def test_phu_luc_3_formats_merges_and_literal_text(client, office):
    sync(client, office)
    title = phu_luc_3_title(OCTOBER)
    meta = office.fetch_sheet_metadata(
        {
            "includeGridData": "true",
            "ranges": f"'{title}'",
            "fields": "sheets(properties(gridProperties),merges,protectedRanges,"
            "data(rowData(values(userEnteredValue,userEnteredFormat(textFormat,"
            "horizontalAlignment,wrapStrategy,borders)))))",
        }
    )
    sheet = meta["sheets"][0]
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 4
    merges = {
        (m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"])
        for m in sheet["merges"]
    }
    assert {
        (0, 1, 0, 9),
        (1, 2, 0, 9),
        (2, 3, 2, 6),
        (2, 4, 0, 1),
        (2, 4, 1, 2),
        (2, 4, 6, 7),
        (2, 4, 7, 8),
        (2, 4, 8, 9),
    } <= merges
    protection = sheet["protectedRanges"][0]
    assert protection["warningOnly"] is True
    rows = sheet["data"][0]["rowData"]
    title_cell = rows[0]["values"][0]
    assert title_cell["userEnteredFormat"]["textFormat"]["bold"] is True
    assert title_cell["userEnteredFormat"]["horizontalAlignment"] == "CENTER"
    count = rows[4]["values"][2]
    assert count["userEnteredValue"] == {"numberValue": 12}
    note = rows[11]["values"][8]  # Xã Nông Thượng's note: person-typed text stays text
    assert note["userEnteredValue"] == {
        "stringValue": '=HYPERLINK("http://x","bấm"); Báo cáo muộn (10/11/2026)'
    }
    assert set(rows[4]["values"][1]["userEnteredFormat"]["borders"]) == {
        "top",
        "bottom",
        "left",
        "right",
    }


def test_kiem_tra_lists_every_problem_with_its_handling(client, office):
    sync(client, office)
    rows = office.worksheet(KIEM_TRA).get_all_values()
    assert rows[0] == list(KIEM_TRA_HEADERS)  # the words are pinned in test_layouts_checks
    found = {(r[0], r[4]): r for r in rows[1:]}
    errors = {r[0] for r in rows[1:] if r[4] == "Lỗi"}
    assert errors >= {"8", "9", "10", "15", "16", "17"}
    assert "Số tin, ảnh" in found[("8", "Lỗi")][5] and "năm" in found[("8", "Lỗi")][5]
    assert "âm" in found[("9", "Lỗi")][5]
    assert "số nguyên" in found[("10", "Lỗi")][5]
    assert "chưa tới" in found[("15", "Lỗi")][5]
    assert "Không nhận ra đơn vị" in found[("16", "Lỗi")][5]
    assert "không thuộc diện theo dõi" in found[("17", "Lỗi")][5]
    assert found[("16", "Lỗi")][2] == "Phường Không Tồn Tại"  # as typed
    warnings = {r[0]: r for r in rows[1:] if r[4] == "Cảnh báo"}
    assert "thiếu dấu" in warnings["6"][5]  # "xa duong quang"
    assert "để trống" in warnings["5"][5] and warnings["5"][6] == "Tính là 0."
    assert "mới hơn" in warnings["3"][5]  # replaced by row 12
    assert "Không có dấu thời gian" in warnings["13"][5]
    column_notes = [r[5] for r in rows[1:] if r[0] == ""]
    assert any("Địa chỉ email" in text for text in column_notes)
    assert any("Số buổi tuyên truyền (buổi)" in text for text in column_notes)
    # Errors come first.
    levels = [r[4] for r in rows[1:]]
    assert levels == sorted(levels, key=lambda level: level != "Lỗi")


def test_every_response_row_is_counted_or_explained(client, office):
    result = sync(client, office)
    counted = {r.row for r in result.summaries[OCTOBER].units if r.row}
    counted |= {r.row for s in result.summaries.values() for r in s.units if r.row}
    explained = {p.row for p in result.problems if p.row}
    rows_with_data = {n + 2 for n, line in enumerate(ROWS) if any(line)}
    assert rows_with_data <= counted | explained


def test_months_with_reports_get_their_own_phu_luc_3(client, office):
    sync(client, office)
    titles = [w.title for w in office.worksheets()]
    for month in ("08/2026", "09/2026", "10/2026"):
        assert f"Phụ lục 3 - {month}" in titles
    assert "Phụ lục 3 - 12/2026" not in titles  # a future month is an error, not a tab
    august = office.worksheet("Phụ lục 3 - 08/2026").get_all_values()
    assert august[4][:3] == ["1", CENTRE, "10"]
    assert august[4][8] == "Báo cáo muộn (15/09/2026)"
    september = office.worksheet("Phụ lục 3 - 09/2026").get_all_values()
    assert september[10][:3] == ["7", "Xã Dương Quang", "1"]  # typed-as-text timestamp read


def test_tinh_hinh_nop_shows_units_by_month_with_rates(client, office):
    sync(client, office)
    grid = office.worksheet(TINH_HINH_NOP).get_all_values()
    assert grid[0] == ["STT", "Đơn vị", "08/2026", "09/2026", "10/2026"]
    assert grid[1][1:] == [CENTRE, "Muộn (15/09/2026)", "Chưa báo cáo", "Đúng hạn (05/11/2026)"]
    by_unit = {row[1]: row for row in grid[1:10]}
    assert by_unit["Phường Phùng Chí Kiên"][4] == "Có lỗi"
    assert by_unit["Phường Sông Cầu"][4] == "Muộn (18/11/2026)"
    assert by_unit["Phường Nguyễn Thị Minh Khai"][4] == "Đã báo cáo (không rõ ngày)"
    rates = {row[1]: row[2:] for row in grid[10:]}
    assert rates["Tỷ lệ báo cáo"][2] == "7/9 (77,8%)"
    assert rates["Tỷ lệ đúng hạn"][2] == "4/9 (44,4%)"


def test_a_cell_corrected_by_the_office_is_taken_at_the_next_sync(client, office):
    sync(client, office)
    office.worksheet(RESPONSES).update([[5]], "D8")  # "năm" -> 5
    result = sync(client, office)
    units = {u.unit: u for u in result.summaries[OCTOBER].units}
    assert units["Phường Huyền Tụng"].status is Status.LATE
    assert units["Phường Huyền Tụng"].counts.as_tuple() == (5, 1, 1, 1)
    assert result.writes == 1
    rows = office.worksheet(KIEM_TRA).get_all_values()
    assert not any(r[0] == "8" and r[4] == "Lỗi" for r in rows)


def test_two_syncs_at_once_never_duplicate_or_mix_tabs(client, emulator):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    results, errors = syncs_at_once(client, spreadsheet)
    assert errors == []
    titles = [w.title for w in spreadsheet.worksheets()]
    assert len(titles) == len(set(titles))
    assert titles.count(phu_luc_3_title(OCTOBER)) == 1
    assert all(r.reads <= 2 and r.writes <= 1 for r in results)
    # Whatever order the runs committed in, a fresh run finds nothing to change.
    assert sync(client, spreadsheet).writes == 0


def test_no_responses_tab_is_a_clear_error(client):
    from service.errors import SheetContentError

    spreadsheet = vietnamese_spreadsheet(client)
    with pytest.raises(SheetContentError) as excinfo:
        sync(client, spreadsheet)
    assert "Không tìm thấy trang câu trả lời" in excinfo.value.user_message


def test_a_missing_required_column_is_a_clear_error(client):
    from service.errors import SheetContentError

    spreadsheet = vietnamese_spreadsheet(client)
    tab = spreadsheet.add_worksheet(RESPONSES, rows=10, cols=5)
    tab.update([["Dấu thời gian", "Đơn vị báo cáo", "Số bài"]], "A1")
    with pytest.raises(SheetContentError) as excinfo:
        sync(client, spreadsheet)
    assert "thiếu cột" in excinfo.value.user_message
    assert "“Tháng báo cáo”" in excinfo.value.user_message


def test_a_units_tab_without_units_is_a_clear_error(client):
    from service.errors import SheetContentError

    spreadsheet = vietnamese_spreadsheet(client)
    sync(client, spreadsheet, require_responses=False)
    tab = spreadsheet.worksheet(UNITS_TAB)
    tab.clear()
    tab.update([["Tên", "Ghi chú"]], "A1")
    with pytest.raises(SheetContentError) as excinfo:
        sync(client, spreadsheet, require_responses=False)
    assert "Đơn vị" in excinfo.value.user_message
