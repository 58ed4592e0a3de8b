"""The demo form page: the real form's questions and rules, and rows appended as Forms does."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from forms.definition import BY_KEY, QUESTIONS
from jobs.periods import deadline, month_due
from jobs.units import SEED_UNITS, UNITS_TAB
from service.demo import demo_app, prepare
from service.demo_answers import html_pattern
from service.demo_sheet import RESPONSES_TAB
from service.settings import Settings
from tests.sync_corpus import TZ

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)  # the sample's "today": October 2026 is due
UNITS = [unit.name for unit in SEED_UNITS]
TOKEN = "demo-token"
DUE = month_due(datetime.now(TZ))  # what a unit reports on today, by the real clock


@pytest.fixture
def demo_sheet(client):
    """Return the demo spreadsheet prepared at NOW, and the sample's plan."""
    prepared = prepare(client, tz=TZ, deadline_day=10, now=NOW)
    return client.open_by_key(prepared.spreadsheet_id), prepared.plan


@pytest.fixture
def form_app(tmp_path, client, emulator, demo_sheet):
    """Return a test client of the demo app on the prepared spreadsheet (no scheduler)."""
    spreadsheet, _ = demo_sheet
    settings = Settings(
        spreadsheet_id=spreadsheet.id,
        sheets_endpoint=emulator.url,
        state_dir=str(tmp_path / "state"),
        scheduler=False,
        task_token=TOKEN,
    )
    app = demo_app(settings, client_factory=lambda: client, first_read=False)
    return app.test_client()


def _valid(**changes):
    """Return a valid submission, with some answers changed."""
    answers = {
        "unit": "Xã Nông Thượng",
        "month": DUE.label(),
        "news": "7",
        "articles": "2",
        "programmes": "0",
        "sessions": "1",
        "means": ["Zalo", "Đài truyền thanh, loa"],
        "other_forms": "Tuyên truyền tại chợ phiên",
        "notes": "=1+1",
        "reporter": "Ma Văn Cường",
        "phone": "0912345678",
    }
    answers.update(changes)
    return answers


def _responses(spreadsheet):
    """Return the responses tab's values, unformatted (date values as serials)."""
    return spreadsheet.values_get(
        f"'{RESPONSES_TAB}'!A1:L", params={"valueRenderOption": "UNFORMATTED_VALUE"}
    )["values"]


