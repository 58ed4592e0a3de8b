"""The tab writer: rewrite only what changed, and let a racing sync lose cleanly."""

from __future__ import annotations

import dataclasses
import json

import pytest

from jobs.report import Level
from jobs.sync import build, post_batch
from jobs.units import seed_rows
from service.errors import SheetContentError, SheetsError, SheetsRequestRejected
from sheets import tabrequests, tabwriter
from sheets.client import translate_errors
from sheets.layouts import (
    DON_VI,
    KIEM_TRA,
    TINH_HINH_NOP,
    don_vi,
    kiem_tra,
    phu_luc_3,
    phu_luc_3_title,
    tinh_hinh_nop,
)
from sheets.layouts_common import LIGHT_GREEN, LIGHT_RED
from sheets.tabs import BLACK_BORDER, Style, TabContent, cell
from sheets.workbook import Workbook, read_workbook
from tests.layout_samples import MADE_AT, october, problem, september
from tests.sync_corpus import NOW, RESPONSES, TZ, sync, vietnamese_spreadsheet, write_responses
from tests.test_sync import OCTOBER


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


# -- hoisted borders and formats write exactly what per-cell formats wrote -------------

SIDES = ("top", "bottom", "left", "right")
GRID_FIELDS = (
    "sheets(properties(title,gridProperties),merges,"
    "data(rowData(values(userEnteredValue,userEnteredFormat))))"
)


def _scattered() -> TabContent:
    """Return a status grid whose formats change often: painted in layers."""
    green = Style(background=LIGHT_GREEN, valign="TOP", wrap=True)
    red = Style(background=LIGHT_RED, valign="TOP", wrap=True)
    rows = []
    for r in range(60):
        line = [green(f"Đúng hạn {r}") if (r * 7 + c) % 5 else red("Chưa") for c in range(6)]
        if r % 11 == 0:
            line[2] = cell("không định dạng")  # no format inside the green box
        if r % 17 == 0:
            line = line[:3]  # absent cells inside the box
        rows.append(line)
    rows.append([cell("Tỷ lệ", bold=True)])
    return TabContent(title="Lưới", rows=rows, borders=[(0, 5, 0, 6)], merges=[(60, 61, 0, 6)])


def _per_cell(content: TabContent, sheet_id: int) -> list[dict]:
    """Return the requests of the writer before hoisting: formats and borders in every cell."""
    size = tabrequests.grid(content)
    rows = [list(line) for line in content.rows]
    for top, bottom, left, right in content.borders:
        for r in range(top, bottom):
            rows[r].extend({} for _ in range(right - len(rows[r])))
            for c in range(left, right):
                fmt = {**rows[r][c].get("userEnteredFormat", {})}
                fmt["borders"] = dict.fromkeys(SIDES, BLACK_BORDER)
                rows[r][c] = {**rows[r][c], "userEnteredFormat": fmt}
    grid = {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": size["rowCount"]}
    grid |= {"startColumnIndex": 0, "endColumnIndex": size["columnCount"]}
    requests = [
        tabrequests.add_sheet(content, sheet_id, 0),
        {
            "updateCells": {
                "range": grid,
                "rows": [{"values": row} for row in rows],
                "fields": tabrequests.CELL_FIELDS,
            }
        },
    ]
    for top, bottom, left, right in content.merges:
        merge = {"sheetId": sheet_id, "startRowIndex": top, "endRowIndex": bottom}
        merge |= {"startColumnIndex": left, "endColumnIndex": right}
        requests.append({"mergeCells": {"mergeType": "MERGE_ALL", "range": merge}})
    return requests


def _grid_data(spreadsheet, title: str) -> dict:
    """Return a tab's grid, merges, values and formats as read back."""
    meta = spreadsheet.fetch_sheet_metadata(
        {"includeGridData": "true", "ranges": f"'{title}'", "fields": GRID_FIELDS}
    )
    sheet = meta["sheets"][0]
    for merge in sheet.get("merges", []):
        merge.pop("sheetId", None)
    return sheet


def _write(client, spreadsheet, content: TabContent) -> tabwriter.WritePlan:
    """Write one tab with the tab writer, as a sync would."""
    workbook = read_workbook(client, spreadsheet.id)
    plan = tabwriter.plan(workbook, [content], lock_title=TINH_HINH_NOP)
    assert len(plan.batches) == 1
    post_batch(client, spreadsheet.id, plan.body(0))
    return plan


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: phu_luc_3(october(), made_at=MADE_AT), id="phu-luc-3"),
        pytest.param(lambda: tinh_hinh_nop([october(), september()], made_at=MADE_AT), id="tinh"),
        pytest.param(lambda: kiem_tra([problem(2, Level.ERROR, "e")], made_at=MADE_AT), id="kt"),
        pytest.param(lambda: kiem_tra([], made_at=MADE_AT), id="kiem-tra-empty"),
        pytest.param(lambda: don_vi(seed_rows()), id="don-vi"),
        pytest.param(_scattered, id="scattered"),
    ],
)
def test_hoisted_borders_and_formats_write_what_per_cell_formats_wrote(client, content):
    ours, theirs = client.create("Tách"), client.create("Từng ô")
    _write(client, ours, content())
    theirs.batch_update({"requests": _per_cell(content(), 7)})
    title = content().title
    assert _grid_data(ours, title) == _grid_data(theirs, title)
    # Rewritten in place over other content, it is still the same.
    other = _scattered() if title != "Lưới" else phu_luc_3(october(), made_at=MADE_AT)
    _write(client, ours, dataclasses.replace(other, title=title))
    _write(client, ours, content())
    assert _grid_data(ours, title) == _grid_data(theirs, title)


