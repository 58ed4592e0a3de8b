"""Generate the Google Apps Script that creates the report form with everything the API cannot.

The script is ``templates/create_form.gs`` with its data filled in: every value goes in as a
JSON literal (``json.dumps``), so a unit name with quotes, backslashes or line breaks stays
a string. The questions are data (:func:`script_questions`) read by a short, fixed program.

Google Forms holds one validation rule per question, so each rule here is a single regular
expression: a count's "whole number ≥ 0" is ``^\\s*[0-9]+\\s*$``. (Chaining
``requireWholeNumber()`` and ``requireNumberGreaterThanOrEqualTo(0)`` sets one rule twice,
and the second would let 2.5 through.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from importlib import resources
from string import Template
from typing import Any

from forms.definition import (
    CHECKBOXES,
    CONFIRMATION_MESSAGE,
    DROPDOWN,
    FORM_TITLE,
    QUESTIONS,
    WHOLE_NUMBER,
    Question,
    form_description,
)
from jobs.periods import Month

NON_NEGATIVE_WHOLE = r"^\s*[0-9]+\s*$"
WHOLE = r"^\s*-?[0-9]+\s*$"
WHOLE_MESSAGE = "Nhập một số nguyên, ví dụ 0, 1, 2."
NON_NEGATIVE_MESSAGE = "Nhập số nguyên không âm (0, 1, 2, ...)."
SPREADSHEET_TODO = (
    "\n// TODO: chưa có mã bảng tính. Dán mã vào giữa hai dấu ngoặc kép ở dòng trên, hoặc để"
    "\n// trống nếu chạy từ Tiện ích mở rộng → Apps Script của chính bảng tính báo cáo."
)
SOURCE_SHEET = "the spreadsheet's “Đơn vị” tab"
SOURCE_SEED = "the seed letter (no spreadsheet was configured)"
# Valid answers of the text questions whose pattern a plain "x" would not match.
SAMPLES = {"phone": "0912345678"}


def validation(question: Question) -> dict[str, str] | None:
    """Return a question's one validation rule as {pattern, message}, or None."""
    if question.kind == WHOLE_NUMBER:
        if question.minimum == 0:
            return {"pattern": NON_NEGATIVE_WHOLE, "message": NON_NEGATIVE_MESSAGE}
        if question.minimum is None:
            return {"pattern": WHOLE, "message": WHOLE_MESSAGE}
        raise ValueError(f"{question.key}: only a minimum of 0 can be one Forms rule")
    if question.pattern:
        return {"pattern": question.pattern, "message": question.pattern_message}
    return None


def _sample(question: Question, choices: Sequence[str], month: Month) -> str | list[str]:
    """Return a valid answer to a question (to read its entry id from a prefilled link)."""
    if question.kind == DROPDOWN:
        return choices[0]
    if question.kind == CHECKBOXES:
        return [choices[0]]
    if question.kind == WHOLE_NUMBER:
        return str(max(question.minimum or 0, 0))
    sample = month.label() if question.key == "month" else SAMPLES.get(question.key, "x")
    rule = validation(question)
    if rule and not re.search(rule["pattern"], sample):
        raise ValueError(f"{question.key}: no valid sample answer for its pattern")
    return sample


def script_questions(
    units: Sequence[str], month: Month, questions: Sequence[Question] = QUESTIONS
) -> list[dict[str, Any]]:
    """Return the questions as the script's data: the unit drop-down lists ``units``."""
    if not units:
        raise ValueError("the unit drop-down needs at least one unit")
    out = []
    for question in questions:
        choices = list(units) if question.units_list else list(question.options)
        item: dict[str, Any] = {
            "key": question.key,
            "title": question.title,
            "kind": question.kind,
            "required": question.required,
            "help": question.help,
        }
        if question.kind in (DROPDOWN, CHECKBOXES):
            item["choices"] = choices
        item["validation"] = validation(question)
        item["sample"] = _sample(question, choices, month)
        out.append(item)
    return out


def js_literal(value: Any, *, indent: int | None = None) -> str:
    """Return ``value`` as a JavaScript literal (JSON, which every modern engine parses)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # JSON allows U+2028/U+2029 in strings; older JavaScript engines end a line there.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_script(
    units: Sequence[str],
    *,
    spreadsheet_id: str | None,
    deadline_day: int,
    month: Month,
) -> str:
    """Return the Apps Script that creates the form (linked to ``spreadsheet_id`` if given)."""
    template = Template(
        resources.files("forms").joinpath("templates/create_form.gs").read_text("utf-8")
    )
    return template.substitute(
        title_comment=FORM_TITLE.replace("*/", "* /"),
        units_source=SOURCE_SHEET if spreadsheet_id else SOURCE_SEED,
        spreadsheet_id=js_literal(spreadsheet_id or ""),
        spreadsheet_todo="" if spreadsheet_id else SPREADSHEET_TODO,
        title=js_literal(FORM_TITLE),
        description=js_literal(form_description(deadline_day)),
        confirmation=js_literal(CONFIRMATION_MESSAGE),
        questions=js_literal(script_questions(units, month), indent=2),
    )