def test_the_form_has_one_field_per_question_with_the_form_rules(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    spreadsheet.worksheet(UNITS_TAB).update([["Không"]], "F10")  # Phường Xuất Hóa not monitored
    page = form_app.get("/demo/form").get_data(as_text=True)
    positions = [page.index(f'name="{q.key}"') for q in QUESTIONS]
    assert positions == sorted(positions)
    for question in QUESTIONS:
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{question.key}"[^>]*>', page)[0]
        assert ("required" in tag.split()) == question.required, question.key
    assert 'pattern="(0?[1-9]|1[0-2])/\\d{4}"' in page
    assert page.count('type="number" inputmode="numeric" min="0" step="1"') == 4
    assert page.count('type="checkbox" name="means"') == len(BY_KEY["means"].options)
    options = re.findall(r'<option value="([^"]+)"', page)
    assert options == UNITS[:-1]


def test_an_empty_submission_lists_every_required_question(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    before = _responses(spreadsheet)
    reply = form_app.post("/demo/form", data={})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    required = [q for q in QUESTIONS if q.required]
    assert page.count("Đây là câu hỏi bắt buộc.") == len(required)
    assert f"có {len(required)} câu trả lời cần sửa" in page
    assert _responses(spreadsheet) == before


def test_a_bad_month_and_a_negative_count_are_refused_and_the_answers_kept(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    before = _responses(spreadsheet)
    reply = form_app.post("/demo/form", data=_valid(month="13/2026", news="-3", sessions="1,5"))
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "Nhập tháng theo dạng MM/YYYY, ví dụ 10/2026." in page
    assert "Số không được âm: hãy nhập 0 hoặc số lớn hơn." in page
    assert "Hãy nhập một số nguyên, ví dụ 0, 1, 2." in page
    assert 'value="13/2026"' in page and 'value="-3"' in page
    assert '<option value="Xã Nông Thượng" selected>' in page
    assert 'value="Zalo" checked' in page and 'value="Facebook" checked' not in page
    assert ">=1+1</textarea>" in page and 'value="Ma Văn Cường"' in page
    assert _responses(spreadsheet) == before


def test_a_unit_outside_the_list_is_refused(form_app):
    reply = form_app.post("/demo/form", data=_valid(unit="Xã Không Có"))
    assert reply.status_code == 422
    assert "Hãy chọn một đơn vị trong danh sách." in reply.get_data(as_text=True)


def test_a_valid_submission_appends_one_row_as_google_forms_does(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    before = _responses(spreadsheet)
    start = datetime.now(TZ)
    reply = form_app.post("/demo/form", data=_valid())
    end = datetime.now(TZ)
    assert reply.status_code == 303
    after = _responses(spreadsheet)
    assert len(after) == len(before) + 1
    row = after[-1]
    assert isinstance(row[0], float)  # a date-time value: the wall time in Hà Nội
    seconds = row[0] * 86400
    assert abs(seconds - round(seconds)) < 0.01  # whole seconds, as the confirmation shows
    wall = datetime(1899, 12, 30) + timedelta(seconds=round(seconds))
    assert start.replace(microsecond=0, tzinfo=None) <= wall <= end.replace(tzinfo=None)
    assert row[1:] == [
        "Xã Nông Thượng",
        DUE.label(),
        7,
        2,
        0,
        1,
        "Đài truyền thanh, loa, Zalo",  # the form's order, joined by ", "
        "Tuyên truyền tại chợ phiên",
        "=1+1",  # what a person typed stays text
        "Ma Văn Cường",
        "0912345678",
    ]
    shown = spreadsheet.worksheet(RESPONSES_TAB).acell(f"A{len(after)}").value
    assert shown == wall.strftime("%d/%m/%Y %H:%M:%S")
    thanks = form_app.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Đã gửi báo cáo" in thanks and "Xã Nông Thượng" in thanks


def test_a_submitted_report_counts_after_the_next_sync(form_app, demo_sheet):
    sent_at = datetime.now(TZ)
    assert form_app.post("/demo/form", data=_valid()).status_code == 303
    reply = form_app.post("/tasks/sync", headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.get_json()["outcome"] == "ok"
    reply = form_app.get(f"/api/status?month={DUE.iso()}")
    units = {u["name"]: u for u in reply.get_json()["units"]}
    on_time = sent_at < deadline(DUE, deadline_day=10, tz=TZ)
    assert units["Xã Nông Thượng"]["status"] == ("on_time" if on_time else "late")
    assert units["Xã Nông Thượng"]["counts"] == {
        "news": 7,
        "articles": 2,
        "programmes": 0,
        "sessions": 1,
    }


def test_the_form_says_so_in_vietnamese_when_the_sheet_cannot_be_read(form_app, emulator):
    emulator.faults.configure({"fail_next": 20, "fail_status": 403})
    reply = form_app.get("/demo/form")
    assert reply.status_code == 503
    assert "Chưa mở được biểu mẫu" in reply.get_data(as_text=True)


def test_answers_are_kept_when_the_sheet_cannot_be_read_on_sending(form_app, emulator):
    emulator.faults.configure({"fail_next": 20, "fail_status": 403})
    reply = form_app.post("/demo/form", data=_valid())
    page = reply.get_data(as_text=True)
    assert reply.status_code == 503
    assert "Chưa gửi được báo cáo" in page and "Hãy thử gửi lại" in page
    assert '<option value="Xã Nông Thượng" selected>' in page and 'value="Ma Văn Cường"' in page


def test_a_question_column_the_office_deleted_comes_back_at_the_end(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    tab = spreadsheet.worksheet(RESPONSES_TAB)
    tab.delete_columns(10)  # Ghi chú
    assert form_app.post("/demo/form", data=_valid(notes="Ghi chú mới")).status_code == 303
    rows = _responses(spreadsheet)
    assert rows[0][-1] == "Ghi chú"
    assert rows[-1][-1] == "Ghi chú mới" and rows[-1][9] == "Ma Văn Cường"


def test_a_deleted_responses_tab_is_made_again_as_forms_would(form_app, demo_sheet):
    spreadsheet, _ = demo_sheet
    spreadsheet.del_worksheet(spreadsheet.worksheet(RESPONSES_TAB))
    assert form_app.post("/demo/form", data=_valid()).status_code == 303
    rows = _responses(spreadsheet)
    assert len(rows) == 2 and rows[1][1] == "Xã Nông Thượng" and isinstance(rows[1][0], float)


def test_the_production_app_has_no_demo_form(tmp_path):
    from service.app import create_app

    app = create_app(Settings(state_dir=str(tmp_path)), first_read=False)
    assert app.test_client().get("/demo/form").status_code == 404


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("month", ["10/2026", "1/2027"], ["13/2026", "10-2026", "x10/2026"]),
        (
            "phone",
            ["0912345678", "0912 345 678", "+84 912-345-678"],
            ["abc", "0912", "09123456789012345"],
        ),
    ],
)
def test_html_patterns_accept_what_the_form_accepts(key, good, bad):
    pattern = html_pattern(BY_KEY[key].pattern)
    assert not pattern.startswith("^") and not pattern.endswith("$")
    for text in good:
        assert re.fullmatch(pattern, text), text
    for text in bad:
        assert not re.fullmatch(pattern, text), text
