"""The README's commands and example are the ones that work: CI runs one, tests run the rest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    """Return the code inside the fenced block between ``<!-- marker -->`` comments."""
    match = re.search(rf"<!-- {re.escape(marker)} -->\s*```\w*\n(.*?)```", README, re.S)
    assert match, f"README has no {marker} block"
    return match.group(1).strip()


def test_readme_has_exactly_two_set_up_commands():
    assert README.count("<!-- demo-command -->") == 1
    assert README.count("<!-- test-command -->") == 1
    for marker in ("demo-command", "test-command"):
        command = _block(marker)
        assert command.count("\n") == 0, "each set-up command is one line"
        assert command.startswith("python3 -m venv .venv && ")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in script
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_the_readme_gspread_example_runs_against_a_standalone_emulator(tmp_path):
    from tests.test_sheets_resilience import _free_port, _wait_until_up

    port = _free_port()
    log = (tmp_path / "emulator.log").open("wb")
    emulator = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "emulator", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, emulator)
        script = tmp_path / "example.py"
        script.write_text(_block("example: gspread"), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(script)],
            env={**os.environ, "SHEETS_ENDPOINT": url, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
        log.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[['STT', 'Đơn vị'], ['1', 'Phường Sông Cầu'], ['2', 'Xã Dương Quang']]",
        "'Đơn vị'!A1:B3",
    ]