def test_borders_are_one_request_per_table_and_formats_are_shared():
    content = phu_luc_3(october(), made_at=MADE_AT)
    requests = tabrequests.fill(content, 5)
    borders = [r["updateBorders"] for r in requests if "updateBorders" in r]
    assert len(borders) == 1 and borders[0]["range"]["startRowIndex"] == 2
    assert all(borders[0][side]["style"] == "SOLID" for side in tabrequests.BORDER_SIDES)
    cells = [c for row in requests[0]["updateCells"]["rows"] for c in row["values"]]
    assert not any("borders" in c.get("userEnteredFormat", {}) for c in cells)
    unit_cells = [c for row in requests[0]["updateCells"]["rows"][4:13] for c in row["values"]]
    assert not any("userEnteredFormat" in c for c in unit_cells)  # from a few repeatCells
    assert sum("repeatCell" in r for r in requests) < 10
    kinds = [next(iter(r)) for r in requests]
    assert kinds.index("updateBorders") < kinds.index("mergeCells")  # merges see the borders


def test_a_grid_of_scattered_formats_is_painted_in_layers():
    content = _scattered()
    requests = tabrequests.fill(content, 5)
    painted = [r["repeatCell"] for r in requests if "repeatCell" in r]
    first = painted[0]["range"]
    assert (first["startRowIndex"], first["endRowIndex"]) == (0, 60)
    assert (first["startColumnIndex"], first["endColumnIndex"]) == (0, 6)
    assert (
        painted[0]["cell"]["userEnteredFormat"]["backgroundColorStyle"]["rgbColor"] == LIGHT_GREEN
    )
    assert {} in [p["cell"]["userEnteredFormat"] for p in painted]  # unformatted cells cleared


# -- batches -----------------------------------------------------------------------------


def _empty_workbook() -> Workbook:
    return Workbook("id", "Báo cáo", "vi_VN", "Asia/Ho_Chi_Minh", tabs=[])


def _contents() -> list[TabContent]:
    return [
        don_vi(seed_rows()),
        tinh_hinh_nop([october(), september()], made_at=MADE_AT),
        kiem_tra([problem(n, Level.WARNING, "w" * 300) for n in range(40)], made_at=MADE_AT),
        phu_luc_3(october(), made_at=MADE_AT),
        phu_luc_3(september(), made_at=MADE_AT),
    ]


