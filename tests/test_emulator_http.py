"""The emulator at the HTTP level: authentication, errors, faults, quotas, counters."""

from __future__ import annotations

import json
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets.emulator.schema import conforms

AUTH = {"Authorization": "Bearer alice"}


def _create(url: str, headers: dict[str, str] = AUTH) -> str:
    """Create a spreadsheet the way gspread does (Drive) and return its id."""
    reply = requests.post(
        f"{url}/drive/v3/files",
        json={"name": "Thử", "mimeType": "application/vnd.google-apps.spreadsheet"},
        headers=headers,
        timeout=10,
    )
    reply.raise_for_status()
    return reply.json()["id"]


def _google_error(reply: requests.Response, code: int, status: str) -> dict:
    """Check a reply is Google's error shape and return its error object."""
    assert reply.status_code == code
    assert reply.headers["Content-Type"].startswith("application/json")
    error = reply.json()["error"]
    assert error["code"] == code
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    return error


def test_requests_without_a_bearer_token_are_unauthenticated(emulator):
    reply = requests.get(f"{emulator.url}/v4/spreadsheets/abc", timeout=10)
    error = _google_error(reply, 401, "UNAUTHENTICATED")
    assert error["details"][0]["reason"] == "CREDENTIALS_MISSING"
    emulator.faults.configure({"require_auth": False})
    assert requests.get(f"{emulator.url}/v4/spreadsheets/abc", timeout=10).status_code == 404


def test_unknown_and_private_spreadsheets(emulator):
    reply = requests.get(f"{emulator.url}/v4/spreadsheets/nope", headers=AUTH, timeout=10)
    assert _google_error(reply, 404, "NOT_FOUND")["message"] == "Requested entity was not found."
    private = emulator.store.create("Của người khác", private=True).spreadsheet_id
    reply = requests.get(f"{emulator.url}/v4/spreadsheets/{private}", headers=AUTH, timeout=10)
    error = _google_error(reply, 403, "PERMISSION_DENIED")
    assert error["message"] == "The caller does not have permission"


def test_malformed_json_is_a_400_with_googles_wording(emulator):
    sid = _create(emulator.url)
    reply = requests.post(
        f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate",
        data=b'{"requests": [',
        headers={**AUTH, "Content-Type": "application/json"},
        timeout=10,
    )
    error = _google_error(reply, 400, "INVALID_ARGUMENT")
    assert error["message"].startswith("Invalid JSON payload received. Unexpected token.")
    assert error["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"requests": [{"fooBar": {}}]},
            'Invalid JSON payload received. Unknown name "fooBar" at '
            "'requests[0]': Cannot find field.",
        ),
        (
            {"requests": [{"addSheet": {"properties": {"titel": "x"}}}]},
            'Invalid JSON payload received. Unknown name "titel" at '
            "'requests[0].add_sheet.properties': Cannot find field.",
        ),
        (
            {"requests": [{"addSheet": {"properties": {"index": "first"}}}]},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), \"first\"",
        ),
        ({"requests": []}, "Must specify at least one request."),
        ({"requests": [{}]}, "Invalid requests[0]: No request set."),
    ],
)
def test_bad_batch_requests_are_refused_like_google(emulator, body, message):
    sid = _create(emulator.url)
    reply = requests.post(
        f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate", json=body, headers=AUTH, timeout=10
    )
    assert _google_error(reply, 400, "INVALID_ARGUMENT")["message"] == message


def test_a_failing_request_leaves_the_whole_batch_unapplied(emulator):
    sid = _create(emulator.url)
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "Kiểm tra"}}},
            {
                "updateSpreadsheetProperties": {
                    "properties": {"title": "Đổi tên"},
                    "fields": "title",
                }
            },
            {"deleteSheet": {"sheetId": 12345}},
        ]
    }
    reply = requests.post(
        f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate", json=body, headers=AUTH, timeout=10
    )
    error = _google_error(reply, 400, "INVALID_ARGUMENT")
    assert error["message"] == "Invalid requests[2].deleteSheet: No grid with id: 12345"
    meta = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10).json()
    assert [s["properties"]["title"] for s in meta["sheets"]] == ["Sheet1"]
    assert meta["properties"]["title"] == "Thử"


