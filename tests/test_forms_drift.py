"""One definition, no drift: the Apps Script, the Forms API requests and the demo form page ask
the same questions with the same rules, and the parser still reads what the office changes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from forms.apps_script import render_script
from forms.definition import CHECKBOXES, DROPDOWN, FORM_TITLE, QUESTIONS, WHOLE_NUMBER, Question
from forms.forms_api import plan_requests
from jobs.periods import Month
from jobs.responses import TIMESTAMP, read_responses
from jobs.units import SEED_UNITS, UNITS_TAB, seed_rows
from service.demo import demo_app
from service.demo_answers import check_answers
from service.settings import Settings
from sheets.workbook import Tab
from tests.forms_helpers import script_data

UNITS = [unit.name for unit in SEED_UNITS]
# Answers to try every rule on (blank answers are the "required" flag's business). None has
# more than 9 digits: the demo also refuses such counts as typos (demo_answers.MAX_DIGITS), a
# guard of its own that the definition does not state.
PROBES = (
    "10/2026", "1/2026", "13/2026", "10-2026", "2026/10", "0", "7", "120", "-1", "1.5", "1e3",
    "abc", "091234567", "+84 912 345 678", "09123", "=1+1",
)  # fmt: skip


def _accepts_by_definition(question: Question, answer: str) -> bool:
    """Return whether the definition's rule accepts an answer."""
    if question.kind == WHOLE_NUMBER:
        whole = re.fullmatch(r"-?[0-9]+", answer)
        return bool(whole) and (question.minimum is None or int(answer) >= question.minimum)
    if question.pattern:
        return bool(re.search(question.pattern, answer))
    return True


# --- the three renderings, as comparable views ------------------------------------------------


def _script_view() -> list[dict[str, Any]]:
    script = render_script(UNITS, spreadsheet_id="x", deadline_day=10, month=Month(2026, 10))
    assert f"const FORM_TITLE = {FORM_TITLE!r};".replace("'", '"') in script
    views = []
    for item in script_data(script):
        rule = item["validation"]
        views.append(
            {
                "key": item["key"],
                "title": item["title"],
                "required": item["required"],
                "help": item["help"],
                "choices": item.get("choices"),
                "accepts": (lambda a, r=rule: r is None or bool(re.search(r["pattern"], a))),
            }
        )
    return views


def _api_view() -> list[dict[str, Any]]:
    batch = plan_requests(UNITS, deadline_day=10)[1].body["requests"]
    views = []
    for request in batch:
        if "createItem" not in request:
            continue
        item = request["createItem"]["item"]
        question = item["questionItem"]["question"]
        choice = question.get("choiceQuestion")
        assert set(question) <= {"required", "choiceQuestion", "textQuestion"}  # no rules
        views.append(
            {
                "title": item["title"],
                "required": question.get("required", False),
                "help": item.get("description", ""),
                "choices": [o["value"] for o in choice["options"]] if choice else None,
            }
        )
    return views


class _FormPage(HTMLParser):
    """Collect the demo form's fields in page order, with labels, help texts and options."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}  # "label:<key>" / "help:<key>" -> text
        self._text_key: str | None = None
        self._legend_for: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "fieldset":
            self._legend_for = "pending"
        elif tag == "legend":
            self._text_key = "legend"
        elif tag == "label" and a.get("for", "").startswith("q-"):
            self._text_key = "label:" + a["for"][2:]
        elif tag == "p" and (a.get("id") or "").startswith("help-"):
            self._text_key = "help:" + a["id"][5:]
        elif tag == "span" and a.get("class") == "req" and self._text_key:
            self.texts[self._text_key + ":required"] = "yes"
        elif tag in ("input", "select", "textarea") and a.get("name"):
            field = self.fields.setdefault(a["name"], {"tag": tag, "attrs": a, "choices": []})
            if a.get("type") == "checkbox":
                field["choices"].append(a["value"])
                if "legend" in self.texts:
                    self.texts["label:" + a["name"]] = self.texts.pop("legend")
                    if self.texts.pop("legend:required", None):
                        self.texts["label:" + a["name"] + ":required"] = "yes"
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self.fields[self._select]["choices"].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("label", "legend", "p"):
            self._text_key = None
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._text_key and data.strip() != "*":
            text = self.texts.get(self._text_key, "") + data
            self.texts[self._text_key] = " ".join(text.split())


def _html_accepts(attrs: dict[str, Any], answer: str) -> bool:
    """Return whether a browser would accept an answer in this input (constraint validation)."""
    if attrs.get("type") == "number":
        try:
            value = float(answer)
        except ValueError:
            return False  # a number input cannot hold it at all
        low, step = float(attrs["min"]), float(attrs["step"])
        return value >= low and (value - low) % step == 0
    if attrs.get("pattern"):
        return re.fullmatch(attrs["pattern"], answer) is not None  # browsers anchor the pattern
    return True


def _demo_accepts(key: str, attrs: dict[str, Any], answer: str) -> bool:
    """Return whether the demo form takes an answer: the browser's check, then the server's."""
    return _html_accepts(attrs, answer) and key not in check_answers({key: answer}, UNITS).errors


@pytest.fixture
def demo_view(client, emulator, tmp_path) -> list[dict[str, Any]]:
    """Return the demo form page's questions, rendered from a spreadsheet with the seed units."""
    spreadsheet = client.create("Báo cáo i-Speed")
    spreadsheet.add_worksheet(UNITS_TAB, rows=20, cols=6).update(seed_rows(), "A1")
    settings = Settings(
        spreadsheet_id=spreadsheet.id,
        sheets_endpoint=emulator.url,
        state_dir=str(tmp_path / "state"),
        scheduler=False,
    )
    app = demo_app(settings, client_factory=lambda: client, first_read=False)
    page = app.test_client().get("/demo/form").get_data(as_text=True)
    assert f"<h1>{FORM_TITLE}</h1>" in page
    parser = _FormPage()
    parser.feed(page)
    views = []
    for key, field in parser.fields.items():
        attrs = field["attrs"]
        views.append(
            {
                "key": key,
                "title": parser.texts["label:" + key],
                "required": bool(parser.texts.get(f"label:{key}:required")),
                "required_attr": "required" in attrs,
                "help": parser.texts.get("help:" + key, ""),
                "choices": field["choices"] or None,
                "accepts": (lambda a, key=key, attrs=attrs: _demo_accepts(key, attrs, a)),
                "attrs": attrs,
            }
        )
    return views


