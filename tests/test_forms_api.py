"""form-create: the Forms API requests, checked against Google's discovery document, and sent."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from click.testing import CliRunner

from forms import forms_api
from forms.definition import FORM_TITLE, QUESTIONS
from forms.forms_api import (
    FORMS_SCOPES,
    LINK_STEP,
    VALIDATION_ADVICE,
    create_form,
    entry_ids,
    plan_requests,
)
from jobs.units import SEED_UNITS
from service.cli import main
from service.errors import FormsApiError
from sheets.emulator.errors import ApiError
from sheets.emulator.schema import check, check_mask
from tests.forms_helpers import forms_document

UNITS = [unit.name for unit in SEED_UNITS]
# The method each planned request calls, in order.
METHODS = ("forms.create", "forms.batchUpdate", "forms.setPublishSettings")


def _dry_run(env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Return the requests ``form-create --dry-run`` prints, one JSON object per line."""
    result = CliRunner().invoke(
        main, ["form-create", "--dry-run"], env=env or {"SPREADSHEET_ID": ""}
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_dry_run_prints_three_requests_and_sends_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the dry run must not send anything")

    monkeypatch.setattr(forms_api, "authorized_session", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    printed = _dry_run()
    assert [r["method"] for r in printed] == ["POST", "POST", "POST"]
    assert printed == [r.as_json() for r in plan_requests(UNITS, deadline_day=10)]
    assert "{formId}" in printed[1]["url"] and "{formId}" in printed[2]["url"]


def test_every_request_body_is_valid_for_the_forms_api_discovery_document():
    document = forms_document()
    for request, method_id in zip(_dry_run(), METHODS, strict=True):
        method = document.method(method_id)
        assert request["method"] == method["httpMethod"]
        url = urlsplit(request["url"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == document.url(method_id)
        for name, _value in parse_qsl(url.query):
            assert method["parameters"][name]["location"] == "query", name
        schema = method["request"]["$ref"]
        assert check(schema, request["body"], document=document) == request["body"], method_id


def test_the_masks_name_real_fields():
    document = forms_document()
    fill, publish = plan_requests(UNITS, deadline_day=10)[1:]
    info = fill.body["requests"][0]["updateFormInfo"]
    assert check_mask("Info", info["updateMask"], document=document) == {"description": None}
    mask = publish.body["updateMask"]
    assert check_mask("PublishSettings", mask, document=document) == {"publishState": None}


def test_create_sets_only_what_forms_create_copies():
    create = plan_requests(UNITS, deadline_day=10)[0]
    assert create.body == {"info": {"title": FORM_TITLE, "documentTitle": FORM_TITLE}}
    assert "unpublished=true" in create.url  # nobody sees the form before it is complete


def test_the_checker_catches_what_google_would_refuse():
    document = forms_document()
    body = plan_requests(UNITS, deadline_day=10)[1].body
    bad = json.loads(json.dumps(body))
    question = bad["requests"][1]["createItem"]["item"]["questionItem"]["question"]
    question["choiceQuestion"]["type"] = "DROPDOWN"
    question["textQuestion"] = {"paragraph": False}
    bad["requests"][2]["createItem"]["item"]["validation"] = {"pattern": "x"}
    with pytest.raises(ApiError) as caught:
        check("BatchUpdateFormRequest", bad, document=document)
    text = json.dumps(caught.value.details)
    assert "DROPDOWN" in text and "kind" in text and "validation" in text


def test_the_batch_creates_every_question_in_order():
    requests_ = plan_requests(UNITS, deadline_day=10)[1].body["requests"]
    items = [r["createItem"] for r in requests_ if "createItem" in r]
    assert [i["location"]["index"] for i in items] == list(range(len(QUESTIONS)))
    assert [i["item"]["title"] for i in items] == [q.title for q in QUESTIONS]
    unit = items[0]["item"]["questionItem"]["question"]
    assert unit["choiceQuestion"]["type"] == "DROP_DOWN"
    assert [o["value"] for o in unit["choiceQuestion"]["options"]] == UNITS


def test_the_scopes_are_forms_body_and_drive_file():
    assert FORMS_SCOPES == (
        "https://www.googleapis.com/auth/forms.body",
        "https://www.googleapis.com/auth/drive.file",
    )


# --- sending ---------------------------------------------------------------------------------


class FakeResponse:
    """A requests.Response stand-in."""

    def __init__(self, status: int, body: Any) -> None:
        self.status_code = status
        self._body = body

    def json(self) -> Any:
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


class FakeForms:
    """A Forms API stand-in recording requests; answers as Google does for this flow."""

    def __init__(self, fail: dict[str, tuple[int, Any]] | None = None) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.fail = fail or {}

    def request(self, method: str, url: str, **kwargs: Any) -> FakeResponse:
        body = kwargs.get("json")
        self.sent.append((method, url, body))
        for part, failure in self.fail.items():
            if part in url:
                return FakeResponse(*failure)
        if url.endswith(":batchUpdate"):
            items = []
            for index, request in enumerate(body["requests"]):
                if "createItem" in request:
                    item = json.loads(json.dumps(request["createItem"]["item"]))
                    item["questionItem"]["question"]["questionId"] = format(0x1000 + index, "x")
                    items.append(item)
            form = {"formId": "FORM1", "items": items, "responderUri": RESPONDER}
            return FakeResponse(200, {"form": form, "replies": [{}] * len(body["requests"])})
        if url.endswith(":setPublishSettings"):
            return FakeResponse(
                200, {"formId": "FORM1", "publishSettings": body["publishSettings"]}
            )
        return FakeResponse(
            200, {"formId": "FORM1", "info": body["info"], "responderUri": RESPONDER}
        )


RESPONDER = "https://docs.google.com/forms/d/e/1FAIpQLSresponder/viewform"


def test_create_form_sends_the_plan_with_the_new_form_id():
    fake = FakeForms()
    created = create_form(fake, plan_requests(UNITS, deadline_day=10))
    assert [url for _, url, _ in fake.sent] == [
        "https://forms.googleapis.com/v1/forms?unpublished=true",
        "https://forms.googleapis.com/v1/forms/FORM1:batchUpdate",
        "https://forms.googleapis.com/v1/forms/FORM1:setPublishSettings",
    ]
    assert created.responder_uri == RESPONDER
    assert created.edit_uri == "https://docs.google.com/forms/d/FORM1/edit"
    assert created.entries["unit"] == str(0x1001) and created.entries["month"] == str(0x1002)
    assert len(created.entries) == len(QUESTIONS)


def test_entry_ids_are_the_question_ids_in_hex_matched_by_title():
    form = {
        "items": [
            {"title": "THÁNG BÁO CÁO", "questionItem": {"question": {"questionId": "0a"}}},
            {"title": "Đơn vị báo cáo", "questionItem": {"question": {"questionId": "7f3c2b1a"}}},
            {"title": "Một câu khác", "questionItem": {"question": {"questionId": "ff"}}},
            {"title": "Ghi chú", "textItem": {}},
        ]
    }
    assert entry_ids(form) == {"month": "10", "unit": str(0x7F3C2B1A)}


@pytest.mark.parametrize(
    ("status", "phrase"),
    [
        (403, "Google không cho tài khoản này dùng Google Forms API"),
        (401, "Google không cho tài khoản này dùng Google Forms API"),
        (429, "giới hạn số lượt truy cập"),
        (503, "tạm thời không phản hồi"),
        (400, "từ chối yêu cầu của dịch vụ. Invalid value"),
    ],
)
def test_google_errors_become_vietnamese_messages(status, phrase):
    fake = FakeForms(fail={"v1/forms?": (status, {"error": {"message": "Invalid value"}})})
    with pytest.raises(FormsApiError) as caught:
        create_form(fake, plan_requests(UNITS, deadline_day=10))
    assert phrase in caught.value.user_message
    assert caught.value.status == status
    assert len(fake.sent) == 1  # nothing after the failed request


def test_a_failure_after_create_names_the_unfinished_form():
    fake = FakeForms(fail={":batchUpdate": (500, {"error": {"message": "backend"}})})
    with pytest.raises(FormsApiError) as caught:
        create_form(fake, plan_requests(UNITS, deadline_day=10))
    message = caught.value.user_message
    assert "tạm thời không phản hồi" in message
    assert "https://docs.google.com/forms/d/FORM1/edit — hãy xoá nó" in message
    assert len(fake.sent) == 2


def test_a_broken_connection_is_a_clear_error():
    class Broken:
        def request(self, *args: Any, **kwargs: Any) -> Any:
            raise requests.ConnectionError("no route to host")

    with pytest.raises(FormsApiError) as caught:
        create_form(Broken(), plan_requests(UNITS, deadline_day=10))
    assert "Google Forms tạm thời không phản hồi" in caught.value.user_message


def test_form_create_prints_the_address_the_linking_step_and_the_advice(monkeypatch):
    fake = FakeForms()
    monkeypatch.setattr(forms_api, "authorized_session", lambda credentials_file: fake)
    result = CliRunner().invoke(main, ["form-create"], env={"SPREADSHEET_ID": ""})
    assert result.exit_code == 0, result.output
    assert f"Địa chỉ gửi cho các đơn vị: {RESPONDER}" in result.stdout
    assert LINK_STEP in result.stdout and VALIDATION_ADVICE in result.stdout
    assert "chưa đặt SPREADSHEET_ID" in result.stdout
    assert "ispeed-report form-links --form-url" in result.stdout
    assert len(fake.sent) == 3


def test_form_create_without_credentials_says_how_to_get_them(monkeypatch, tmp_path):
    env = {"SPREADSHEET_ID": "", "GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "missing.json")}
    result = CliRunner().invoke(main, ["form-create"], env=env)
    assert result.exit_code == 1
    assert "Lỗi: Không đọc được tệp khóa của tài khoản dịch vụ Google" in result.stderr
