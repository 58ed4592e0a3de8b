"""Check the demo form's answers as the real Google Form does, with Vietnamese messages.

The same rules reach the browser as HTML5 attributes (``required``, ``pattern``, ``min``),
so a phone refuses most mistakes before sending; this is the check that counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from forms.definition import CHECKBOXES, DROPDOWN, QUESTIONS, WHOLE_NUMBER, Question

REQUIRED = "Đây là câu hỏi bắt buộc."
NOT_IN_LIST = "Hãy chọn một đơn vị trong danh sách."
NOT_AN_OPTION = "Có lựa chọn không nằm trong danh sách."
NOT_WHOLE = "Hãy nhập một số nguyên, ví dụ 0, 1, 2."
NEGATIVE = "Số không được âm: hãy nhập 0 hoặc số lớn hơn."
TOO_LARGE = "Số quá lớn, hãy kiểm tra lại."
TOO_LONG = "Câu trả lời quá dài (tối đa {limit} ký tự)."
MAX_DIGITS = 9  # a billion of anything in a month is a typo; also keeps numbers exact
MAX_TEXT = 2000
_WHOLE = re.compile(r"^[+-]?\d+$")
# Characters that the "v" flag (used by browsers for pattern="") wants escaped in a class.
_CLASS_SPECIAL = set("()[]{}/|")


@dataclass
class Checked:
    """The answers as typed (to show again), the clean answers, and the errors by key."""

    typed: dict[str, str | list[str]] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when every answer passed."""
        return not self.errors


def check_answers(
    form: Mapping[str, str] | object,
    units: Sequence[str],
    questions: Sequence[Question] = QUESTIONS,
) -> Checked:
    """Check a submitted form (a werkzeug MultiDict or a plain dict) against the questions."""
    out = Checked()
    for question in questions:
        if question.kind == CHECKBOXES:
            chosen = _all(form, question.key)
            out.typed[question.key] = chosen
            error, value = _check_boxes(question, chosen)
        else:
            text = str(_one(form, question.key)).strip()
            out.typed[question.key] = text
            error, value = _check_one(question, text, units)
        if error:
            out.errors[question.key] = error
        else:
            out.answers[question.key] = value
    return out


def _one(form: object, key: str) -> str:
    """Return one field's value ('' when absent)."""
    getter = getattr(form, "get", None)
    value = getter(key, "") if getter else ""
    return value if isinstance(value, str) else ""


def _all(form: object, key: str) -> list[str]:
    """Return every value of a repeated field (check boxes)."""
    getlist = getattr(form, "getlist", None)
    if getlist is not None:
        return [v for v in getlist(key) if isinstance(v, str)]
    value = _one(form, key)
    return [value] if value else []


def _check_one(question: Question, text: str, units: Sequence[str]) -> tuple[str, object]:
    """Return (error, clean value) of a single-valued answer."""
    if not text:
        return (REQUIRED if question.required else ""), ""
    if len(text) > MAX_TEXT:
        return TOO_LONG.format(limit=MAX_TEXT), ""
    if question.kind == DROPDOWN:
        options = units if question.units_list else question.options
        return ("" if text in options else NOT_IN_LIST), text
    if question.kind == WHOLE_NUMBER:
        return _whole_number(question, text)
    if question.pattern and not re.search(question.pattern, text):
        return question.pattern_message or "Câu trả lời không đúng định dạng.", ""
    return "", text


def _whole_number(question: Question, text: str) -> tuple[str, object]:
    """Return (error, number) of a whole-number answer."""
    compact = text.replace(" ", "")
    if not _WHOLE.match(compact):
        return NOT_WHOLE, ""
    if len(compact.lstrip("+-")) > MAX_DIGITS:
        return TOO_LARGE, ""
    number = int(compact)
    if question.minimum is not None and number < question.minimum:
        return (
            NEGATIVE if question.minimum == 0 else f"Số phải từ {question.minimum} trở lên."
        ), ""
    return "", number


def _check_boxes(question: Question, chosen: list[str]) -> tuple[str, object]:
    """Return (error, answer) of check boxes: the choices in the form's order, joined by ", "."""
    if any(choice not in question.options for choice in chosen):
        return NOT_AN_OPTION, ""
    if not chosen and question.required:
        return REQUIRED, ""
    return "", ", ".join(option for option in question.options if option in chosen)


def html_pattern(pattern: str | None) -> str | None:
    """Return a question's regular expression as an HTML ``pattern`` attribute.

    Browsers anchor the pattern themselves and compile it with the ``v`` flag, which wants
    ``( ) [ ] { } / |`` and a literal ``-`` escaped inside character classes.
    """
    if not pattern:
        return None
    body = pattern.removeprefix("^").removesuffix("$")
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            out.append(body[index : index + 2])
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char in _CLASS_SPECIAL or (char == "-" and _literal_dash(body, index)):
                char = "\\" + char
        elif char == "[":
            in_class = True
            out.append(char)
            if body[index + 1 : index + 2] == "^":
                out.append("^")
                index += 1
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _literal_dash(body: str, index: int) -> bool:
    """Return True when the '-' at ``index`` in a class is a literal (first or last)."""
    return body[index - 1] in "[^" or body[index + 1 : index + 2] == "]"