def test_server_chooses_ids(emulator):
    sid = _create(emulator.url)
    assert len(sid) == 44 and sid.startswith("1")
    reply = requests.post(
        f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate",
        json={
            "requests": [
                {"addSheet": {"properties": {"title": "A"}}},
                {"addSheet": {"properties": {"title": "B"}}},
            ]
        },
        headers=AUTH,
        timeout=10,
    ).json()
    ids = [r["addSheet"]["properties"]["sheetId"] for r in reply["replies"]]
    assert all(isinstance(i, int) and 0 < i < 2**31 for i in ids)
    assert ids[0] != ids[1]


def test_unknown_routes_answer_json_404(emulator):
    reply = requests.get(f"{emulator.url}/v5/whatever", headers=AUTH, timeout=10)
    _google_error(reply, 404, "NOT_FOUND")


def test_injected_failures_have_googles_shape_and_retry_after(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"fail_next": 2, "fail_status": 503, "fail_retry_after": 3})
    for _ in range(2):
        reply = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
        error = _google_error(reply, 503, "UNAVAILABLE")
        assert error["message"] == "The service is currently unavailable."
        assert reply.headers["Retry-After"] == "3"
    assert (
        requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10).status_code
        == 200
    )


def test_failures_can_target_one_method(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"fail_next": 1, "fail_methods": ["values.batchGet"]})
    assert (
        requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10).status_code
        == 200
    )
    reply = requests.get(
        f"{emulator.url}/v4/spreadsheets/{sid}/values:batchGet",
        params={"ranges": "A1"},
        headers=AUTH,
        timeout=10,
    )
    assert reply.status_code == 503


def test_per_user_and_per_project_quotas(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"quotas": {"read_per_user": 2, "read_per_project": 3}})
    url = f"{emulator.url}/v4/spreadsheets/{sid}"
    assert [requests.get(url, headers=AUTH, timeout=10).status_code for _ in range(2)] == [200, 200]
    error = _google_error(requests.get(url, headers=AUTH, timeout=10), 429, "RESOURCE_EXHAUSTED")
    assert "Read requests per minute per user" in error["message"]
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    bob = {"Authorization": "Bearer bob"}
    assert requests.get(url, headers=bob, timeout=10).status_code == 200
    error = _google_error(requests.get(url, headers=bob, timeout=10), 429, "RESOURCE_EXHAUSTED")
    assert "'Read requests per minute'" in error["message"]
    writes = requests.post(f"{url}/values/A1:clear", headers=bob, timeout=10)
    assert writes.status_code == 200  # writes have their own quota


def test_quota_window_refills(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"quotas": {"read_per_user": 1}, "window_seconds": 0.2})
    url = f"{emulator.url}/v4/spreadsheets/{sid}"
    assert requests.get(url, headers=AUTH, timeout=10).status_code == 200
    assert requests.get(url, headers=AUTH, timeout=10).status_code == 429
    time.sleep(0.25)
    assert requests.get(url, headers=AUTH, timeout=10).status_code == 200


def test_latency_is_added(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"latency": 0.2})
    started = time.monotonic()
    requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
    assert time.monotonic() - started >= 0.2  # a lower bound: sleeping never ends early


def test_truncated_bodies(emulator):
    sid = _create(emulator.url)
    emulator.faults.configure({"truncate_next": 1, "truncate_mode": "connection"})
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
    emulator.faults.configure({"truncate_next": 1, "truncate_mode": "json"})
    reply = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
    assert reply.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.text)
    assert (
        requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10).json()[
            "spreadsheetId"
        ]
        == sid
    )


