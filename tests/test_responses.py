"""Finding the responses tab and mapping its columns to the form's questions."""

from __future__ import annotations

from forms.definition import QUESTIONS
from jobs.responses import TIMESTAMP, find_responses_tab, read_responses
from sheets.workbook import Tab, Workbook

TITLES = ["Dấu thời gian", *(q.title for q in QUESTIONS)]


def _tab(title, values, index=0):
    return Tab(
        sheet_id=index, title=title, index=index, row_count=100, column_count=20, values=values
    )


def test_the_responses_tab_is_found_by_its_header_not_its_name():
    workbook = Workbook(
        "x",
        "Báo cáo",
        "vi_VN",
        "Asia/Ho_Chi_Minh",
        [
            _tab("Đơn vị", [["STT", "Đơn vị"]], 0),
            _tab("Trả lời (đổi tên)", [["Timestamp", "Đơn vị báo cáo"]], 1),
        ],
    )
    assert find_responses_tab(workbook).title == "Trả lời (đổi tên)"


def test_reordered_renamed_and_extra_columns_are_mapped():
    header = [
        "DẤU THỜI GIAN",
        "Tháng báo cáo",
        "Địa chỉ email",
        "Đơn vị báo cáo",
        "Số tin/ảnh",
        "Số bài",
        "Số chương trình, phóng sự",
        "Số buổi tuyên truyền (buổi)",
    ]
    table = read_responses(_tab("R", [header, ["x"] * len(header)]))
    assert table.columns[TIMESTAMP] == 0
    assert table.columns["month"] == 1 and table.columns["unit"] == 3
    assert table.columns["news"] == 4 and table.columns["programmes"] == 6
    assert table.columns["sessions"] == 7
    assert table.unknown_columns == [(2, "Địa chỉ email")]
    assert table.renamed == [("Số buổi tuyên truyền (buổi)", "Số buổi tuyên truyền")]
    assert {q.key for q in table.missing} == {"means", "other_forms", "notes", "reporter", "phone"}


def test_blank_rows_are_skipped_and_row_numbers_kept():
    table = read_responses(_tab("R", [TITLES, ["a"], [], [None, "  "], ["b"]]))
    assert [number for number, _ in table.rows] == [2, 5]


def test_a_header_too_far_from_every_question_is_not_guessed():
    table = read_responses(_tab("R", [["Dấu thời gian", "Đơn vị báo cáo", "Ghi chép"]]))
    assert "notes" not in table.columns
    assert table.unknown_columns == [(2, "Ghi chép")]
