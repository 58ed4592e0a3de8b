"""Tests of the office's working tabs: Kiểm tra, Tình hình nộp and the seeded Đơn vị."""

from __future__ import annotations

from datetime import datetime

import msgspec

from jobs.periods import deadline
from jobs.report import Level, MonthSummary, Problem, Status
from sheets import layouts_checks
from sheets.layouts import (
    DON_VI,
    KIEM_TRA,
    PROTECTION_NOTE,
    TINH_HINH_NOP,
    don_vi,
    kiem_tra,
    tinh_hinh_nop,
)
from tests.layout_samples import (
    MADE_AT,
    OCTOBER,
    SEED_UNITS,
    VN,
    boxed,
    fmt,
    grid,
    october,
    on,
    problem,
    september,
    value,
)


def test_kiem_tra_lists_errors_first_then_by_row() -> None:
    problems = [
        problem(9, Level.WARNING, "w9"),
        problem(12, Level.ERROR, "e12"),
        problem(3, Level.WARNING, "w3"),
        problem(None, Level.ERROR, "e-unit-list"),
        problem(4, Level.ERROR, "e4"),
    ]
    content = kiem_tra(problems, made_at=MADE_AT)
    assert content.title == KIEM_TRA
    assert [value(r[5]) for r in content.rows[1:]] == ["e-unit-list", "e4", "e12", "w3", "w9"]
    assert [value(r[0]) for r in content.rows[1:]] == [None, 4, 12, 3, 9]
    assert [value(r[4]) for r in content.rows[1:]] == ["Lỗi", "Lỗi", "Lỗi", "Cảnh báo", "Cảnh báo"]
    assert content.rows[2][0]["userEnteredValue"] == {"numberValue": 4}


def test_kiem_tra_header_is_bold_frozen_and_bordered() -> None:
    content = kiem_tra([problem(2, Level.ERROR, "e")], made_at=MADE_AT)
    assert [value(c) for c in content.rows[0]] == [
        "Dòng",
        "Dấu thời gian",
        "Đơn vị (như đã nhập)",
        "Tháng",
        "Mức độ",
        "Vấn đề",
        "Cách xử lý",
    ]
    assert all(fmt(c)["textFormat"] == {"bold": True} for c in content.rows[0])
    assert all(boxed(content, r, c) for r in (0, 1) for c in range(7))
    assert content.borders == [(0, 2, 0, 7)]
    assert content.frozen_rows == 1
    assert content.protection == PROTECTION_NOTE


def test_kiem_tra_writes_typed_text_as_given() -> None:
    typed = Problem(7, "=NOW()", '=HYPERLINK("x")', "0010/2026", Level.ERROR, "e", "h")
    row = kiem_tra([typed], made_at=MADE_AT).rows[1]
    assert [c["userEnteredValue"] for c in row[1:4]] == [
        {"stringValue": "=NOW()"},
        {"stringValue": '=HYPERLINK("x")'},
        {"stringValue": "0010/2026"},
    ]


def test_kiem_tra_without_problems_says_so() -> None:
    content = kiem_tra([], made_at=MADE_AT)
    assert [value(r[0]) for r in content.rows] == ["Dòng", "Không có vấn đề nào."]
    assert content.merges == [(1, 2, 0, 7)]
    assert content.borders == [(0, 1, 0, 7)]  # the header only: the sentence is not a table


def test_kiem_tra_fingerprint_ignores_made_at() -> None:
    problems = [problem(2, Level.ERROR, "e")]
    assert (
        kiem_tra(problems, made_at=MADE_AT).fingerprint()
        == kiem_tra(problems, made_at=datetime(2027, 1, 1, tzinfo=VN)).fingerprint()
    )


def test_tinh_hinh_nop_shows_labels_dates_and_rates() -> None:
    content = tinh_hinh_nop([october(), september()], made_at=MADE_AT)
    _ = None
    assert content.title == TINH_HINH_NOP
    assert grid(content, 4) == [
        ["STT", "Đơn vị", "09/2026", "10/2026"],
        [1, SEED_UNITS[0], "Đúng hạn (04/10/2026)", "Đúng hạn (05/11/2026)"],
        [2, SEED_UNITS[1], "Có lỗi", "Muộn (15/11/2026)"],
        [3, SEED_UNITS[2], "Đã báo cáo (không rõ ngày)", "Chưa báo cáo"],
        [4, SEED_UNITS[3], "Chưa báo cáo", "Đúng hạn (08/11/2026)"],
        [5, SEED_UNITS[4], "Chưa báo cáo", "Đã báo cáo (không rõ ngày)"],
        [6, SEED_UNITS[5], "Chưa báo cáo", "Có lỗi"],
        [7, SEED_UNITS[6], "Chưa báo cáo", "Đúng hạn (09/11/2026)"],
        [8, SEED_UNITS[7], "Chưa báo cáo", "Muộn (12/11/2026)"],
        [9, SEED_UNITS[8], "—", "Đúng hạn (01/11/2026)"],
        [10, "Xã Cũ", "Muộn (20/10/2026)", "—"],
        [_, "Tỷ lệ báo cáo", "3/9 (33,3%)", "7/9 (77,8%)"],
        [_, "Tỷ lệ đúng hạn", "1/9 (11,1%)", "4/9 (44,4%)"],
    ]


