"""A run that knows from the stored digests that a tab is up to date does not build it.

Even a fresh process (nothing remembered) skips every tab whose input key and values
digest match; anything else (a hand edit, new code, tabs written before the digests)
is built and compared as before, and only what differs is written.
"""

from __future__ import annotations

import re

import pytest

from jobs import sync as sync_module
from jobs.periods import Month
from jobs.report import Status
from jobs.units import UNITS_TAB
from sheets import layouts, tabkeys, tabwriter, workbook
from sheets.layouts import phu_luc_3_title
from sheets.workbook import read_workbook
from tests.sync_corpus import NOW, RESPONSES, ROWS, TZ, messy_office
from tests.sync_corpus import sync as first_sync

OCTOBER_TAB = phu_luc_3_title(Month(2026, 10))
BUILDERS = ("phu_luc_3", "kiem_tra", "tinh_hinh_nop")


@pytest.fixture
def office(client):
    """Return the messy month after the sync that wrote it."""
    spreadsheet = messy_office(client)
    assert first_sync(client, spreadsheet).writes == 1
    return spreadsheet


@pytest.fixture
def built(monkeypatch):
    """Count the tabs each run builds, by title."""
    titles: list[str] = []
    for name in BUILDERS:
        original = getattr(layouts, name)

        def counting(*args, _original=original, **kwargs):
            content = _original(*args, **kwargs)
            titles.append(content.title)
            return content

        monkeypatch.setattr(layouts, name, counting)
    return titles


def fresh_run(client, spreadsheet):
    """Sync as a process that just started would (no remembered run)."""
    sync_module.forget_earlier_runs()
    return sync_module.run_sync(client, spreadsheet.id, tz=TZ, deadline_day=10, now=NOW)


def test_a_fresh_process_builds_no_tab_of_an_up_to_date_sheet(client, office, built):
    result = fresh_run(client, office)
    assert (result.writes, result.written, built) == (0, [], [])
    assert OCTOBER_TAB in result.unchanged and layouts.TINH_HINH_NOP in result.unchanged


def test_a_hand_edit_builds_and_rewrites_only_the_edited_tab(client, office, built):
    tab = office.worksheet(OCTOBER_TAB)
    total = tab.acell("D14").value
    tab.update([["999"]], "D14")
    result = fresh_run(client, office)
    assert (result.writes, result.written, built) == (1, [OCTOBER_TAB], [OCTOBER_TAB])
    assert tab.acell("D14").value == total
    built.clear()
    assert fresh_run(client, office).writes == 0 and built == []


def test_new_layout_code_builds_every_tab_and_writes_none_that_is_the_same(
    client, office, built, monkeypatch
):
    monkeypatch.setattr(tabkeys, "layout_code_digest", lambda: b"a new version")
    result = fresh_run(client, office)
    assert (result.writes, result.written) == (0, [])
    assert sorted(built) == sorted(result.unchanged)


def _rewrite_marks(client, spreadsheet, pattern: str, replacement: str) -> int:
    """Rewrite the stored marks of every protection with re.sub; return how many changed."""
    requests = []
    for tab in read_workbook(client, spreadsheet.id).tabs:
        for protection in tab.protections:
            old = protection.get("description", "")
            new = re.sub(pattern, replacement, old)
            if new != old:
                changed = {"protectedRangeId": protection["protectedRangeId"], "description": new}
                requests.append(
                    {"updateProtectedRange": {"protectedRange": changed, "fields": "description"}}
                )
    client.http_client.batch_update(spreadsheet.id, {"requests": requests})
    return len(requests)


def _forget_digests(client, spreadsheet) -> int:
    """Rewrite every stored mark as a run before the digests wrote it; return how many."""
    return _rewrite_marks(
        client, spreadsheet, r"\[ispeed-report (\w{16})[ \w]*\]", r"[ispeed-report \1]"
    )


def test_tabs_written_before_the_digests_get_them_with_the_next_write(client, office, built):
    assert _forget_digests(client, office) >= 3
    quiet = fresh_run(client, office)
    assert (quiet.writes, quiet.written) == (0, [])  # compared cell by cell: nothing to do
    assert sorted(built) == sorted(quiet.unchanged)
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")
    built.clear()
    repaired = fresh_run(client, office)
    assert (repaired.writes, repaired.written) == (1, [OCTOBER_TAB])
    # The unchanged tabs, the lock tab (Tình hình nộp) among them, took their digests
    # with that write: the next fresh run builds nothing.
    built.clear()
    assert fresh_run(client, office).writes == 0
    assert built == []


@pytest.fixture
def decoded(monkeypatch):
    """Record the titles of the tabs whose cells each run decodes."""
    titles: list[str] = []
    for name in ("_decoded", "_json_digest"):  # decoded whole, or for the values digest
        original = getattr(workbook.Tab, name)

        def recording(self, original=original):
            titles.append(self.title)
            return original(self)

        monkeypatch.setattr(workbook.Tab, name, recording)
    return titles


def _read_digests(client, spreadsheet) -> dict[str, str | None]:
    """Return each managed tab's stored read digest, by title."""
    found = {}
    for tab in read_workbook(client, spreadsheet.id).tabs:
        digests = tabwriter.stored_digests(tab)
        if digests is not None:
            found[tab.title] = digests[2]
    return found


