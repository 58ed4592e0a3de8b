"""The Apps Script that creates the form: valid JavaScript, faithful to the definition, safe."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from forms.apps_script import render_script, script_questions, validation
from forms.definition import FORM_TITLE, QUESTIONS, WHOLE_NUMBER, form_description
from forms.links import parse_entries
from jobs.periods import Month
from jobs.units import SEED_UNITS, UNITS_TAB, seed_rows
from service.cli import main
from tests.forms_helpers import check_javascript, run_script, script_data

MONTH = Month(2026, 10)
UNITS = [unit.name for unit in SEED_UNITS]
SHEET_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF"
# Person-given text that would break a hand-quoted literal or a template.
NASTY = 'Xã "Thử" \\ \' </script> */ ${x} $x \u2028 dòng\nmới'


def _script(units=UNITS, spreadsheet_id: str | None = SHEET_ID) -> str:
    return render_script(units, spreadsheet_id=spreadsheet_id, deadline_day=10, month=MONTH)


def test_the_script_is_valid_javascript(tmp_path):
    check_javascript(_script(), tmp_path)
    check_javascript(_script(spreadsheet_id=None), tmp_path)
    check_javascript(_script([*UNITS, NASTY]), tmp_path)


def test_running_it_creates_every_question_in_order_with_its_rules(tmp_path):
    record = run_script(_script(), tmp_path)
    assert record["title"] == FORM_TITLE
    assert record["description"] == form_description(10)
    kinds = {"dropdown": "list", "checkboxes": "checkbox", "paragraph": "paragraph"}
    assert [item["title"] for item in record["items"]] == [q.title for q in QUESTIONS]
    for item, question in zip(record["items"], QUESTIONS, strict=True):
        assert item["kind"] == kinds.get(question.kind, "text")
        assert item["required"] == question.required
        assert item["help"] == (question.help or None)
        if question.units_list:
            assert item["choices"] == UNITS
        elif question.options:
            assert item["choices"] == list(question.options)
        rule = validation(question)
        if rule is None:
            assert item["validation"] is None, question.key
        else:
            assert item["validation"] == {
                "message": rule["message"],
                "requires": [["requireTextMatchesPattern", rule["pattern"]]],
            }
    assert record["destination"] == {"type": "SPREADSHEET", "id": SHEET_ID}
    assert record["published"] is True and record["accepting"] is True


def test_it_logs_the_addresses_and_entry_ids_the_office_pastes_back(tmp_path):
    record = run_script(_script(), tmp_path)
    logs = "\n".join(record["logs"])
    assert "Địa chỉ gửi cho các đơn vị: https://docs.google.com/forms/d/e/" in logs
    assert (
        "Địa chỉ chỉnh sửa (chỉ Phòng dùng): https://docs.google.com/forms/d/fakeEditId/edit"
        in logs
    )
    line = next(line for line in record["logs"] if line.startswith("Mã các ô"))
    entries = json.loads(line[line.index("{") :])
    expected = {q.key: item["entry"] for q, item in zip(QUESTIONS, record["items"], strict=True)}
    assert entries == expected
    assert parse_entries(line) == expected  # the whole log line is accepted by form-links
    command = next(line for line in record["logs"] if "ispeed-report form-links" in line)
    assert (
        "--form-url 'https://docs.google.com/forms/d/e/1FAIpQLSfakePublishedId/viewform'" in command
    )


def test_person_given_unit_names_arrive_unchanged(tmp_path):
    record = run_script(_script([*UNITS, NASTY]), tmp_path)
    assert record["items"][0]["choices"] == [*UNITS, NASTY]


def test_without_spreadsheet_id_it_links_to_the_spreadsheet_it_runs_in(tmp_path):
    script = _script(spreadsheet_id=None)
    assert 'const SPREADSHEET_ID = "";\n// TODO: chưa có mã bảng tính.' in script
    bound = run_script(script, tmp_path, active_spreadsheet="sheet-it-runs-in")
    assert bound["destination"] == {"type": "SPREADSHEET", "id": "sheet-it-runs-in"}
    standalone = run_script(script, tmp_path)
    assert standalone["destination"] is None
    assert any("Liên kết với Trang tính" in line for line in standalone["logs"])
    assert standalone["published"] is True


def test_counts_are_one_rule_whole_numbers_at_least_zero():
    for question in QUESTIONS:
        if question.kind != WHOLE_NUMBER:
            continue
        pattern = validation(question)["pattern"]
        for good in ("0", "7", "120", " 3 "):
            assert re.search(pattern, good), (question.key, good)
        for bad in ("-1", "1.5", "2,5", "ba", "", "1e3"):
            assert not re.search(pattern, bad), (question.key, bad)


def test_every_sample_answer_passes_its_own_rule():
    for item in script_questions(UNITS, MONTH):
        rule = item["validation"]
        if rule:
            assert re.search(rule["pattern"], item["sample"]), item["key"]


def test_the_data_in_the_script_is_the_definition():
    data = script_data(_script())
    assert data == script_questions(UNITS, MONTH)
    assert [item["key"] for item in data] == [q.key for q in QUESTIONS]


def test_an_empty_unit_list_is_refused():
    with pytest.raises(ValueError):
        _script([])


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def env(emulator):
    """Return the environment that points the commands at the emulator."""
    return {"SHEETS_ENDPOINT": emulator.url, "SPREADSHEET_ID": "", "TIMEZONE": "Asia/Ho_Chi_Minh"}


def _units_sheet(client, rows):
    """Return the id of a new spreadsheet whose Đơn vị tab holds ``rows``."""
    spreadsheet = client.create("Báo cáo i-Speed")
    tab = spreadsheet.add_worksheet(UNITS_TAB, rows=30, cols=6)
    tab.update(rows, "A1")
    return spreadsheet.id


def test_form_script_without_spreadsheet_uses_the_seed_units_and_warns(env, tmp_path):
    result = CliRunner().invoke(main, ["form-script"], env=env)
    assert result.exit_code == 0, result.output
    assert "Cảnh báo: chưa đặt SPREADSHEET_ID" in result.stderr
    assert result.stdout.startswith("/**")
    assert script_data(result.stdout)[0]["choices"] == UNITS
    check_javascript(result.stdout, tmp_path)


def test_form_script_reads_the_units_tab_once(client, env, emulator, tmp_path):
    rows = seed_rows()
    rows[9][5] = "Không"  # Phường Xuất Hóa no longer reports
    rows.append([10, "Xã Mới", "Xã", "0605809999", "", "Có"])
    spreadsheet_id = _units_sheet(client, rows)
    emulator.faults.reset_stats()
    out = tmp_path / "tao-bieu-mau.gs"
    result = CliRunner().invoke(
        main, ["form-script", "--out", str(out)], env={**env, "SPREADSHEET_ID": spreadsheet_id}
    )
    assert result.exit_code == 0, result.output
    stats = emulator.faults.stats()
    assert (stats["read"], stats.get("write", 0)) == (1, 0)
    script = out.read_text(encoding="utf-8")
    assert script_data(script)[0]["choices"] == [*UNITS[:-1], "Xã Mới"]
    assert f"const SPREADSHEET_ID = {json.dumps(spreadsheet_id)};\n" in script
    assert "TODO" not in script


def test_form_script_refuses_duplicate_unit_names(client, env):
    rows = seed_rows()
    rows.append([10, "phường  SÔNG CẦU", "Phường", "", "", "Có"])
    spreadsheet_id = _units_sheet(client, rows)
    result = CliRunner().invoke(
        main, ["form-script"], env={**env, "SPREADSHEET_ID": spreadsheet_id}
    )
    assert result.exit_code == 1
    assert "Lỗi: Trang “Đơn vị” có lỗi" in result.stderr
    assert "Tên đơn vị trùng với đơn vị ở dòng 4" in result.stderr
    assert result.stdout == ""


def test_form_script_refuses_an_empty_unit_list(client, env):
    spreadsheet_id = _units_sheet(client, [list(seed_rows()[0])])
    result = CliRunner().invoke(
        main, ["form-script"], env={**env, "SPREADSHEET_ID": spreadsheet_id}
    )
    assert result.exit_code == 1
    assert "Không có đơn vị nào được theo dõi" in result.stderr


def test_form_script_without_access_to_the_sheet_says_to_share_it(env, emulator):
    private = emulator.store.create("Của người khác", private=True).spreadsheet_id
    result = CliRunner().invoke(main, ["form-script"], env={**env, "SPREADSHEET_ID": private})
    assert result.exit_code == 1
    assert "Lỗi: Dịch vụ không có quyền mở bảng tính" in result.stderr
