"""The ``ispeed-report`` command line: help everywhere, clear Vietnamese errors."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from service.cli import main


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_every_command_has_help_text_with_an_example(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) > 3
    if command:
        assert "Ví dụ: ispeed-report " + command in result.output


def test_emulator_refuses_a_broken_data_file(tmp_path):
    broken = tmp_path / "data.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["emulator", "--port", "0", "--data", str(broken)])
    assert result.exit_code == 1
    assert "Lỗi: Không đọc được tệp dữ liệu" in result.output
    assert broken.read_text(encoding="utf-8") == "{not json"  # left as it was


def test_emulator_reports_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["emulator", "--port", str(port)])
    assert result.exit_code == 1
    assert f"Lỗi: Không mở được cổng 127.0.0.1:{port}" in result.output
