"""The Đơn vị tab: the seed list of the letter, and reading the tab as the office edits it."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.names import UnitMatcher, match_key
from jobs.report import Level
from jobs.units import (
    MONITORED_NO,
    MONITORED_YES,
    SEED_UNITS,
    UNIT_HEADERS,
    UNITS_TAB,
    Unit,
    parse_units,
    seed_rows,
)

HEADER = list(UNIT_HEADERS)
CENTRE = "Trung tâm Văn hoá, Thể thao và Truyền thông"


def _levels(problems):
    """Return (row of the Đơn vị tab named in the text, level) for each problem."""
    out = []
    for p in problems:
        assert p.row is None  # Kiểm tra's Dòng column is for the responses tab
        found = re.match(r"Trang “Đơn vị”(?:, dòng (\d+))?: ", p.issue)
        assert found, p.issue
        out.append((int(found.group(1)) if found.group(1) else None, p.level))
    return out


def test_the_seed_lists_the_nine_units_of_phu_luc_3_in_its_order():
    assert UNITS_TAB == "Đơn vị"
    assert [u.name for u in SEED_UNITS] == [
        CENTRE,
        "Phường Nguyễn Thị Minh Khai",
        "Phường Sông Cầu",
        "Phường Đức Xuân",
        "Phường Phùng Chí Kiên",
        "Phường Huyền Tụng",
        "Xã Dương Quang",
        "Xã Nông Thượng",
        "Phường Xuất Hóa",
    ]
    assert [u.stt for u in SEED_UNITS] == list(range(1, 10))
    assert all(u.monitored for u in SEED_UNITS)


def test_the_seed_carries_the_referral_codes_of_phu_luc_2():
    codes = {u.name: u.referral_code for u in SEED_UNITS}
    assert codes == {
        CENTRE: "",
        "Phường Nguyễn Thị Minh Khai": "0605801834",
        "Phường Sông Cầu": "0605801837",
        "Phường Đức Xuân": "0605801840",
        "Phường Phùng Chí Kiên": "0605801843",
        "Phường Huyền Tụng": "0605801846",
        "Xã Dương Quang": "0605801849",
        "Xã Nông Thượng": "0605801852",
        "Phường Xuất Hóa": "0605801855",
    }


def test_the_seed_kinds_follow_the_names():
    kinds = [u.kind for u in SEED_UNITS]
    assert kinds == ["Trung tâm"] + ["Phường"] * 5 + ["Xã", "Xã", "Phường"]


def test_the_seed_keeps_the_letters_other_spelling_of_huyen_tung_as_an_alias():
    ward = next(u for u in SEED_UNITS if u.referral_code == "0605801846")
    assert ward.name == "Phường Huyền Tụng"
    assert "Phường Huyền Tung" in ward.aliases


def test_seed_names_and_aliases_are_composed_unicode():
    for unit in SEED_UNITS:
        for text in (unit.name, *unit.aliases):
            assert unicodedata.is_normalized("NFC", text)


def test_seed_rows_are_the_header_and_one_row_per_unit_as_written_to_a_new_tab():
    rows = seed_rows()
    assert rows[0] == HEADER
    aliases = "Trung tâm Văn hoá, Thể thao và Truyền thông thành phố; TT VHTTTT"
    assert rows[1] == [1, CENTRE, "Trung tâm", "", aliases, MONITORED_YES]
    assert rows[6] == [6, "Phường Huyền Tụng", "Phường", "0605801846", "Phường Huyền Tung", "Có"]
    assert len(rows) == 10
    assert all(isinstance(row[0], int) for row in rows[1:])


def test_seed_rows_read_back_as_the_seed_units():
    assert parse_units(seed_rows()) == (list(SEED_UNITS), [])


def test_seed_rows_read_back_the_way_sheets_returns_them():
    # Numbers come back as floats; trailing empty cells are dropped from each row.
    rows = [[float(r[0]), *r[1:]] if isinstance(r[0], int) else r for r in seed_rows()]
    rows.append([])
    rows.append(["", None, ""])
    assert parse_units(rows) == (list(SEED_UNITS), [])


def test_columns_may_be_reordered_and_extra_columns_are_ignored():
    rows = [
        ["Ghi chú", "Theo dõi", "Tên khác", "Đơn vị", "Số điện thoại", "Mã giới thiệu", "STT"],
        ["", "Có", "P. SC", "Phường Sông Cầu", "0912345678", "0605801837", 2],
        ["gộp", "Không", "", "Xã Nông Thượng", "", "0605801852", 1],
    ]
    units, problems = parse_units(rows)
    assert problems == []
    assert units == [
        Unit(2, "Phường Sông Cầu", "Phường", "0605801837", ("P. SC",), True),
        Unit(1, "Xã Nông Thượng", "Xã", "0605801852", (), False),
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["stt", "đơn vị", "loại", "mã giới thiệu", "tên khác", "theo dõi"],
        ["  STT ", " ĐƠN VỊ  ", "LOẠI", "Mã Giới Thiệu", "TÊN KHÁC", "Theo Dõi"],
        ["stt", "don vi", "loai", "ma gioi thieu", "ten khac", "theo doi"],
        [unicodedata.normalize("NFD", h) for h in UNIT_HEADERS],
        ["Số TT", "Tên đơn vị", "Loại", "Mã giới thiệu", "Tên gọi khác", "Theo dõi"],
    ],
)
def test_headers_are_found_whatever_their_case_accents_or_spaces(header):
    units, problems = parse_units([header, *seed_rows()[1:]])
    assert (units, problems) == (list(SEED_UNITS), [])


@pytest.mark.parametrize(
    ("value", "monitored"),
    [
        ("Có", True),
        ("có", True),
        ("CÓ", True),
        ("Co", True),
        (" có ", True),
        ("x", True),
        ("X", True),
        ("yes", True),
        ("TRUE", True),
        ("1", True),
        (1.0, True),
        (True, True),
        ("✓", True),
        ("", True),
        (None, True),
        ("   ", True),
        ("Không", False),
        ("không", False),
        ("KHÔNG", False),
        ("khong", False),
        ("no", False),
        ("false", False),
        ("FALSE", False),
        ("0", False),
        (0.0, False),
        (False, False),
    ],
)
def test_theo_doi_accepts_co_khong_and_their_usual_spellings(value, monitored):
    rows = [HEADER, [1, "Xã Dương Quang", "Xã", "", "", value], [2, "Phường Sông Cầu"]]
    units, problems = parse_units(rows)
    assert units[0].monitored is monitored
    assert problems == []


@pytest.mark.parametrize("value", ["có lẽ", "?", "-", "2", 2.0, "tạm dừng"])
def test_an_unreadable_theo_doi_counts_as_co_with_a_warning(value):
    units, problems = parse_units([HEADER, [1, "Xã Dương Quang", "Xã", "", "", value]])
    assert units[0].monitored is True
    assert _levels(problems) == [(2, Level.WARNING)]
    assert problems[0].unit_text == "Xã Dương Quang"
    assert "Theo dõi" in problems[0].issue


def test_a_row_without_a_name_is_skipped_with_a_warning():
    rows = [HEADER, [1, "Xã Dương Quang"], [2, "", "Xã", "0605801852"], [3, "Phường Sông Cầu"]]
    units, problems = parse_units(rows)
    assert [u.name for u in units] == ["Xã Dương Quang", "Phường Sông Cầu"]
    assert _levels(problems) == [(3, Level.WARNING)]


def test_blank_rows_are_skipped_silently():
    rows = [HEADER, [], [1, "Xã Dương Quang"], ["", None, "  "], [2, "Phường Sông Cầu"]]
    units, problems = parse_units(rows)
    assert [u.name for u in units] == ["Xã Dương Quang", "Phường Sông Cầu"]
    assert problems == []


@pytest.mark.parametrize(
    "duplicate",
    ["Phường Sông Cầu", "phường  sông cầu", "PHƯỜNG SÔNG-CẦU", "P. Sông Cầu", "Phường Sông Cầu "],
)
def test_a_duplicate_name_keeps_the_first_row_and_is_an_error(duplicate):
    rows = [HEADER, [1, "Phường Sông Cầu", "Phường", "0605801837"], [2, duplicate, "", "999"]]
    units, problems = parse_units(rows)
    assert units == [Unit(1, "Phường Sông Cầu", "Phường", "0605801837", (), True)]
    assert _levels(problems) == [(3, Level.ERROR)]
    assert "dòng 2" in problems[0].issue


def test_two_tone_placements_of_one_name_are_duplicates():
    rows = [HEADER, [1, "Phường Xuất Hóa"], [2, "Phường Xuất Hoá"]]
    units, problems = parse_units(rows)
    assert [u.name for u in units] == ["Phường Xuất Hóa"]
    assert _levels(problems) == [(3, Level.ERROR)]


def test_an_alias_equal_to_another_units_name_is_dropped_with_an_error():
    rows = [
        HEADER,
        [1, "Phường Sông Cầu"],
        [2, "Phường Đức Xuân", "", "", "P. Sông Cầu; Đức Xuân cũ"],
    ]
    units, problems = parse_units(rows)
    assert units[1].aliases == ("Đức Xuân cũ",)
    assert _levels(problems) == [(3, Level.ERROR)]
    assert "Phường Sông Cầu" in problems[0].issue
    assert UnitMatcher(units).match("P. Sông Cầu").unit == units[0]


def test_an_alias_two_units_share_is_dropped_from_both_with_errors():
    rows = [
        HEADER,
        [1, "Phường Đức Xuân", "", "", "Đức Xuân; ĐX"],
        [2, "Xã Đức Xuân", "", "", "đức xuân"],
    ]
    units, problems = parse_units(rows)
    assert [u.aliases for u in units] == [("ĐX",), ()]
    assert _levels(problems) == [(2, Level.ERROR), (3, Level.ERROR)]
    assert UnitMatcher(units).match("Đức Xuân").level == "ambiguous"


def test_an_alias_equal_to_its_own_name_is_dropped_silently():
    units, problems = parse_units([HEADER, [1, "Phường Sông Cầu", "", "", "phường sông cầu"]])
    assert units[0].aliases == ()
    assert problems == []


@pytest.mark.parametrize(
    "cell",
    [
        "TT VHTTTT; Trung tâm VHTT",
        "TT VHTTTT;Trung tâm VHTT;",
        " TT VHTTTT \n Trung tâm VHTT ",
        "TT VHTTTT\r\nTrung tâm VHTT",
        "TT  VHTTTT;;Trung tâm VHTT; tt vhtttt",
    ],
)
def test_ten_khac_is_split_on_semicolons_and_new_lines(cell):
    units, _ = parse_units([HEADER, [1, CENTRE, "", "", cell]])
    assert units[0].aliases == ("TT VHTTTT", "Trung tâm VHTT")


@pytest.mark.parametrize(
    ("stt", "expected"), [("", 2), (None, 2), (5.0, 5), ("7", 7), ("3.", 3), (" 04 ", 4)]
)
def test_stt_is_read_as_typed_or_taken_from_the_row_order(stt, expected):
    units, problems = parse_units([HEADER, [1, "Phường Sông Cầu"], [stt, "Xã Dương Quang"]])
    assert units[1].stt == expected
    assert problems == []


@pytest.mark.parametrize("stt", ["abc", "2a", 2.5, "-1"])
def test_an_unreadable_stt_takes_the_row_order_with_a_warning(stt):
    units, problems = parse_units([HEADER, [1, "Phường Sông Cầu"], [stt, "Xã Dương Quang"]])
    assert units[1].stt == 2
    assert _levels(problems) == [(3, Level.WARNING)]


@pytest.mark.parametrize(
    "rows",
    [
        [["STT", "Tên", "Loại"], [1, "Phường Sông Cầu", "Phường"]],
        [["Phường Sông Cầu", "Có"], ["Xã Dương Quang", "Có"]],
        [[1, "Phường Sông Cầu"]],
    ],
)
def test_a_missing_name_column_is_an_error_and_gives_no_units(rows):
    units, problems = parse_units(rows)
    assert units == []
    assert _levels(problems) == [(1, Level.ERROR)]
    assert "Đơn vị" in problems[0].issue
    assert "STT, Đơn vị, Loại, Mã giới thiệu, Tên khác, Theo dõi" in problems[0].handling


@pytest.mark.parametrize("rows", [[], [[]], [[], ["", None]]])
def test_an_empty_tab_is_an_error_and_gives_no_units(rows):
    units, problems = parse_units(rows)
    assert units == []
    assert _levels(problems) == [(None, Level.ERROR)]
    assert "trống" in problems[0].issue


def test_a_tab_with_only_its_header_has_no_monitored_unit_which_is_an_error():
    units, problems = parse_units([HEADER])
    assert units == []
    assert _levels(problems) == [(None, Level.ERROR)]


def test_no_monitored_unit_at_all_is_an_error():
    rows = [
        HEADER,
        [1, "Phường Sông Cầu", "", "", "", MONITORED_NO],
        [2, "Xã Dương Quang", "", "", "", "không"],
    ]
    units, problems = parse_units(rows)
    assert len(units) == 2
    assert _levels(problems) == [(None, Level.ERROR)]
    assert "theo dõi" in problems[0].issue


def test_a_title_row_above_the_header_is_tolerated():
    rows = [["DANH SÁCH ĐƠN VỊ BÁO CÁO"], [], *seed_rows()]
    units, problems = parse_units(rows)
    assert (units, problems) == (list(SEED_UNITS), [])


def test_problem_rows_count_title_rows_above_the_header():
    rows = [["DANH SÁCH"], HEADER, [1, "Phường Sông Cầu"], [2, "Phường Sông Cầu"]]
    _, problems = parse_units(rows)
    assert _levels(problems) == [(4, Level.ERROR)]


def test_a_missing_theo_doi_column_monitors_every_unit_with_a_warning():
    units, problems = parse_units([["STT", "Đơn vị"], [1, "Phường Sông Cầu"]])
    assert units[0].monitored is True
    assert _levels(problems) == [(1, Level.WARNING)]


def test_a_duplicated_header_uses_the_first_column_with_a_warning():
    rows = [["Đơn vị", "Theo dõi", "Theo dõi"], ["Phường Sông Cầu", "Có", "Không"]]
    units, problems = parse_units(rows)
    assert units[0].monitored is True
    assert _levels(problems) == [(1, Level.WARNING)]


def test_a_blank_kind_is_taken_from_the_name():
    rows = [HEADER, [1, "Xã Dương Quang"], [2, "phường Sông Cầu"], [3, CENTRE], [4, "Ban Dân vận"]]
    units, _ = parse_units(rows)
    assert [u.kind for u in units] == ["Xã", "Phường", "Trung tâm", ""]


def test_names_are_kept_as_typed_but_composed_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "Phường  Sông Cầu ")
    units, _ = parse_units([HEADER, [1, decomposed]])
    assert units[0].name == "Phường Sông Cầu"


def test_a_referral_code_sheets_turned_into_a_number_reads_without_a_decimal_point():
    units, _ = parse_units([HEADER, [1, "Phường Sông Cầu", "", 605801837.0]])
    assert units[0].referral_code == "605801837"


def test_every_problem_speaks_vietnamese_and_says_what_was_done():
    rows = [
        HEADER,
        [1, "Phường Sông Cầu", "", "", "Xã Dương Quang", "?"],
        [2, "P. Sông Cầu"],
        ["x", "Xã Dương Quang"],
        [4, ""] + [""] * 3 + ["Có"],
    ]
    _, problems = parse_units(rows)
    assert len(problems) == 5
    for problem in problems:
        for text in (problem.issue, problem.handling):
            assert set(text) & set("ăâđêôơưạảấầậắặẹẻếềểệịọỏốồổộớờởợụủứừửựỳ"), text
        assert problem.timestamp == "" and problem.month_text == ""


cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["Có", "Không", "x", "", "Phường Sông Cầu", "P. Sông Cầu", "Sông Cầu"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.integers(),
)


@given(st.lists(st.lists(cells, max_size=8), max_size=8))
def test_any_grid_of_cells_reads_without_crashing_into_names_the_matcher_can_tell_apart(rows):
    units, problems = parse_units([HEADER, *rows])
    keys = [match_key(u.name) for u in units]
    assert len(keys) == len(set(keys))
    aliases = [match_key(a) for u in units for a in u.aliases]
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & set(keys)
    assert all(p.level in (Level.ERROR, Level.WARNING) for p in problems)
    matcher = UnitMatcher(units)
    for unit in units:
        assert matcher.match(unit.name).unit == unit


@given(st.lists(st.sampled_from(SEED_UNITS), unique=True))
def test_any_selection_of_seed_units_round_trips_through_its_rows(units):
    rows = [HEADER] + [row for row in seed_rows()[1:] if row[1] in {u.name for u in units}]
    expected_problems = 0 if units else 1  # nobody to monitor
    read, problems = parse_units(rows)
    assert read == [u for u in SEED_UNITS if u in units]
    assert len(problems) == expected_problems
