"""Validation of single rows: odd values end as problems, never as a crashed sync."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from forms.definition import QUESTIONS
from jobs import row_outcomes
from jobs import validate as validate_module
from jobs.remembered import Remembered
from jobs.report import Level
from jobs.responses import read_responses
from jobs.units import SEED_UNITS
from jobs.validate import Rules, validate
from sheets.workbook import Tab, cell_json
from tests.big_corpus import serial

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = Rules(tz=TZ, sheet_tz=TZ, deadline_day=10, now=datetime(2026, 11, 23, 9, tzinfo=TZ))
HEADER = ["Dấu thời gian", *(q.title for q in QUESTIONS)]
GOOD_TIME = 46331.5  # 05/11/2026 12:00


def _check(timestamp, month, counts=(1.0, 1.0, 1.0, 1.0), unit="Phường Sông Cầu"):
    row = [timestamp, unit, month, *counts, "", "", "", "A", ""]
    table = read_responses(Tab(0, "R", 0, 10, 12, values=[HEADER, row]))
    return validate(table, SEED_UNITS, RULES)


@pytest.mark.parametrize(
    "month",
    [0.35, -3.0, 1e12, "01/01/0001", "31/12/1899", "0"],
    ids=["a time", "negative", "huge", "year 1", "1899", "zero"],
)
def test_an_impossible_month_is_an_error_not_a_crash(month):
    result = _check(GOOD_TIME, month)
    assert result.reports == []
    errors = [p for p in result.problems if p.level is Level.ERROR]
    assert any("Không đọc được tháng" in p.issue for p in errors)


@pytest.mark.parametrize(
    "timestamp",
    [0.35, -1.0, 1e12, "01/01/0001 08:00:00", "08:30"],
    ids=["a time", "negative", "huge", "year 1", "time text"],
)
def test_an_impossible_timestamp_is_a_warning_and_the_report_counts(timestamp):
    result = _check(timestamp, "10/2026")
    assert len(result.reports) == 1
    assert result.reports[0].submitted_at is None
    assert any(p.level is Level.WARNING and "dấu thời gian" in p.issue for p in result.problems)


def test_a_plain_good_row_has_no_problem():
    result = _check(GOOD_TIME, "10/2026")
    assert result.problems == []
    assert result.reports[0].submitted_at == datetime(2026, 11, 5, 12, tzinfo=TZ)


def test_equal_free_texts_of_reports_are_one_object_each():
    # Each row's texts are decoded anew from the read; thousands of reports repeat a few
    # (the means are a checkbox answer), so the reports share them instead of holding copies.
    units = ["Phường Sông Cầu", "Phường Đức Xuân", "Xã Dương Quang"]
    rows = [
        [GOOD_TIME, unit, month, 1.0, 2.0, 3.0, 4.0, "Loa; Zalo ", "Pano", "Không", "A", ""]
        for unit in units
        for month in ("09/2026", "10/2026")
    ]
    result = validate(_json_table(HEADER, rows), SEED_UNITS, RULES)
    assert len(result.reports) == 6 and result.problems == []
    for field in ("means", "other_forms", "notes"):
        texts = [getattr(report, field) for report in result.reports]
        assert len({id(text) for text in texts}) == 1, field
    assert result.reports[0].means == "Loa; Zalo"


def test_kiem_tra_shows_a_date_value_as_day_month_year_and_time_of_the_office():
    early = 46331 + (8 * 3600 + 5 * 60 + 9) / 86400  # 05/11/2026 08:05:09
    too_early = _check(early, "12/2026").problems  # sent before its month: a warning
    rows = [[time, "Xã Dương Quang", "10/2026", 1.0, 1.0, 1.0, 1.0] for time in (early, GOOD_TIME)]
    table = read_responses(Tab(0, "R", 0, 10, 12, values=[HEADER, *rows]))
    replaced = validate(table, SEED_UNITS, RULES).problems  # the earlier report is replaced
    assert [p.timestamp for p in (*too_early, *replaced)] == ["05/11/2026 08:05:09"] * 2


def _every_row_checked(table, units, rules, *, keep_latest=True):
    """Validate as before the short way existed: every row through _Checker.check."""
    checker = validate_module._Checker(table, list(units), rules)
    out = validate_module.Validated()
    for number, values in table.rows:
        checker.check(number, values, out)
    out.months.update(checker.months_seen.values())
    if keep_latest:
        validate_module._keep_latest(out)
    return out


def _mixed_rows() -> list[list[object]]:
    """Return rows where clean values recur next to odd ones that look the same to a dict."""
    names = [u.name for u in SEED_UNITS]
    months = ["10/2026", "09/2026", 46296.0, " 10/2026 ", "Tháng 9/2026", 1.0, True]
    counts = [
        (1.0, 2.0, 0.0, 1.0),
        (True, 2.0, 0.0, 1.0),
        (1.0, 2.0, 0.0, True),
        (3.0, "2", 0.0, 1.0),
    ]
    rows = []
    for i in range(400):
        name = names[i % len(names)]
        unit = [name, name.lower(), f"  {name} ", "Không có", True, 1.0][i % 6 if i % 5 == 0 else 0]
        month = months[i % len(months)] if i % 3 == 0 else months[i % 2]
        timestamp = [GOOD_TIME + i / 1000, 46280.5, "05/11/2026 08:00:00", None, 0.35][
            i % 5 if i % 4 == 0 else 0
        ]
        row = [timestamp, unit, month, *counts[i % len(counts) if i % 7 == 0 else 0]]
        row += [["Zalo", " Zalo ", None, 3.0][i % 4], "", ["", None, "x"][i % 3]]
        rows.append(row[: 6 + i % 5] if i % 9 == 0 else row)
    return rows


# The whole form's columns; then without the "means" column (later answers shift left and
# the question reads as empty) and with the columns in another order.
_SHUFFLED = [0, 2, 1, 7, 4, 5, 6, 3, *range(8, len(HEADER))]


@pytest.mark.parametrize("layout", ["whole", "no means", "shuffled"])
def test_the_short_way_gives_exactly_what_checking_every_row_gives(monkeypatch, layout):
    header, rows = HEADER, _mixed_rows()
    if layout == "no means":
        header, rows = HEADER[:7] + HEADER[8:], [row[:7] + row[8:] for row in rows]
    elif layout == "shuffled":
        header = [HEADER[i] for i in _SHUFFLED]
        rows = [[row[i] if i < len(row) else None for i in _SHUFFLED] for row in rows]
    table = read_responses(Tab(0, "R", 0, 500, 12, values=[header, *rows]))
    assert ("means" in table.columns) is (layout != "no means")
    expected = _every_row_checked(table, SEED_UNITS, RULES)
    checked = []
    original = validate_module._Checker.check
    monkeypatch.setattr(
        validate_module._Checker,
        "check",
        lambda self, number, *args: checked.append(number) or original(self, number, *args),
    )
    result = validate(table, SEED_UNITS, RULES)
    assert 40 < len(checked) < len(table.rows) - 100  # both ways were taken
    assert result.reports == expected.reports
    assert result.problems == expected.problems
    assert (result.invalid, result.months) == (expected.invalid, expected.months)


def _json_table(header: list, rows: list[list]):
    """Return the responses table of a tab read from JSON, as a sync reads it."""
    lines = [b'{"values":[' + b",".join(map(cell_json, row)) + b"]}" for row in [header, *rows]]
    raw = b'[{"rowData":[' + b",".join(lines) + b"]}]"
    return read_responses(Tab(0, "R", 0, len(lines), 12, raw=raw))


def _boundary_rows(sheet_zone: ZoneInfo) -> list[list[object]]:
    """Return rows sent around midnight of the 1st, office time, with their sheet's serials.

    The last row is the only one for its month and is accepted with a warning (a name
    without diacritics): its month is known from ``check`` alone.
    """
    start = datetime(2026, 11, 1, tzinfo=TZ).astimezone(sheet_zone).replace(tzinfo=None)
    rows = []
    for i, unit in enumerate(u.name for u in SEED_UNITS):
        for offset in (-1, 0, 1):  # 23:59:59 on 31/10, 00:00:00 and 00:00:01 on 01/11
            sent = serial(start + timedelta(seconds=offset + 3600 * 24 * (i % 2)))
            rows.append([sent, unit, "11/2026", 1.0, 2.0, 3.0, float(i), "", "", ""])
    rows.append([GOOD_TIME, "Phuong Song Cau", "08/2026", 1.0, 1.0, 1.0, 1.0, "", "", ""])
    return rows


# The spreadsheet's zone: the office's, behind it and ahead of it.
@pytest.mark.parametrize("sheet_zone", ["Asia/Ho_Chi_Minh", "UTC", "Asia/Tokyo"])
def test_chunks_read_from_json_give_what_checking_every_row_gives(monkeypatch, sheet_zone):
    monkeypatch.setattr(row_outcomes, "CHUNK_ROWS", 7)  # chunks that end mid-pattern
    rules = replace(RULES, sheet_tz=ZoneInfo(sheet_zone))
    boundary = _boundary_rows(rules.sheet_tz)
    rows = [*_mixed_rows(), [None] * 3, [], *boundary]  # blank rows inside chunks too
    table = _json_table(HEADER, rows)
    expected = _every_row_checked(table, SEED_UNITS, rules)
    remembered = Remembered()
    result = validate(table, SEED_UNITS, rules, remembered)
    assert result.reports == expected.reports
    assert result.problems == expected.problems
    assert (result.invalid, result.months) == (expected.invalid, expected.months)
    early = [p for p in result.problems if "được gửi từ 31/10/2026" in p.issue]
    assert early and all(p.unit_text in {u.name for u in SEED_UNITS} for p in early)
    # The chunks remembered hold every row's outcome, in row order, before the latest
    # report of each unit and month is kept.
    every = _every_row_checked(table, SEED_UNITS, rules, keep_latest=False)
    chunks = list(remembered.get(remembered._entry[0]).values())
    assert [report for chunk in chunks for report in chunk.reports] == every.reports
    assert [problem for chunk in chunks for problem in chunk.problems] == every.problems
    assert {pair for chunk in chunks for pair in chunk.invalid} == every.invalid
    assert {month for chunk in chunks for month in chunk.months} == every.months
    again = validate(table, SEED_UNITS, rules, remembered)  # every chunk taken as remembered
    assert (again.reports, again.problems) == (expected.reports, expected.problems)
    assert (again.invalid, again.months) == (expected.invalid, expected.months)
