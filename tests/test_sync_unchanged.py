"""A run whose read is the same as that of the last run that wrote nothing (jobs.sync).

The scheduler syncs every few minutes and most runs find nothing new; such a run returns
the remembered result instead of building everything again. These tests pin down that it
never hides a change: a hand edit, a new month, or a run that did not write.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from jobs import sync as sync_module
from jobs.periods import Month
from sheets.layouts import phu_luc_3_title
from tests.sync_corpus import NOW, TZ, messy_office
from tests.sync_corpus import sync as first_sync

OCTOBER_TAB = phu_luc_3_title(Month(2026, 10))


@pytest.fixture
def office(client, emulator):
    """Return the messy month after a sync that wrote it and a second that found it done."""
    spreadsheet = messy_office(client)
    assert first_sync(client, spreadsheet).writes == 1
    assert first_sync(client, spreadsheet).writes == 0  # a quiet run: remembered
    emulator.faults.reset_stats()
    return spreadsheet


def run(client, spreadsheet, now: datetime = NOW, **kwargs):
    """Sync the spreadsheet as the scheduler would, at ``now``."""
    return sync_module.run_sync(client, spreadsheet.id, tz=TZ, deadline_day=10, now=now, **kwargs)


def no_build(*args, **kwargs):
    raise AssertionError("the run built everything again")


def test_the_same_read_again_returns_the_last_result_without_building(
    client, office, emulator, monkeypatch
):
    before = run(client, office)
    monkeypatch.setattr(sync_module, "build", no_build)
    later = NOW.replace(hour=17, minute=45)
    again = run(client, office, now=later)
    assert again.made_at == later
    assert (again.reads, again.writes, again.written) == (1, 0, [])
    assert again.summaries == before.summaries
    assert again.problems == before.problems
    assert again.unchanged == before.unchanged
    stats = emulator.faults.stats()
    assert (stats.get("read", 0), stats.get("write", 0)) == (2, 0)


def test_a_hand_edit_of_a_managed_tab_is_still_repaired(client, office):
    tab = office.worksheet(OCTOBER_TAB)
    total = tab.acell("D14").value
    tab.update([["999"]], "D14")
    result = run(client, office)
    assert result.written == [OCTOBER_TAB]
    assert tab.acell("D14").value == total


def test_a_correction_in_the_responses_is_taken(client, office):
    office.worksheet("Câu trả lời biểu mẫu 1").update([["3"]], "E5")  # Số bài of one row
    result = run(client, office)
    assert OCTOBER_TAB in result.written


def test_a_new_month_builds_again_even_when_the_sheet_is_the_same(client, office):
    december = datetime(2026, 12, 2, 8, 0, tzinfo=TZ)
    result = run(client, office, now=december)
    assert phu_luc_3_title(Month(2026, 11)) in result.written  # November is now due


def test_a_run_that_only_read_is_not_remembered_when_the_tabs_needed_a_write(client, office):
    office.worksheet("Câu trả lời biểu mẫu 1").update([["3"]], "E5")
    looked = run(client, office, write=False)
    assert (looked.writes, looked.written) == (0, [])
    result = run(client, office)  # the same read: it must still write
    assert (result.writes, result.written[-1]) == (1, OCTOBER_TAB)
