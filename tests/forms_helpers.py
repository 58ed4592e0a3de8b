"""Shared by the form tests: Node for the Apps Script, the Forms API discovery document."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import googleapiclient
import pytest

from sheets.emulator.schema import Discovery

FAKE_FORMAPP = Path(__file__).resolve().parent / "forms_fake_formapp.js"
FORMS_DISCOVERY = (
    Path(googleapiclient.__file__).resolve().parent / "discovery_cache/documents/forms.v1.json"
)
# Oneofs of the Forms API that its discovery document does not describe ("Union field" in the
# API reference).
FORMS_ONEOFS: dict[str, tuple[str, frozenset[str] | None]] = {
    "Request": ("kind", None),
    "Item": (
        "kind",
        frozenset(
            {
                "questionItem",
                "questionGroupItem",
                "pageBreakItem",
                "textItem",
                "imageItem",
                "videoItem",
            }
        ),
    ),
    "Question": (
        "kind",
        frozenset(
            {
                "choiceQuestion",
                "textQuestion",
                "scaleQuestion",
                "dateQuestion",
                "timeQuestion",
                "fileUploadQuestion",
                "rowQuestion",
                "ratingQuestion",
            }
        ),
    ),
    "Option": ("goToSection", frozenset({"goToAction", "goToSectionId"})),
}


@functools.cache
def forms_document() -> Discovery:
    """Return Google's Forms API v1 discovery document (shipped by google-api-python-client)."""
    return Discovery.from_json(FORMS_DISCOVERY.read_text(encoding="utf-8"), oneofs=FORMS_ONEOFS)


def node() -> str:
    """Return the node executable; skip without it, but fail in CI (CI must check the script)."""
    found = shutil.which("node")
    if found is None:
        reason = (
            "node is not installed, so the generated Apps Script is not checked: apt install nodejs"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def check_javascript(script: str, tmp_path: Path) -> None:
    """Assert that ``node --check`` accepts the script."""
    path = tmp_path / "create_form.js"
    path.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [node(), "--check", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def run_script(script: str, tmp_path: Path, active_spreadsheet: str = "") -> dict[str, Any]:
    """Run the script's createReportForm() against the recording FormApp; return the record."""
    path = tmp_path / "create_form.js"
    path.write_text(script, encoding="utf-8")
    args = [node(), str(FAKE_FORMAPP), str(path)]
    if active_spreadsheet:
        args.append(active_spreadsheet)
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def script_data(script: str) -> list[dict[str, Any]]:
    """Return the QUESTIONS literal of a generated script, read back as JSON."""
    start = script.index("const QUESTIONS = ") + len("const QUESTIONS = ")
    end = script.index("];\n", start) + 1
    return json.loads(script[start:end])
