"""Input keys and values digests: what lets a run skip building an up-to-date tab."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.report import Counts, Status
from jobs.sync import managed_tabs
from sheets import tabkeys, tabwriter
from sheets.layouts import KIEM_TRA, TINH_HINH_NOP, phu_luc_3, phu_luc_3_title
from sheets.tabwriter import _plain_row
from sheets.workbook import Tab, Workbook, cell_json, read_workbook, values_digest
from tests.layout_samples import MADE_AT, OCTOBER, october, on, september
from tests.sync_corpus import messy_office, vietnamese_spreadsheet
from tests.sync_corpus import sync as first_sync

PROJECT_PACKAGES = ("sheets", "jobs", "forms", "service")


def _imports(name: str) -> set[str]:
    """Return the project modules a module imports (absolute and relative imports)."""
    module = importlib.import_module(name)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    package = name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = f"{package}.{node.module}" if node.level else node.module
            if target and target.split(".")[0] in PROJECT_PACKAGES:
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] in PROJECT_PACKAGES)
    return found


def test_the_layout_code_digest_covers_every_module_the_layouts_depend_on():
    seen, todo = set(), ["sheets.layouts"]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_imports(name))
    assert seen == set(tabkeys.LAYOUT_MODULES)


def test_trailing_empty_cells_and_rows_and_whole_numbers_do_not_change_the_digest():
    assert values_digest([["a", 1, None, ""], [], [None]]) == values_digest([["a", 1.0]])
    assert values_digest([["a", None, "b"]]) != values_digest([["a", "b"]])
    assert values_digest([["1"]]) != values_digest([[1.0]])
    assert values_digest([[True]]) != values_digest([[1.0]])
    assert values_digest([["a"], ["b"]]) != values_digest([["a", "b"]])


def test_a_tab_digests_the_same_whether_its_cells_were_converted_or_not(client):
    spreadsheet = messy_office(client)
    first_sync(client, spreadsheet)
    for tab in read_workbook(client, spreadsheet.id).tabs:
        lazy = tab.values_digest()
        assert lazy == values_digest(tab.values) == tab.values_digest(), tab.title


_CELLS = st.sampled_from([None, "", "a", "Đúng hạn", 0.0, 1.0, 2.5, True, False])
# Up to 150 rows: several chunks of 64, with empty rows before, between and after others.
_ROWS = st.lists(st.lists(_CELLS, max_size=5), max_size=150)


@given(rows=_ROWS)
def test_a_tab_digested_a_chunk_at_a_time_digests_as_its_values(rows):
    # Each cell as a read gives it, an empty one as {} (trailing ones too, which a read
    # may leave out or not).
    lines = [b'{"values":[' + b",".join(map(cell_json, row)) + b"]}" for row in rows]
    raw = b'[{"rowData":[' + b",".join(lines) + b"]}]"
    digested = Tab(0, "T", 0, len(rows), 5, raw=raw).values_digest()
    decoded = Tab(0, "T", 0, len(rows), 5, raw=raw)
    assert digested == values_digest(rows) == values_digest(decoded.values)


def test_a_written_content_and_the_read_of_it_have_the_same_digest(client):
    spreadsheet = vietnamese_spreadsheet(client)
    content = phu_luc_3(october(), made_at=MADE_AT)
    empty = Workbook(spreadsheet.id, "", "vi_VN", "Asia/Ho_Chi_Minh", [])
    plan = tabwriter.plan(empty, [content], lock_title=KIEM_TRA)
    client.http_client.batch_update(spreadsheet.id, {"requests": plan.requests})
    written = values_digest([_plain_row(row) for row in content.rows])
    assert tabwriter._content_digest(content) == written  # what a description stores
    assert read_workbook(client, spreadsheet.id).tab(content.title).values_digest() == written
    spreadsheet.worksheet(content.title).update([["Phường khác"]], "B6")  # a hand edit
    assert read_workbook(client, spreadsheet.id).tab(content.title).values_digest() != written


def test_a_tab_given_values_digests_them():
    tab = Tab(1, "T", 0, 10, 3, values=[["x", 2.0]])
    assert tab.values_digest() == values_digest([["x", 2]])


def test_an_input_key_depends_on_the_kind_the_parts_and_the_code(monkeypatch):
    key = tabkeys.input_key("phu_luc_3", [b"ab", b"c"])
    assert key == tabkeys.input_key("phu_luc_3", [b"ab", b"c"])
    assert key != tabkeys.input_key("phu_luc_3", [b"a", b"bc"])
    assert key != tabkeys.input_key("kiem_tra", [b"ab", b"c"])
    monkeypatch.setattr(tabkeys, "layout_code_digest", lambda: b"other code")
    assert key != tabkeys.input_key("phu_luc_3", [b"ab", b"c"])
    monkeypatch.setattr(tabkeys, "layout_code_digest", lambda: None)
    assert tabkeys.input_key("phu_luc_3", [b"ab", b"c"]) is None


def test_the_code_digest_is_that_of_the_sources_as_the_process_started():
    names = tabkeys.LAYOUT_MODULES + tabkeys.JUDGING_MODULES
    assert tabkeys.layout_code_digest() is not None
    assert tabkeys.layout_code_digest() == tabkeys._source_digest(names)
    assert tabkeys._source_digest([*names, "msgspec._core"]) is None  # no Python source


def _keys_and_rows(summaries) -> dict[str, tuple[str | None, list]]:
    """Return each managed tab's input key and built rows for two months' summaries."""
    grid = sorted(summaries)
    tabs = managed_tabs(summaries, grid, grid, [], made_at=MADE_AT)
    return {tab.title: (tab.key, tab.make().rows) for tab in tabs if tab.title != KIEM_TRA}


# One change to October's unit at index 1 (late, 15/11 09:00), and the tabs whose key changes.
OCT, STATUS = phu_luc_3_title(OCTOBER), TINH_HINH_NOP
SHOWN_CHANGES = [
    ("same day, another hour", {"submitted_at": on(15, hour=16)}, set()),
    ("another number in the unit list", {"stt": 7}, set()),
    ("another day", {"submitted_at": on(16)}, {OCT, STATUS}),
    ("counts", {"counts": Counts(5, 1, 0, 3)}, {OCT}),
    ("notes", {"notes": "Khác"}, {OCT}),
    ("means", {"means": "Loa"}, {OCT}),
    ("other forms", {"other_forms": "Pano"}, {OCT}),
    ("status", {"status": Status.ON_TIME}, {OCT, STATUS}),
    ("name", {"unit": "Xã Mới"}, {OCT, STATUS}),
    ("no date", {"submitted_at": None}, {OCT, STATUS}),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [(change, expected) for _, change, expected in SHOWN_CHANGES],
    ids=[label for label, _, _ in SHOWN_CHANGES],
)
def test_a_tab_s_input_key_changes_with_what_it_shows_and_only_with_that(change, expected):
    before = october()
    units = list(before.units)
    units[1] = msgspec.structs.replace(units[1], **change)
    after = msgspec.structs.replace(before, units=tuple(units))
    old = _keys_and_rows({OCTOBER: before, september().month: september()})
    new = _keys_and_rows({OCTOBER: after, september().month: september()})
    rekeyed = {title for title in old if old[title][0] != new[title][0]}
    rebuilt = {title for title in old if old[title][1] != new[title][1]}
    assert rekeyed == expected
    assert rebuilt <= rekeyed  # a tab that would change is always built
