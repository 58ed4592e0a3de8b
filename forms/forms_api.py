"""Create the report form through the Google Forms API, and read a form's entry ids back.

Three requests: ``forms.create`` (unpublished: only the title may be set there),
one ``forms.batchUpdate`` with the description and every question in order, and
``forms.setPublishSettings`` to publish it and accept responses. The API cannot set
response validation or link the form to a spreadsheet: the Apps Script can
(:mod:`forms.apps_script`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import google.auth.exceptions
import requests

from forms.definition import (
    CHECKBOXES,
    DROPDOWN,
    FORM_TITLE,
    PARAGRAPH,
    QUESTIONS,
    Question,
    form_description,
)
from jobs.names import fold
from service.errors import FormsApiError

FORMS_SCOPES = (
    "https://www.googleapis.com/auth/forms.body",
    "https://www.googleapis.com/auth/drive.file",
)
FORMS_URL = "https://forms.googleapis.com/v1/forms"
FORM_ID = "{formId}"  # stands for the id forms.create answers, until it is known
EDIT_URL = "https://docs.google.com/forms/d/{form_id}/edit"
TIMEOUT = 60

LINK_STEP = (
    "Việc API không làm được: liên kết câu trả lời với bảng tính. Mở địa chỉ chỉnh sửa → "
    "thẻ Câu trả lời → Liên kết với Trang tính → Chọn bảng tính có sẵn → chọn bảng tính "
    "báo cáo."
)
VALIDATION_ADVICE = (
    "Google Forms API không đặt được quy tắc kiểm tra câu trả lời (số nguyên không âm, tháng "
    "dạng MM/YYYY). Nên tạo biểu mẫu bằng Apps Script (`ispeed-report form-script`): biểu mẫu "
    "đó tự kiểm tra khi đơn vị gửi và tự liên kết với bảng tính."
)
_DENIED = (
    "Google không cho tài khoản này dùng Google Forms API. Hãy bật Google Forms API trong dự "
    "án Google Cloud và đăng nhập bằng tài khoản của Phòng (gcloud auth application-default "
    "login với các quyền forms.body và drive.file), hoặc dùng `ispeed-report form-script`."
)
_NOT_FOUND = "Không tìm thấy biểu mẫu. Hãy kiểm tra mã biểu mẫu (phần giữa /d/ và /edit)."
_QUOTA = "Google Forms đang giới hạn số lượt truy cập. Hãy thử lại sau ít phút."
_UNAVAILABLE = "Google Forms tạm thời không phản hồi. Hãy thử lại sau ít phút."
_REJECTED = "Google Forms từ chối yêu cầu của dịch vụ."
_CREDENTIALS = "Google không chấp nhận thông tin xác thực đang dùng."
_LEFT_OVER = "Biểu mẫu dở dang (chưa xuất bản) vẫn còn trong Google Drive: {url} — hãy xoá nó."


class Session(Protocol):
    """What is used of ``google.auth.transport.requests.AuthorizedSession``."""

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response: ...


@dataclass(frozen=True)
class ApiRequest:
    """One request to send: ``{formId}`` in the URL stands for the id created first."""

    method: str
    url: str
    body: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        """Return the request as the dry run prints it."""
        return {"method": self.method, "url": self.url, "body": self.body}


@dataclass(frozen=True)
class CreatedForm:
    """What Google answered: the form's ids, addresses and the entry ids of its questions."""

    form_id: str
    responder_uri: str
    edit_uri: str
    entries: dict[str, str]


def authorized_session(credentials_file: str | None) -> Session:
    """Return a session that signs requests with the Forms scopes (key file or ADC)."""
    from google.auth.transport.requests import AuthorizedSession

    from sheets.client import google_credentials

    return AuthorizedSession(google_credentials(credentials_file, FORMS_SCOPES))


def item(question: Question, units: Sequence[str]) -> dict[str, Any]:
    """Return the Forms API ``Item`` of a question (without validation: the API has none)."""
    body: dict[str, Any] = {"required": question.required}
    if question.kind in (DROPDOWN, CHECKBOXES):
        choices = units if question.units_list else question.options
        body["choiceQuestion"] = {
            "type": "DROP_DOWN" if question.kind == DROPDOWN else "CHECKBOX",
            "options": [{"value": choice} for choice in choices],
        }
    else:
        body["textQuestion"] = {"paragraph": question.kind == PARAGRAPH}
    out: dict[str, Any] = {"title": question.title}
    if question.help:
        out["description"] = question.help
    out["questionItem"] = {"question": body}
    return out


def plan_requests(
    units: Sequence[str], *, deadline_day: int, questions: Sequence[Question] = QUESTIONS
) -> list[ApiRequest]:
    """Return the requests that create, fill and publish the form, in order."""
    if not units:
        raise ValueError("the unit drop-down needs at least one unit")
    create = ApiRequest(
        "POST",
        f"{FORMS_URL}?unpublished=true",
        {"info": {"title": FORM_TITLE, "documentTitle": FORM_TITLE}},
    )
    updates: list[dict[str, Any]] = [
        {
            "updateFormInfo": {
                "info": {"description": form_description(deadline_day)},
                "updateMask": "description",
            }
        }
    ]
    for index, question in enumerate(questions):
        updates.append(
            {"createItem": {"item": item(question, units), "location": {"index": index}}}
        )
    fill = ApiRequest(
        "POST",
        f"{FORMS_URL}/{FORM_ID}:batchUpdate",
        {"includeFormInResponse": True, "requests": updates},
    )
    publish = ApiRequest(
        "POST",
        f"{FORMS_URL}/{FORM_ID}:setPublishSettings",
        {
            "publishSettings": {
                "publishState": {"isPublished": True, "isAcceptingResponses": True}
            },
            "updateMask": "publishState",
        },
    )
    return [create, fill, publish]


