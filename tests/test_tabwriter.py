"""The tab writer: rewrite only what changed, and let a racing sync lose cleanly."""

from __future__ import annotations

import pytest

from jobs.sync import build
from service.errors import SheetsRequestRejected
from sheets.client import translate_errors
from sheets.layouts import KIEM_TRA, TINH_HINH_NOP, phu_luc_3_title
from sheets.workbook import read_workbook
from tests.sync_corpus import NOW, RESPONSES, TZ, vietnamese_spreadsheet, write_responses
from tests.test_sync import OCTOBER, sync


def _plan(client, spreadsheet, now=NOW):
    """Read the workbook and return the write plan a sync would send."""
    workbook = read_workbook(client, spreadsheet.id)
    return build(workbook, tz=TZ, deadline_day=10, now=now)[1]


def _send(client, spreadsheet, plan):
    with translate_errors():
        client.http_client.batch_update(spreadsheet.id, {"requests": plan.requests})


def test_a_racing_first_sync_is_rejected_whole(client):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    first, second = _plan(client, spreadsheet), _plan(client, spreadsheet)
    _send(client, spreadsheet, first)
    before = [w.title for w in spreadsheet.worksheets()]
    with pytest.raises(SheetsRequestRejected) as excinfo:
        _send(client, spreadsheet, second)
    assert "already exists" in str(excinfo.value)
    assert [w.title for w in spreadsheet.worksheets()] == before


def test_a_racing_later_sync_loses_the_lock(client):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    sync(client, spreadsheet)
    responses = spreadsheet.worksheet(RESPONSES)
    responses.update([[7]], "D2")
    stale = _plan(client, spreadsheet)
    responses.update([[8]], "D2")
    fresh = _plan(client, spreadsheet)
    assert stale.written and fresh.written
    _send(client, spreadsheet, fresh)
    with pytest.raises(SheetsRequestRejected) as excinfo:
        _send(client, spreadsheet, stale)
    assert "No protected range with id" in str(excinfo.value) or "No ProtectedRange" in str(
        excinfo.value
    )
    table = spreadsheet.worksheet(phu_luc_3_title(OCTOBER)).get_all_values()
    assert table[4][2] == "8"  # the fresh run's numbers, not a mix


def test_nothing_to_write_when_only_the_time_moved(client):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    sync(client, spreadsheet)
    later = NOW.replace(day=24, hour=17)
    assert _plan(client, spreadsheet, later).requests == []


def test_a_managed_tab_edited_by_hand_is_rewritten(client):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    sync(client, spreadsheet)
    tab = spreadsheet.worksheet(phu_luc_3_title(OCTOBER))
    tab.update([[999]], "C5")
    result = sync(client, spreadsheet)
    assert result.written == [phu_luc_3_title(OCTOBER)]
    assert tab.acell("C5").value == "12"


def test_only_changed_tabs_are_rewritten(client):
    spreadsheet = vietnamese_spreadsheet(client)
    write_responses(spreadsheet)
    sync(client, spreadsheet)
    spreadsheet.worksheet(RESPONSES).update([[13]], "D2")  # the centre's October news count
    result = sync(client, spreadsheet)
    assert set(result.written) == {phu_luc_3_title(OCTOBER)}
    assert {TINH_HINH_NOP, KIEM_TRA} <= set(result.unchanged)
