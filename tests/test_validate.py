"""Validation of single rows: odd values end as problems, never as a crashed sync."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.definition import QUESTIONS
from jobs.report import Level
from jobs.responses import read_responses
from jobs.units import SEED_UNITS
from jobs.validate import Rules, validate
from sheets.workbook import Tab

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
