"""A warm process checks only the response rows it has not seen, and finds what a fresh one finds.

Each test changes the messy office's sheet the way people do (a new answer, a correction,
a deleted row, a unit list edit, a new month) and compares the run of a process that
remembers the last run's rows with the run of a fresh process on the same read.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs import row_outcomes
from jobs import sync as sync_module
from jobs import validate as validate_module
from jobs.periods import Month
from jobs.report import Status
from jobs.units import UNITS_TAB
from tests.sync_corpus import NOW, RESPONSES, TZ, messy_office
from tests.sync_corpus import sync as first_sync

EXTRA = ["Người báo cáo", "0912345678", "a@b.vn"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Remember rows by chunks of 4: the messy month's few dozen rows make several chunks."""
    monkeypatch.setattr(row_outcomes, "CHUNK_ROWS", 4)


@pytest.fixture
def office(client):
    """Return the messy month after the sync that wrote it (its rows now remembered)."""
    spreadsheet = messy_office(client)
    sync_module.forget_earlier_runs()
    assert first_sync(client, spreadsheet).writes == 1
    return spreadsheet


@pytest.fixture
def decoded(monkeypatch):
    """Record the values of the response rows runs decode, chunk by chunk, to check them."""
    rows: list[list] = []
    original = validate_module.rows_values

    def recording(data):
        values = original(data)
        rows.extend(values)
        return values

    monkeypatch.setattr(validate_module, "rows_values", recording)
    return rows


def run(client, spreadsheet, *, warm: bool, now=NOW, deadline_day=10):
    """Sync without writing, as a warm process (remembering) or as a fresh one."""
    if not warm:
        sync_module.forget_earlier_runs()
    sync_module._UNCHANGED.forget()  # always compute: the rows are what is compared
    return sync_module.run_sync(
        client, spreadsheet.id, tz=TZ, deadline_day=deadline_day, now=now, write=False
    )


def found(result) -> tuple:
    """Return what a run found: the summaries, problems, units, and the tabs up to date."""
    return (result.summaries, result.problems, result.units, result.unchanged)


def warm_and_fresh(client, spreadsheet, **kwargs) -> tuple[tuple, tuple]:
    """Return what a warm run and then a fresh run find on the same sheet."""
    return found(run(client, spreadsheet, warm=True, **kwargs)), found(
        run(client, spreadsheet, warm=False, **kwargs)
    )


def test_a_new_answer_s_chunk_is_the_only_one_a_warm_run_checks(client, office, decoded):
    answer = ["22/11/2026 10:00:00", "Phường Đức Xuân", "10/2026", 1, 2, 3, 4, "", "", ""]
    tab = office.worksheet(RESPONSES)
    reply = tab.append_row([*answer, *EXTRA], value_input_option="USER_ENTERED")
    # It lands in the blank row between answers (row 11), in the chunk of rows 10 to 13.
    assert reply["updates"]["updatedRange"].endswith("!A11:M11")
    decoded.clear()
    warm = run(client, office, warm=True)
    assert [values[1] for values in decoded] == [
        "Phường Phùng Chí Kiên",
        "Phường Đức Xuân",
        "Phường Sông Cầu",
        "Phường Nguyễn Thị Minh Khai",
    ]
    fresh = run(client, office, warm=False)  # decodes every chunk
    assert found(warm) == found(fresh)
    assert "Phụ lục 3 - 10/2026" not in warm.unchanged  # the new answer changes October


def test_a_corrected_cell_is_checked_again(client, office, decoded):
    # Row 9 has "năm" for a count (an error); the office types 5 instead.
    office.worksheet(RESPONSES).update([[5]], "D9")
    warm, fresh = warm_and_fresh(client, office)
    assert warm == fresh
    assert not any(p.row == 9 for p in warm[1])  # the error is gone


def test_a_deleted_row_renumbers_the_rows_below_it(client, office, decoded):
    before = [p.row for p in run(client, office, warm=True).problems if p.row]
    office.worksheet(RESPONSES).delete_rows(4)
    warm, fresh = warm_and_fresh(client, office)
    assert warm == fresh
    assert sorted(p.row for p in warm[1] if p.row) == sorted(r - (r > 4) for r in before)


def test_a_deleted_chunk_of_rows_moves_the_same_json_to_other_rows(client, office, decoded):
    # Rows 2 to 5 are the first chunk: the chunks below keep their JSON, not their rows.
    office.worksheet(RESPONSES).delete_rows(2, 5)
    warm, fresh = warm_and_fresh(client, office)
    assert warm == fresh


def test_a_unit_list_edit_checks_every_row_again(client, office, decoded):
    # An alias makes the unknown unit of row 16 a known one.
    units = office.worksheet(UNITS_TAB)
    names = units.col_values(2)
    row = names.index("Phường Sông Cầu") + 1
    units.update([["Phường Không Tồn Tại"]], f"E{row}")
    warm, fresh = warm_and_fresh(client, office)
    assert warm == fresh
    assert not any("Phường Không Tồn Tại" in p.issue and p.row == 16 for p in warm[1])


def test_a_new_month_checks_every_row_again(client, office, decoded):
    # In January 2027 the answer for 12/2026 is no longer for a month to come.
    later = NOW + timedelta(days=45)
    warm, fresh = warm_and_fresh(client, office, now=later)
    assert warm == fresh
    assert not any("chưa tới" in p.issue for p in warm[1])


def test_a_new_answer_makes_only_its_month_s_summary_anew(client, office):
    before = run(client, office, warm=True)
    answer = ["22/11/2026 10:00:00", "Phường Đức Xuân", "10/2026", 1, 2, 3, 4, "", "", ""]
    office.worksheet(RESPONSES).append_row([*answer, *EXTRA], value_input_option="USER_ENTERED")
    warm = run(client, office, warm=True)
    october = Month(2026, 10)
    assert warm.summaries[october] is not before.summaries[october]
    others = [month for month in warm.summaries if month != october]
    assert others and all(warm.summaries[m] is before.summaries[m] for m in others)
    assert found(warm) == found(run(client, office, warm=False))


def test_an_answer_with_errors_alone_makes_its_month_s_summary_anew(client, office):
    # September has no report of Phường Đức Xuân: an answer with an error makes it "invalid"
    # while the month's reports stay the very same.
    september = Month(2026, 9)
    before = run(client, office, warm=True)
    status = {u.unit: u.status for u in before.summaries[september].units}
    assert status["Phường Đức Xuân"] is Status.MISSING
    answer = ["22/11/2026 10:00:00", "Phường Đức Xuân", "09/2026", "năm", 2, 3, 4, "", "", ""]
    office.worksheet(RESPONSES).append_row([*answer, *EXTRA], value_input_option="USER_ENTERED")
    warm = run(client, office, warm=True)
    status = {u.unit: u.status for u in warm.summaries[september].units}
    assert status["Phường Đức Xuân"] is Status.INVALID
    assert found(warm) == found(run(client, office, warm=False))


def test_another_deadline_day_makes_every_summary_anew(client, office):
    before = run(client, office, warm=True)
    warm = run(client, office, warm=True, deadline_day=5)
    assert found(warm) == found(run(client, office, warm=False, deadline_day=5))
    assert found(warm)[0] != found(before)[0]  # some October report is late now