def test_counters_count_reads_and_writes_by_method(emulator):
    sid = _create(emulator.url)
    requests.post(f"{emulator.url}/_emulator/stats/reset", timeout=10)
    requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
    requests.get(f"{emulator.url}/v4/spreadsheets/{sid}/values/A1", headers=AUTH, timeout=10)
    requests.put(
        f"{emulator.url}/v4/spreadsheets/{sid}/values/A1",
        params={"valueInputOption": "RAW"},
        json={"values": [[1]]},
        headers=AUTH,
        timeout=10,
    )
    stats = requests.get(f"{emulator.url}/_emulator/stats", timeout=10).json()
    assert stats["read"] == 2 and stats["write"] == 1
    assert stats["spreadsheets.get"] == 1 and stats["values.get"] == 1
    assert stats["values.update"] == 1


def test_admin_endpoint_sets_faults_over_http(emulator):
    reply = requests.post(
        f"{emulator.url}/_emulator/faults", json={"fail_next": 1, "latency": 0.01}, timeout=10
    )
    assert reply.json()["fail_next"] == 1
    assert emulator.faults.latency == 0.01
    bad = requests.post(
        f"{emulator.url}/_emulator/faults", json={"truncate_mode": "sideways"}, timeout=10
    )
    assert bad.status_code == 400


def _batch_body(size: int) -> bytes:
    """Return a valid batchUpdate body of exactly ``size`` bytes (a title padded with x)."""
    head, tail = b'{"requests": [{"updateSpreadsheetProperties": {"properties": {"title": "', b""
    tail = b'"}, "fields": "title"}}]}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_request_bodies_over_googles_limit_are_refused_like_google(emulator):
    sid = _create(emulator.url)
    url = f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate"
    assert emulator.faults.snapshot()["max_request_bytes"] == 10_485_760
    headers = {**AUTH, "Content-Type": "application/json"}
    with requests.Session() as session:  # one connection: a refused body must not break it
        reply = session.post(url, data=_batch_body(10_485_761), headers=headers, timeout=60)
        error = _google_error(reply, 400, "INVALID_ARGUMENT")
        assert error == {
            "code": 400,
            "message": "Request payload size exceeds the limit: 10485760 bytes.",
            "status": "INVALID_ARGUMENT",
        }
        title = session.get(f"{emulator.url}/v4/spreadsheets/{sid}", headers=AUTH, timeout=10)
        assert title.json()["properties"]["title"] == "Thử"  # nothing applied
        stats = emulator.faults.stats()
        assert stats["oversized_requests"] == 1 and "spreadsheets.batchUpdate" not in stats
        reply = session.post(url, data=_batch_body(10_485_760), headers=headers, timeout=60)
        assert reply.status_code == 200  # exactly at the limit is fine


def test_the_request_size_limit_is_a_fault_setting(emulator):
    sid = _create(emulator.url)
    url = f"{emulator.url}/v4/spreadsheets/{sid}:batchUpdate"
    headers = {**AUTH, "Content-Type": "application/json"}
    reply = requests.post(
        f"{emulator.url}/_emulator/faults", json={"max_request_bytes": 2000}, timeout=10
    )
    assert reply.json()["max_request_bytes"] == 2000
    assert requests.post(url, data=_batch_body(2000), headers=headers, timeout=10).ok
    refused = requests.post(url, data=_batch_body(2001), headers=headers, timeout=10)
    error = _google_error(refused, 400, "INVALID_ARGUMENT")
    assert error["message"] == "Request payload size exceeds the limit: 2000 bytes."
    # A chunked body (no Content-Length) is measured too.
    chunks = iter([_batch_body(2001)[:1000], _batch_body(2001)[1000:]])
    refused = requests.post(url, data=chunks, headers=headers, timeout=10)
    assert "Transfer-Encoding" in refused.request.headers
    _google_error(refused, 400, "INVALID_ARGUMENT")
    # Any API request with a body counts, not only batchUpdate.
    values = f"{emulator.url}/v4/spreadsheets/{sid}/values/A1?valueInputOption=RAW"
    big = {"values": [["y" * 3000]]}
    _google_error(requests.put(values, json=big, headers=AUTH, timeout=10), 400, "INVALID_ARGUMENT")
    bad = requests.post(
        f"{emulator.url}/_emulator/faults", json={"max_request_bytes": 0}, timeout=10
    )
    assert bad.status_code == 400
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10)
    assert emulator.faults.max_request_bytes == 10_485_760


