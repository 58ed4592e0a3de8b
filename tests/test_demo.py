"""The demo's sample data, relative to "today", and the spreadsheet it is written to."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from forms.definition import QUESTIONS
from jobs.periods import Month
from jobs.report import Level, Status
from jobs.sync import run_sync
from jobs.units import SEED_UNITS
from service.demo import SPREADSHEET_TITLE, prepare
from service.demo_data import COUNT_AS_WORDS, assign_roles, sample_reports
from service.demo_sheet import HEADER, RESPONSES_TAB
from sheets.layouts import KIEM_TRA
from tests.sync_corpus import TZ

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)  # October 2026 is due, its deadline passed
EARLY = datetime(2026, 11, 5, 9, 0, tzinfo=TZ)  # October 2026 is due, deadline to come
OCTOBER = Month(2026, 10)
UNITS = [unit.name for unit in SEED_UNITS]


# -- the sample generator -----------------------------------------------------------------


def test_the_month_due_has_most_units_on_time_one_late_one_invalid_one_missing():
    reports, plan = sample_reports(UNITS, NOW, tz=TZ)
    assert plan.month == OCTOBER
    assert plan.deadline == datetime(2026, 11, 10, tzinfo=TZ)
    assert plan.late == ("Xã Dương Quang",)
    assert plan.invalid == ("Phường Phùng Chí Kiên",)
    assert plan.missing == ("Xã Nông Thượng",)
    assert plan.silent == "Xã Nông Thượng"
    assert len(plan.on_time) == 6
    assert set(plan.on_time) | set(plan.late) | set(plan.invalid) | set(plan.missing) == set(UNITS)
    times = [r.submitted_at for r in reports]
    assert times == sorted(times) and times[-1] <= NOW
    october = [r for r in reports if r.answers["month"] == "10/2026"]
    assert "Xã Nông Thượng" not in {r.answers["unit"] for r in october}
    assert {r.answers["unit"] for r in october} >= {"phuong nguyen thi minh khai"}
    assert [r.answers["news"] for r in october if r.answers["news"] == COUNT_AS_WORDS]
    assert [r for r in october if r.answers["programmes"] is None]


def test_the_sample_has_a_few_months_of_history_and_is_the_same_for_the_same_day():
    reports, _ = sample_reports(UNITS, NOW, tz=TZ)
    months = {r.answers["month"] for r in reports}
    assert months == {"05/2026", "06/2026", "07/2026", "08/2026", "09/2026", "10/2026"}
    for month in months - {"10/2026"}:
        assert len([r for r in reports if r.answers["month"] == month]) >= 6
    again, _ = sample_reports(UNITS, NOW.replace(hour=15), tz=TZ)
    assert [(r.submitted_at, r.answers) for r in again] == [
        (r.submitted_at, r.answers) for r in reports
    ]


def test_before_the_deadline_nobody_is_late_yet_and_nothing_is_in_the_future():
    reports, plan = sample_reports(UNITS, EARLY, tz=TZ)
    assert plan.late == ()
    assert set(plan.missing) == {"Xã Nông Thượng", "Xã Dương Quang"}
    assert all(r.submitted_at <= EARLY for r in reports)
    october = [r for r in reports if r.answers["month"] == "10/2026"]
    assert len({r.answers["unit"] for r in october}) == 7  # the twice-sender counts once


@pytest.mark.parametrize("count", [1, 2, 3, 5, 9, 12])
def test_roles_leave_at_least_one_ordinary_unit(count):
    roles = assign_roles(count)
    assert len(roles) <= max(count - 1, 0)
    assert all(0 <= index < count for index in roles)


# -- the sample in a spreadsheet ----------------------------------------------------------


@pytest.fixture
def demo_sheet(client):
    """Return the demo spreadsheet prepared at NOW, and the sample's plan."""
    prepared = prepare(client, tz=TZ, deadline_day=10, now=NOW)
    assert prepared.created and prepared.plan is not None
    return client.open_by_key(prepared.spreadsheet_id), prepared.plan


def test_prepare_makes_a_vietnamese_spreadsheet_with_the_form_header(demo_sheet):
    spreadsheet, _ = demo_sheet
    assert spreadsheet.title == SPREADSHEET_TITLE
    assert (spreadsheet.locale, spreadsheet.timezone) == ("vi_VN", "Asia/Ho_Chi_Minh")
    tab = spreadsheet.worksheet(RESPONSES_TAB)
    assert tab.index == 0
    assert tab.row_values(1) == list(HEADER)
    assert HEADER[1:] == tuple(q.title for q in QUESTIONS)
    column_a = spreadsheet.values_get(
        f"'{RESPONSES_TAB}'!A2:A", params={"valueRenderOption": "UNFORMATTED_VALUE"}
    )["values"]
    assert all(isinstance(row[0], float) for row in column_a)  # date values, not text
    shown = tab.acell("A2").value
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}", shown)


def test_the_sample_syncs_to_the_planned_statuses_and_its_mess_shows_in_kiem_tra(
    client, demo_sheet
):
    spreadsheet, plan = demo_sheet
    result = run_sync(client, spreadsheet.id, tz=TZ, deadline_day=10, now=NOW)
    statuses = {u.unit: u.status for u in result.summaries[OCTOBER].units}
    assert {n for n, s in statuses.items() if s is Status.ON_TIME} == set(plan.on_time)
    assert {n for n, s in statuses.items() if s is Status.LATE} == set(plan.late)
    assert {n for n, s in statuses.items() if s is Status.INVALID} == set(plan.invalid)
    assert {n for n, s in statuses.items() if s is Status.MISSING} == set(plan.missing)
    assert len(result.summaries) >= 6  # the history grid has content
    assert all(result.summaries[Month(2026, m)].reported >= 6 for m in range(5, 10))
    problems = spreadsheet.worksheet(KIEM_TRA).get_all_values()
    text = "\n".join(" | ".join(row) for row in problems)
    assert "phuong nguyen thi minh khai" in text
    assert f"nhận được “{COUNT_AS_WORDS}”" in text
    assert "để trống" in text
    levels = {(p.unit_text, p.level) for p in result.problems}
    assert ("phuong nguyen thi minh khai", Level.WARNING) in levels
    assert ("Phường Phùng Chí Kiên", Level.ERROR) in levels


def test_a_second_run_finds_the_spreadsheet_and_keeps_the_office_edits(client, demo_sheet):
    spreadsheet, _ = demo_sheet
    tab = spreadsheet.worksheet(RESPONSES_TAB)
    tab.update([["Phường Phùng Chí Kiên"]], "B3", value_input_option="RAW")
    rows = len(tab.get_all_values())
    again = prepare(client, tz=TZ, deadline_day=10, now=NOW)
    assert (again.spreadsheet_id, again.created, again.plan) == (spreadsheet.id, False, None)
    assert len(tab.get_all_values()) == rows
    assert tab.acell("B3").value == "Phường Phùng Chí Kiên"
