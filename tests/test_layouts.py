"""Tests of the Phụ lục 3 layout and tab titles: exact cells, merges, formats, fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
from datetime import UTC, datetime

import msgspec
import pytest

from jobs.report import Counts, Status
from sheets.layouts import (
    DON_VI,
    KIEM_TRA,
    PHU_LUC_3_PREFIX,
    PROTECTION_NOTE,
    TINH_HINH_NOP,
    month_of_title,
    phu_luc_3,
    phu_luc_3_title,
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
    october_units,
    on,
    value,
)


def test_phu_luc_3_title_round_trips_through_month_of_title() -> None:
    title = phu_luc_3_title(OCTOBER)
    assert title == "Phụ lục 3 - 10/2026"
    assert title.startswith(PHU_LUC_3_PREFIX)
    assert month_of_title(title) == OCTOBER
    assert phu_luc_3_title(month_of_title("Phụ lục 3 - 01/2025")) == "Phụ lục 3 - 01/2025"


def test_month_of_title_reads_decomposed_unicode() -> None:
    assert month_of_title(unicodedata.normalize("NFD", "Phụ lục 3 - 10/2026")) == OCTOBER


@pytest.mark.parametrize(
    "title",
    [
        KIEM_TRA,
        TINH_HINH_NOP,
        DON_VI,
        "Câu trả lời biểu mẫu 1",
        "Phụ lục 3 - 13/2026",
        "Phụ lục 3 - 10/2026 (bản sao)",
        "Phụ lục 3 - 1/2026",
        "Phụ lục 3 - ",
    ],
)
def test_month_of_title_is_none_for_other_tabs(title: str) -> None:
    assert month_of_title(title) is None


def test_phu_luc_3_has_exact_cell_values() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    _ = None
    assert content.title == "Phụ lục 3 - 10/2026"
    assert grid(content, 9) == [
        ["BIỂU TỔNG HỢP", *[_] * 8],
        [
            "Số liệu, báo cáo về việc cài đặt và sử dụng công cụ i-Speed tháng 10/2026",
            *[_] * 8,
        ],
        [
            "STT",
            "Đơn vị",
            "Số lượng",
            _,
            _,
            _,
            "Phương tiện thực hiện",
            "Các hình thức tuyên truyền khác",
            "Ghi chú",
        ],
        [_, _, "Tin, Ảnh", "Bài", "Chương trình/Ps", "Buổi TT", _, _, _],
        [
            1,
            SEED_UNITS[0],
            12,
            3,
            2,
            1,
            "Trang thông tin điện tử, Facebook",
            "Pano, áp phích",
            _,
        ],
        [
            2,
            SEED_UNITS[1],
            5,
            1,
            0,
            2,
            _,
            _,
            "Gửi bổ sung ảnh qua Zalo; Báo cáo muộn (15/11/2026)",
        ],
        [3, SEED_UNITS[2], _, _, _, _, _, _, "Chưa báo cáo"],
        [4, SEED_UNITS[3], 4, 0, 1, 0, _, _, "=1+1"],
        [5, SEED_UNITS[4], 2, 0, 0, 0, _, _, "<b>x</b>"],
        [
            6,
            SEED_UNITS[5],
            _,
            _,
            _,
            _,
            _,
            _,
            "Chưa báo cáo (báo cáo có lỗi, xem trang Kiểm tra)",
        ],
        [7, SEED_UNITS[6], 0, 0, 0, 3, "Loa", _, _],
        [8, SEED_UNITS[7], 1, 1, 1, 1, _, _, "Báo cáo muộn (12/11/2026)"],
        [9, SEED_UNITS[8], 6, 2, 0, 0, _, _, _],
        [_, "Tổng cộng", 30, 7, 4, 7, _, _, _],
        ["Lập lúc 08:05 ngày 20/11/2026 (giờ Việt Nam).", *[_] * 8],
        ["Đã báo cáo: 7/9 đơn vị (4 đúng hạn).", *[_] * 8],
    ]


def test_phu_luc_3_merges_titles_headers_and_footer() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    a1 = {
        (0, 1, 0, 9): "A1:I1",
        (1, 2, 0, 9): "A2:I2",
        (2, 3, 2, 6): "C3:F3",
        (2, 4, 0, 1): "A3:A4",
        (2, 4, 1, 2): "B3:B4",
        (2, 4, 6, 7): "G3:G4",
        (2, 4, 7, 8): "H3:H4",
        (2, 4, 8, 9): "I3:I4",
        (14, 15, 0, 9): "A15:I15",
        (15, 16, 0, 9): "A16:I16",
    }
    assert sorted(content.merges) == sorted(a1)


def test_phu_luc_3_writes_numbers_as_numbers_and_text_as_strings() -> None:
    rows = phu_luc_3(october(), made_at=MADE_AT).rows
    first = rows[4]
    assert first[0]["userEnteredValue"] == {"numberValue": 1}
    assert first[1]["userEnteredValue"] == {"stringValue": SEED_UNITS[0]}
    assert [c["userEnteredValue"] for c in first[2:6]] == [
        {"numberValue": 12},
        {"numberValue": 3},
        {"numberValue": 2},
        {"numberValue": 1},
    ]
    assert rows[13][2]["userEnteredValue"] == {"numberValue": 30}


def test_person_typed_formula_and_html_stay_literal_text() -> None:
    rows = phu_luc_3(october(), made_at=MADE_AT).rows
    assert rows[7][8]["userEnteredValue"] == {"stringValue": "=1+1"}
    assert rows[8][8]["userEnteredValue"] == {"stringValue": "<b>x</b>"}
    assert all("formulaValue" not in c.get("userEnteredValue", {}) for r in rows for c in r)


def test_unit_without_valid_report_has_empty_counts_not_zero() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    for r in (6, 9):
        assert all("userEnteredValue" not in c for c in content.rows[r][2:8])
        assert all(boxed(content, r, c) for c in range(9))


def test_typed_in_report_gets_no_lateness_note() -> None:
    units = list(october_units())
    units[4] = msgspec.structs.replace(units[4], notes="")
    summary = msgspec.structs.replace(october(), units=tuple(units))
    row = phu_luc_3(summary, made_at=MADE_AT).rows[8]
    assert "userEnteredValue" not in row[8]


def test_late_note_follows_typed_notes_without_doubled_separator() -> None:
    units = list(october_units())
    units[1] = msgspec.structs.replace(units[1], notes="Gửi qua Zalo; ")
    summary = msgspec.structs.replace(october(), units=tuple(units))
    row = phu_luc_3(summary, made_at=MADE_AT).rows[5]
    assert value(row[8]) == "Gửi qua Zalo; Báo cáo muộn (15/11/2026)"


def test_phu_luc_3_headers_are_bold_centred_wrapped_and_bordered() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    rows = content.rows
    for data in rows[2] + rows[3]:
        assert fmt(data)["textFormat"] == {"bold": True}
        assert fmt(data)["horizontalAlignment"] == "CENTER"
        assert fmt(data)["verticalAlignment"] == "MIDDLE"
        assert fmt(data)["wrapStrategy"] == "WRAP"
    assert all(boxed(content, r, c) for r in (2, 3) for c in range(9))
    assert len(rows[2]) == len(rows[3]) == 9


def test_phu_luc_3_titles_are_bold_and_centred() -> None:
    rows = phu_luc_3(october(), made_at=MADE_AT).rows
    for data in (rows[0][0], rows[1][0]):
        assert fmt(data)["textFormat"] == {"bold": True}
        assert fmt(data)["horizontalAlignment"] == "CENTER"


def test_phu_luc_3_table_cells_are_bordered_wrapped_with_counts_centred() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    rows = content.rows
    for r, row in enumerate(rows[4:14], start=4):
        assert len(row) == 9
        assert all(boxed(content, r, c) and fmt(row[c])["wrapStrategy"] == "WRAP" for c in range(9))
        assert all(fmt(c)["horizontalAlignment"] == "CENTER" for c in row[2:6])
    total = rows[13]
    assert fmt(total[1])["textFormat"] == {"bold": True}


def test_phu_luc_3_footer_is_italic_and_only_its_time_is_volatile() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    assert content.volatile == frozenset({(14, 0)})
    assert fmt(content.rows[14][0])["textFormat"] == {"italic": True}
    assert fmt(content.rows[15][0])["textFormat"] == {"italic": True}


def test_phu_luc_3_footer_shows_made_at_in_vietnam_time() -> None:
    content = phu_luc_3(october(), made_at=datetime(2026, 11, 30, 17, 45, tzinfo=UTC))
    assert value(content.rows[14][0]) == "Lập lúc 00:45 ngày 01/12/2026 (giờ Việt Nam)."


def test_phu_luc_3_frozen_header_widths_and_protection() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    assert content.frozen_rows == 4
    assert content.protection == PROTECTION_NOTE
    widths = content.column_widths
    assert len(widths) == 9
    assert 900 <= sum(widths) <= 1050
    assert widths[0] < widths[2] < widths[1]
    assert all(widths[c] < widths[t] for c in range(2, 6) for t in range(6, 9))


def test_fingerprint_ignores_when_the_table_was_made() -> None:
    first = phu_luc_3(october(), made_at=MADE_AT)
    later = phu_luc_3(october(), made_at=datetime(2026, 11, 21, 14, 30, tzinfo=VN))
    assert first.rows != later.rows
    assert first.fingerprint() == later.fingerprint()


def test_fingerprint_changes_when_a_count_changes() -> None:
    units = list(october_units())
    units[0] = msgspec.structs.replace(units[0], counts=Counts(13, 3, 2, 1))
    changed = msgspec.structs.replace(october(), units=tuple(units))
    assert (
        phu_luc_3(changed, made_at=MADE_AT).fingerprint()
        != phu_luc_3(october(), made_at=MADE_AT).fingerprint()
    )


def test_fingerprint_changes_when_only_the_on_time_count_changes() -> None:
    units = list(october_units())
    units[4] = msgspec.structs.replace(units[4], status=Status.ON_TIME, submitted_at=on(2))
    dated = msgspec.structs.replace(october(), units=tuple(units))
    before = phu_luc_3(october(), made_at=MADE_AT)
    after = phu_luc_3(dated, made_at=MADE_AT)
    assert before.rows[:14] == after.rows[:14]
    assert value(after.rows[15][0]) == "Đã báo cáo: 7/9 đơn vị (5 đúng hạn)."
    assert before.fingerprint() != after.fingerprint()


def test_phu_luc_3_numbers_units_one_to_n_whatever_their_stt_in_the_unit_list() -> None:
    units = tuple(msgspec.structs.replace(u, stt=10 * u.stt) for u in october_units()[:3])
    summary = msgspec.structs.replace(october(), units=units)
    rows = phu_luc_3(summary, made_at=MADE_AT).rows
    assert [value(r[0]) for r in rows[4:7]] == [1, 2, 3]


def test_fingerprint_covers_the_bordered_tables() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    assert content.borders == [(2, 14, 0, 9)]  # header, nine units and Tổng cộng
    smaller = dataclasses.replace(content, borders=[(2, 13, 0, 9)])
    assert smaller.fingerprint() != content.fingerprint()


def test_fingerprint_is_the_hash_of_the_canonical_json() -> None:
    content = phu_luc_3(october(), made_at=MADE_AT)
    payload = {
        "borders": content.borders,
        "frozen": [content.frozen_rows, content.frozen_columns],
        "merges": content.merges,
        "protection": content.protection,
        "rows": content.stable_rows(),
        "widths": content.column_widths,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    assert hashlib.sha256(text.encode()).hexdigest()[:16] == content.fingerprint()