def test_responses_only_use_fields_google_defines(spreadsheet, emulator):
    ws = spreadsheet.add_worksheet("Đơn vị", rows=20, cols=6)
    ws.update([["STT", "Đơn vị"], [1, "Phường Sông Cầu"]], "A1")
    spreadsheet.batch_update(
        {
            "requests": [
                {
                    "mergeCells": {
                        "range": {
                            "sheetId": ws.id,
                            "startRowIndex": 0,
                            "endRowIndex": 1,
                            "startColumnIndex": 0,
                            "endColumnIndex": 2,
                        }
                    }
                },
                {
                    "addProtectedRange": {
                        "protectedRange": {"range": {"sheetId": ws.id}, "warningOnly": True}
                    }
                },
                {"addNamedRange": {"namedRange": {"name": "DonVi", "range": {"sheetId": ws.id}}}},
            ]
        }
    )
    meta = spreadsheet.fetch_sheet_metadata({"includeGridData": "true"})
    assert conforms("Spreadsheet", meta) == []
    assert conforms("ValueRange", spreadsheet.values_get("'Đơn vị'!A1:B2")) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # "." and ".." are URL dot-segments: the HTTP client removes them before sending.
    range_text=st.text(min_size=1, max_size=20).filter(lambda t: t not in (".", "..")),
    values=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=2)
        ),
        max_leaves=8,
    ),
)
def test_arbitrary_input_never_gets_a_500(emulator, range_text, values):
    sid = getattr(test_arbitrary_input_never_gets_a_500, "sid", None)
    if sid is None or sid not in emulator.store.spreadsheets:
        sid = _create(emulator.url)
        test_arbitrary_input_never_gets_a_500.sid = sid  # type: ignore[attr-defined]
    base = f"{emulator.url}/v4/spreadsheets/{sid}"
    quoted = requests.utils.quote(range_text, safe="")
    answers = [
        requests.get(f"{base}/values/{quoted}", headers=AUTH, timeout=10),
        requests.put(
            f"{base}/values/{quoted}",
            params={"valueInputOption": "USER_ENTERED"},
            json={"values": values},
            headers=AUTH,
            timeout=10,
        ),
        requests.post(f"{base}:batchUpdate", json={"requests": values}, headers=AUTH, timeout=10),
        requests.post(
            f"{base}/values:batchUpdate",
            json={"valueInputOption": "RAW", "data": [{"range": range_text, "values": values}]},
            headers=AUTH,
            timeout=10,
        ),
    ]
    for answer in answers:
        assert answer.status_code in (200, 400, 501), answer.text
        if answer.status_code != 200:
            assert set(answer.json()["error"]) >= {"code", "message", "status"}


def test_answers_are_laid_out_as_googles_unless_prettyprint_is_false(emulator):
    sid = _create(emulator.url)
    url = f"{emulator.url}/v4/spreadsheets/{sid}"
    pretty = requests.get(url, headers=AUTH, timeout=10)
    compact = requests.get(url, params={"prettyPrint": "false"}, headers=AUTH, timeout=10)
    # Google's default: two-space indent, "key": value, a final newline (every recording).
    assert pretty.content.startswith(b'{\n  "spreadsheetId": "') and pretty.content.endswith(b"}\n")
    assert b"\n" not in compact.content and compact.content.startswith(b'{"spreadsheetId":"')
    assert pretty.json() == compact.json()
    assert len(compact.content) < len(pretty.content)
    error = requests.get(f"{emulator.url}/v4/spreadsheets/nope", headers=AUTH, timeout=10)
    assert error.content.startswith(b'{\n  "error": {\n    "code": 404,')
    terse = requests.get(
        f"{emulator.url}/v4/spreadsheets/nope", params={"prettyPrint": "false"}, headers=AUTH
    )
    assert terse.content.startswith(b'{"error":{"code":404,')