def test_tabs_seen_up_to_date_are_recognised_by_their_json_after_the_next_write(
    client, office, built, decoded
):
    quiet = fresh_run(client, office)
    assert quiet.writes == 0 and built == []
    managed = set(quiet.unchanged)
    # No read digest stored yet: each tab's values digested, its JSON decoded just once.
    assert sorted(title for title in decoded if title in managed) == sorted(managed)
    assert set(_read_digests(client, office).values()) == {None}  # a quiet run writes nothing
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")
    assert fresh_run(client, office).written == [OCTOBER_TAB]
    stored = _read_digests(client, office)
    assert stored[OCTOBER_TAB] is None  # rewritten: its JSON has not been read yet
    assert all(stored[title] for title in managed - {OCTOBER_TAB})
    decoded.clear()
    built.clear()
    again = fresh_run(client, office)
    assert (again.writes, built) == (0, [])
    # Only Đơn vị and the tab rewritten last were decoded whole (the responses are decoded
    # chunk by chunk, as tests/test_sync_rows.py shows).
    assert sorted(decoded) == sorted([UNITS_TAB, OCTOBER_TAB])


def test_a_hand_edit_is_found_in_a_tab_known_by_its_json(client, office, built):
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")
    fresh_run(client, office)  # rewrites October; the other tabs take their read digests
    assert _read_digests(client, office)[layouts.KIEM_TRA]
    checks = office.worksheet(layouts.KIEM_TRA)
    problem = checks.acell("F2").value
    checks.update([["sửa tay"]], "F2")
    built.clear()
    result = fresh_run(client, office)
    assert (result.writes, result.written, built) == (1, [layouts.KIEM_TRA], [layouts.KIEM_TRA])
    assert checks.acell("F2").value == problem


def test_a_read_digest_that_no_longer_matches_falls_back_to_the_values(client, office, built):
    """Google answering the same values with other JSON bytes only costs a decode."""
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")
    fresh_run(client, office)
    wrong = r"\g<1>0123456789abcdef]"
    assert _rewrite_marks(client, office, r"(\[ispeed-report (?:\w{16} ){3})\w{16}\]", wrong)
    built.clear()
    quiet = fresh_run(client, office)
    assert (quiet.writes, quiet.written, built) == (0, [], [])
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")
    fresh_run(client, office)  # a write: the right read digests ride along
    assert "0123456789abcdef" not in set(_read_digests(client, office).values())


def test_a_resubmission_on_the_same_day_with_the_same_answers_builds_only_kiem_tra(
    client, office, built
):
    """Neither the grid nor Phụ lục 3 shows a report's row or time of day."""
    first = ROWS[0]  # the centre's October report, sent on 05/11/2026 at 08:12
    again = ["05/11/2026 15:40:00", *first[1:], "Người báo cáo", "0912345678", "a@b.vn"]
    office.worksheet(RESPONSES).append_row(again, value_input_option="USER_ENTERED")
    result = fresh_run(client, office)
    assert (result.writes, result.written, built) == (1, [layouts.KIEM_TRA], [layouts.KIEM_TRA])
    assert OCTOBER_TAB in result.unchanged and layouts.TINH_HINH_NOP in result.unchanged


def test_a_warm_process_knows_tabs_by_their_json_before_the_next_write(client, office, decoded):
    quiet = fresh_run(client, office)  # no read digest stored: each tab's values digested
    assert quiet.writes == 0 and set(quiet.unchanged) <= set(decoded)
    decoded.clear()
    sync_module._UNCHANGED.forget()  # the same process, made to look at the read again
    again = sync_module.run_sync(client, office.id, tz=TZ, deadline_day=10, now=NOW)
    assert (again.writes, again.unchanged) == (0, quiet.unchanged)
    assert decoded == []  # not even Đơn vị: its JSON is that of the last read
    office.worksheet(OCTOBER_TAB).update([["999"]], "D14")  # a hand edit is still found
    sync_module._UNCHANGED.forget()
    repaired = sync_module.run_sync(client, office.id, tz=TZ, deadline_day=10, now=NOW)
    assert repaired.written == [OCTOBER_TAB]


def test_a_new_answer_rewrites_its_tabs_without_decoding_them(client, office, decoded):
    # A unit that had not reported September answers: its tabs are built and rewritten,
    # never decoded, since their stored keys already say they hold something else.
    september = Month(2026, 9)
    before = fresh_run(client, office)
    missing = next(u.unit for u in before.summaries[september].units if u.status is Status.MISSING)
    answer = ["22/11/2026 10:00:00", missing, "09/2026", 1, 2, 3, 4, "", "", ""]
    office.worksheet(RESPONSES).append_row(
        [*answer, "Người báo cáo", "0912345678", "a@b.vn"], value_input_option="USER_ENTERED"
    )
    decoded.clear()
    result = fresh_run(client, office)
    rewritten = {layouts.TINH_HINH_NOP, phu_luc_3_title(september)}
    assert set(result.written) == rewritten
    assert UNITS_TAB in decoded and not rewritten & set(decoded)