def create_form(session: Session, plan: Sequence[ApiRequest]) -> CreatedForm:
    """Send the planned requests in order and return the new form."""
    form_id = ""
    created: dict[str, Any] = {}
    form: dict[str, Any] = {}
    for request in plan:
        url = request.url.replace(FORM_ID, quote(form_id, safe="")) if form_id else request.url
        try:
            reply = send(session, request.method, url, request.body)
        except FormsApiError as err:
            if form_id:  # the form exists but is unfinished: say where, so it can be deleted
                err.user_message += " " + _LEFT_OVER.format(url=EDIT_URL.format(form_id=form_id))
            raise
        if not form_id:
            created = reply
            form_id = str(reply.get("formId", ""))
            if not form_id:
                raise FormsApiError("forms.create answered no formId", user_message=_REJECTED)
        if isinstance(reply.get("form"), dict):
            form = reply["form"]
    responder_uri = str(form.get("responderUri") or created.get("responderUri", ""))
    return CreatedForm(
        form_id=form_id,
        responder_uri=responder_uri,
        edit_uri=EDIT_URL.format(form_id=form_id),
        entries=entry_ids(form) if form else {},
    )


def get_form(session: Session, form_id: str) -> dict[str, Any]:
    """Return ``forms.get`` of a form (its questions, ids and responder address)."""
    return send(session, "GET", f"{FORMS_URL}/{quote(form_id, safe='')}", None)


def entry_ids(form: Mapping[str, Any], questions: Sequence[Question] = QUESTIONS) -> dict[str, str]:
    """Return the entry id of each question found in a Forms API ``Form``, by question key.

    A question's ``questionId`` is its entry id in hexadecimal; items are matched to the
    definition by title (folded, so case and tone-mark placement do not matter).
    """
    by_title = {}
    for question in questions:
        for title in (question.title, *question.other_titles):
            by_title.setdefault(fold(title), question.key)
    out: dict[str, str] = {}
    for entry in form.get("items", []):
        key = by_title.get(fold(str(entry.get("title", ""))))
        question_id = entry.get("questionItem", {}).get("question", {}).get("questionId")
        if key is None or key in out or not question_id:
            continue
        try:
            out[key] = str(int(str(question_id), 16))
        except ValueError:
            continue
    return out


def send(session: Session, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
    """Send one request and return its JSON answer, raising FormsApiError on any failure."""
    try:
        reply = session.request(method, url, json=body, timeout=TIMEOUT)
    except google.auth.exceptions.RefreshError as err:
        raise FormsApiError(
            f"Refreshing the Google token failed: {err}", user_message=_CREDENTIALS
        ) from err
    except (requests.RequestException, google.auth.exceptions.TransportError) as err:
        raise FormsApiError(f"{method} {url}: {err!r}", user_message=_UNAVAILABLE) from err
    if reply.status_code >= 400:
        raise _error(method, url, reply)
    try:
        answer = reply.json()
    except ValueError as err:
        raise FormsApiError(f"{method} {url}: not JSON", user_message=_UNAVAILABLE) from err
    return answer if isinstance(answer, dict) else {}


def _error(method: str, url: str, reply: requests.Response) -> FormsApiError:
    """Return the error for a failed reply, keeping Google's message for the log."""
    status = reply.status_code
    try:
        error = reply.json().get("error", {})
    except (ValueError, AttributeError):
        error = {}
    google_message = str(error.get("message", "")) if isinstance(error, dict) else ""
    message = f"{method} {url}: Google Forms API {status}: {google_message[:500]}"
    if status in (401, 403):
        user = _DENIED
    elif status == 404:
        user = _NOT_FOUND
    elif status == 429:
        user = _QUOTA
    elif status >= 500 or status == 408:
        user = _UNAVAILABLE
    else:
        user = f"{_REJECTED} {google_message[:300]}".strip()
    return FormsApiError(message, user_message=user, status=status)


def created_lines(created: CreatedForm, spreadsheet_id: str | None) -> list[str]:
    """Return what to tell the office once the form exists, in Vietnamese."""
    sheet = (
        f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit"
        if spreadsheet_id
        else "bảng tính báo cáo (chưa đặt SPREADSHEET_ID nên dịch vụ chưa biết là bảng tính nào)"
    )
    entries = json.dumps(created.entries, ensure_ascii=False)
    return [
        f"Đã tạo và xuất bản biểu mẫu “{FORM_TITLE}”.",
        f"Địa chỉ gửi cho các đơn vị: {created.responder_uri}",
        f"Địa chỉ chỉnh sửa (chỉ Phòng dùng): {created.edit_uri}",
        f"Mã các ô (cho lệnh form-links): {entries}",
        f"{LINK_STEP} Bảng tính: {sheet}",
        f"Lưu ý: {VALIDATION_ADVICE}",
        "Tạo đường dẫn và mã QR cho từng đơn vị: ispeed-report form-links "
        f"--form-url '{created.responder_uri}' --entries '{entries}'",
    ]