# --- the comparison ---------------------------------------------------------------------------


def _expected_choices(question: Question) -> list[str] | None:
    if question.kind not in (DROPDOWN, CHECKBOXES):
        return None
    return UNITS if question.units_list else list(question.options)


def test_script_api_and_demo_ask_the_same_questions_in_the_same_order(demo_view):
    script, api = _script_view(), _api_view()
    titles = [q.title for q in QUESTIONS]
    assert [v["title"] for v in script] == titles
    assert [v["title"] for v in api] == titles
    assert [v["title"] for v in demo_view] == titles
    assert [v["key"] for v in script] == [v["key"] for v in demo_view] == [q.key for q in QUESTIONS]


def test_they_carry_the_same_required_flags_help_texts_and_choices(demo_view):
    script, api = _script_view(), _api_view()
    for index, question in enumerate(QUESTIONS):
        expected = _expected_choices(question)
        for name, view in (("script", script), ("api", api), ("demo", demo_view)):
            got = view[index]
            assert got["required"] == question.required, (name, question.key)
            assert got["help"] == question.help, (name, question.key)
            assert got["choices"] == expected, (name, question.key)
        if question.kind != CHECKBOXES:  # a group of check boxes has no "required" attribute
            assert demo_view[index]["required_attr"] == question.required, question.key


def test_the_script_and_the_demo_apply_the_definitions_rules(demo_view):
    script = _script_view()
    for index, question in enumerate(QUESTIONS):
        if question.kind in (DROPDOWN, CHECKBOXES):
            continue
        for answer in PROBES:
            expected = _accepts_by_definition(question, answer)
            assert script[index]["accepts"](answer) == expected, ("script", question.key, answer)
            assert demo_view[index]["accepts"](answer) == expected, ("demo", question.key, answer)
        if question.kind == WHOLE_NUMBER:  # the phone's keyboard and check follow the minimum
            attrs = demo_view[index]["attrs"]
            assert (attrs["type"], attrs["min"], attrs["step"]) == (
                "number",
                str(question.minimum),
                "1",
            )


# --- the parser after the office edits the form -----------------------------------------------


def _tab(header: list[str], rows: list[list[Any]]) -> Tab:
    return Tab(
        sheet_id=1,
        title="Câu trả lời biểu mẫu 1",
        index=0,
        row_count=len(rows) + 1,
        column_count=len(header),
        values=[list(header), *rows],
    )


def test_the_parser_reads_responses_after_a_slight_rename_and_an_added_question():
    renamed = {
        "Phương tiện thực hiện": "Phương tiện đã thực hiện",
        "Các hình thức tuyên truyền khác": "Các hình thức tuyên truyền khác (nếu có)",
        "Tháng báo cáo": "Tháng báo cáo:",
    }
    header = ["Dấu thời gian"]
    for question in QUESTIONS:
        header.append(renamed.get(question.title, question.title))
        if question.key == "sessions":
            header.append("Địa chỉ email liên hệ")  # a question the office added
    answers = {
        "unit": "Xã Dương Quang",
        "month": "10/2026",
        "news": 3.0,
        "articles": 1.0,
        "programmes": 0.0,
        "sessions": 2.0,
        "means": "Zalo, Facebook",
        "other_forms": "Tuyên truyền ở chợ",
        "notes": "",
        "reporter": "Hoàng Thị Lan",
        "phone": "0912345678",
    }
    row: list[Any] = [46300.5]
    for question in QUESTIONS:
        row.append(answers[question.key])
        if question.key == "sessions":
            row.append("lan@example.vn")
    table = read_responses(_tab(header, [row]))
    assert table.missing == []
    assert table.unknown_columns == [
        (header.index("Địa chỉ email liên hệ"), "Địa chỉ email liên hệ")
    ]
    assert {title for _, title in table.renamed} <= set(renamed)
    number, values = table.rows[0]
    assert number == 2 and values[table.columns[TIMESTAMP]] == 46300.5
    assert {key: values[table.columns[key]] for key in answers} == answers