def test_one_batch_when_everything_fits():
    plan = tabwriter.plan(_empty_workbook(), _contents(), lock_title=TINH_HINH_NOP)
    assert len(plan.batches) == 1
    assert json.loads(plan.body(0)) == {"requests": plan.requests}


def test_batches_hold_whole_tabs_in_order_with_the_lock_tab_first():
    contents = _contents()
    sizes = {
        t.title: len(t.body)
        for t in tabwriter.plan(_empty_workbook(), contents, lock_title=TINH_HINH_NOP).tabs
    }
    budget = max(sizes[DON_VI] + sizes[TINH_HINH_NOP] + 2, *sizes.values()) + 10
    plan = tabwriter.plan(_empty_workbook(), contents, lock_title=TINH_HINH_NOP, budget=budget)
    assert len(plan.batches) >= 3
    assert plan.titles(0) == [DON_VI, TINH_HINH_NOP]
    assert [t for i in range(len(plan.batches)) for t in plan.titles(i)] == plan.written
    lock = {"protectedRangeId": 77, "range": {"sheetId": plan.lock_sheet_id}}
    reply = {"replies": [{"addProtectedRange": {"protectedRange": lock}}]}
    for index in range(len(plan.batches)):
        body = plan.body(index, reply if index else None)
        swap = 2 if index else 0  # delete the lock the previous batch added, add it anew
        assert len(body) <= budget + 20 + swap * 200
        requests = json.loads(body)["requests"]
        tabs = len(requests) - swap
        assert requests[:tabs] == [r for tab in plan.batches[index] for r in tab.requests]
        if index:
            assert requests[tabs]["deleteProtectedRange"] == {"protectedRangeId": 77}


def test_a_later_batch_is_never_sent_without_the_lock():
    contents = _contents()
    plan = tabwriter.plan(_empty_workbook(), contents, lock_title=TINH_HINH_NOP, budget=40_000)
    assert len(plan.batches) >= 2
    with pytest.raises(SheetsError) as excinfo:
        plan.body(1, {"replies": [{}]})  # the reply names no protection of the lock tab
    assert "not sent" in str(excinfo.value)
    assert "lần sau sẽ ghi tiếp" in excinfo.value.user_message


def test_a_tab_over_the_budget_is_a_clear_error():
    with pytest.raises(SheetContentError) as excinfo:
        tabwriter.plan(_empty_workbook(), _contents(), lock_title=TINH_HINH_NOP, budget=3000)
    message = str(excinfo.value)
    assert "'Đơn vị', 'Tình hình nộp'" in message  # the first batch must hold both
    assert "10,485,760 bytes" in message and "never split" in message
    assert "quá lớn" in excinfo.value.user_message
    plan = tabwriter.plan(_empty_workbook(), _contents(), lock_title=TINH_HINH_NOP)
    largest = max(plan.tabs[:2], key=lambda tab: len(tab.body)).title  # of the first batch
    assert f"Trang “{largest}”" in excinfo.value.user_message


def test_the_next_batch_swaps_the_lock_protections_the_reply_names():
    reply = {
        "replies": [
            {},
            {"addProtectedRange": {"protectedRange": {"protectedRangeId": 5, "range": {}}}},
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "protectedRangeId": 9,
                        "range": {"sheetId": 42},
                        "description": "khoá [ispeed-report 0123456789abcdef]",
                        "warningOnly": True,
                    }
                }
            },
        ]
    }
    swap = tabwriter.swap_after(reply, 42)
    assert swap == [
        {"deleteProtectedRange": {"protectedRangeId": 9}},
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": 42},
                    "description": "khoá [ispeed-report 0123456789abcdef]",
                    "warningOnly": True,
                }
            }
        },
    ]
    assert tabwriter.swap_after(reply, 0)[0] == {"deleteProtectedRange": {"protectedRangeId": 5}}
    assert tabwriter.swap_after(reply, None) == []
