"""The init-sheet and sync commands as the office's IT officer runs them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.sync_corpus import vietnamese_spreadsheet, write_responses


@pytest.fixture
def env(emulator):
    """Return the environment that points the commands at the emulator."""
    return {"SHEETS_ENDPOINT": emulator.url, "TIMEZONE": "Asia/Ho_Chi_Minh"}


def _run(args, env):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_init_sheet_then_sync_print_what_they_did(client, env, emulator):
    spreadsheet = vietnamese_spreadsheet(client)
    env = {**env, "SPREADSHEET_ID": spreadsheet.id}
    first = _run(["init-sheet"], env)
    assert first.exit_code == 0, first.output
    assert "Chưa có trang câu trả lời của biểu mẫu." in first.output
    assert "Đã ghi: Đơn vị, Tình hình nộp, Kiểm tra, Phụ lục 3 - " in first.output
    assert "Số yêu cầu gửi Google: 1 đọc, 1 ghi." in first.output
    write_responses(spreadsheet)
    second = _run(["sync", "--month", "10/2026"], env)
    assert second.exit_code == 0, second.output
    assert "Trang câu trả lời: Câu trả lời biểu mẫu 1" in second.output
    assert "Tháng 10/2026: " in second.output and "đơn vị đã báo cáo" in second.output
    assert "Số yêu cầu gửi Google: 1 đọc, 1 ghi." in second.output
    third = _run(["sync"], env)
    assert "Không có gì thay đổi: không ghi gì vào bảng tính." in third.output
    assert "Số yêu cầu gửi Google: 1 đọc, 0 ghi." in third.output


def test_sync_without_spreadsheet_id_says_how_to_set_it(env):
    result = _run(["sync"], env)
    assert result.exit_code == 1
    assert "Lỗi: Chưa đặt SPREADSHEET_ID" in result.output


def test_sync_without_access_says_to_share_the_sheet(env, emulator):
    private = emulator.store.create("Của người khác", private=True).spreadsheet_id
    result = _run(["sync"], {**env, "SPREADSHEET_ID": private})
    assert result.exit_code == 1
    assert "Lỗi: Dịch vụ không có quyền mở bảng tính" in result.output


def test_sync_of_an_unknown_spreadsheet_says_so(env):
    result = _run(["sync"], {**env, "SPREADSHEET_ID": "1" + "x" * 43})
    assert result.exit_code == 1
    assert "Lỗi: Không tìm thấy bảng tính" in result.output


def test_sync_without_responses_tab_explains_the_form_link(client, env):
    spreadsheet = vietnamese_spreadsheet(client)
    result = _run(["sync"], {**env, "SPREADSHEET_ID": spreadsheet.id})
    assert result.exit_code == 1
    assert "Không tìm thấy trang câu trả lời" in result.output
    assert "Traceback" not in result.output


def test_a_bad_month_option_is_refused(env):
    result = CliRunner().invoke(main, ["sync", "--month", "13/2026"], env=env)
    assert result.exit_code == 2
    assert "không phải tháng hợp lệ" in result.output


def test_a_bad_setting_names_the_variable(env):
    result = _run(["sync"], {**env, "DEADLINE_DAY": "35", "SPREADSHEET_ID": "x"})
    assert result.exit_code == 1
    assert "DEADLINE_DAY" in result.output
