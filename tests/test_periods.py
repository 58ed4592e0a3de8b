"""Months, deadlines and lateness."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.periods import Month, deadline, is_late, month_due, months_between

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("10/2026", Month(2026, 10)),
        ("1/2026", Month(2026, 1)),
        ("10-2026", Month(2026, 10)),
        ("10.2026", Month(2026, 10)),
        ("Tháng 10/2026", Month(2026, 10)),
        ("tháng 3 / 2026", Month(2026, 3)),
        ("THANG 12/2025", Month(2025, 12)),
        ("  09/2026 ", Month(2026, 9)),
    ],
)
def test_months_are_read_as_the_office_writes_them(text, month):
    assert Month.parse_text(text) == month


@pytest.mark.parametrize("text", ["13/2026", "0/2026", "10/26", "2026/10", "tháng mười", ""])
def test_what_is_not_a_month_is_refused(text):
    assert Month.parse_text(text) is None


@given(st.integers(1900, 9998), st.integers(1, 12))
def test_label_and_iso_round_trip(year, number):
    month = Month(year, number)
    assert Month.parse_text(month.label()) == month
    assert Month.parse_iso(month.iso()) == month
    assert month.next().previous() == month


def test_the_deadline_is_midnight_of_the_tenth_in_hanoi():
    october = Month(2026, 10)
    assert deadline(october, deadline_day=10, tz=HANOI) == datetime(2026, 11, 10, tzinfo=HANOI)
    just_before = datetime(2026, 11, 9, 23, 59, 59, tzinfo=HANOI)
    assert not is_late(just_before, october, deadline_day=10, tz=HANOI)
    assert is_late(datetime(2026, 11, 10, tzinfo=HANOI), october, deadline_day=10, tz=HANOI)
    # 17:00 UTC on the 9th is already midnight of the 10th in Hà Nội.
    utc = datetime(2026, 11, 9, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert is_late(utc, october, deadline_day=10, tz=HANOI)


def test_december_reports_are_due_in_january():
    assert deadline(Month(2026, 12), deadline_day=10, tz=HANOI) == datetime(
        2027, 1, 10, tzinfo=HANOI
    )


def test_the_month_due_is_the_previous_month():
    assert month_due(datetime(2026, 11, 23, tzinfo=HANOI)) == Month(2026, 10)
    assert month_due(datetime(2027, 1, 2, tzinfo=HANOI)) == Month(2026, 12)


def test_months_between_includes_both_ends():
    assert months_between(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