def test_tinh_hinh_nop_freezes_header_and_names_and_borders_cells() -> None:
    content = tinh_hinh_nop([october(), september()], made_at=MADE_AT)
    assert (content.frozen_rows, content.frozen_columns) == (1, 2)
    assert content.borders == [(0, 13, 0, 4)]  # header, 10 units, 2 rates: all boxed
    assert all(boxed(content, r, c) for r, row in enumerate(content.rows) for c in range(len(row)))
    assert all(fmt(c)["textFormat"] == {"bold": True} for c in content.rows[0])
    assert len(content.column_widths) == 4


def test_tinh_hinh_nop_colour_goes_with_a_text_label() -> None:
    content = tinh_hinh_nop([october()], made_at=MADE_AT)
    coloured = [c for row in content.rows[1:] for c in row if "backgroundColorStyle" in fmt(c)]
    assert len(coloured) == 9
    assert all(value(c) for c in coloured)


def test_tinh_hinh_nop_takes_unchanged_months_from_the_last_grid_and_only_those() -> None:
    # A warm process passes the very summaries of the months that did not change.
    september_summary, october_summary = september(), october()
    tinh_hinh_nop([october_summary, september_summary], made_at=MADE_AT)
    units = list(october_summary.units)
    units[2] = msgspec.structs.replace(units[2], status=Status.LATE, submitted_at=on(12))
    changed = msgspec.structs.replace(october_summary, units=tuple(units))
    warm = tinh_hinh_nop([changed, september_summary], made_at=MADE_AT)
    assert value(warm.rows[3][3]) == "Muộn (12/11/2026)"  # was "Chưa báo cáo"
    layouts_checks.forget_columns()  # what a fresh process builds
    fresh = tinh_hinh_nop([changed, september_summary], made_at=MADE_AT)
    assert warm.rows == fresh.rows
    assert warm.fingerprint() == fresh.fingerprint()


def test_tinh_hinh_nop_rate_without_expected_units_has_no_percentage() -> None:
    empty = MonthSummary(OCTOBER, deadline(OCTOBER, deadline_day=10, tz=VN), ())
    content = tinh_hinh_nop([empty], made_at=MADE_AT)
    assert grid(content, 3)[1:] == [[None, "Tỷ lệ báo cáo", "0/0"], [None, "Tỷ lệ đúng hạn", "0/0"]]


SEED_ROWS: list[list[str | int]] = [
    ["STT", "Đơn vị", "Loại", "Mã giới thiệu", "Tên khác", "Theo dõi"],
    [1, SEED_UNITS[0], "Trung tâm", "", "TTVHTT&TT", "Có"],
    [2, SEED_UNITS[1], "Phường", "0605801834", "P. NTMK; Nguyễn Thị Minh Khai", "Có"],
]


def test_don_vi_keeps_referral_codes_as_text() -> None:
    content = don_vi(SEED_ROWS)
    code = content.rows[2][3]
    assert code["userEnteredValue"] == {"stringValue": "0605801834"}
    assert fmt(code)["numberFormat"]["type"] == "TEXT"
    assert content.rows[2][0]["userEnteredValue"] == {"numberValue": 2}
    assert grid(content, 6) == [
        ["STT", "Đơn vị", "Loại", "Mã giới thiệu", "Tên khác", "Theo dõi"],
        [1, SEED_UNITS[0], "Trung tâm", None, "TTVHTT&TT", "Có"],
        [2, SEED_UNITS[1], "Phường", "0605801834", "P. NTMK; Nguyễn Thị Minh Khai", "Có"],
    ]


def test_don_vi_header_is_bold_and_frozen_and_tab_is_unprotected() -> None:
    content = don_vi(SEED_ROWS)
    assert content.title == DON_VI
    assert all(fmt(c)["textFormat"] == {"bold": True} for c in content.rows[0])
    assert "textFormat" not in fmt(content.rows[1][1])
    assert content.borders == [(0, len(content.rows), 0, 6)]
    assert all(boxed(content, r, c) for r in range(len(content.rows)) for c in range(6))
    assert content.frozen_rows == 1
    assert content.protection is None
