"""Tests of building the gspread client and translating its failures into service errors."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import gspread
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import exceptions as auth_errors
from google.auth.compute_engine import _metadata

from service.errors import (
    ConfigError,
    SheetsAccessDenied,
    SheetsError,
    SheetsQuotaExceeded,
    SheetsRequestRejected,
    SheetsUnavailable,
    SpreadsheetNotFound,
)
from sheets.client import SCOPES, make_client, open_spreadsheet, translate_errors
from sheets.transport import GoogleTransport, RetryPolicy

SPREADSHEET = {
    "spreadsheetId": "abc",
    "properties": {"title": "Báo cáo i-Speed"},
    "sheets": [{"properties": {"sheetId": 0, "title": "Tên tab", "index": 0}}],
}
NO_RETRY = RetryPolicy(max_attempts=1)


# ---------------------------------------------------------------- a stub Google


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StubGoogle

    def do_GET(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        status, body = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class StubGoogle(ThreadingHTTPServer):
    """An HTTP server giving every request the same answer and recording what it saw."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply: tuple[int, bytes] = (200, json.dumps(SPREADSHEET).encode())
        self.seen: list[tuple[str, str, str | None]] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, status: int, body: object) -> None:
        self.reply = (status, body if isinstance(body, bytes) else json.dumps(body).encode())


@pytest.fixture
def stub() -> Iterator[StubGoogle]:
    server = StubGoogle()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def client(stub: StubGoogle) -> Iterator[gspread.Client]:
    gc = make_client(endpoint=stub.base_url, token="secret-token", policy=NO_RETRY)
    yield gc
    gc.http_client.session.close()


def google_error(status: int, message: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "status": name, **extra}}


def api_error(status: int, body: object) -> gspread.exceptions.APIError:
    """Return gspread's APIError for a real requests.Response with ``status`` and ``body``."""
    response = requests.Response()
    response.status_code = status
    response.url = "https://sheets.googleapis.com/v4/spreadsheets/abc"
    response.encoding = "utf-8"
    response.raw = io.BytesIO(body if isinstance(body, bytes) else json.dumps(body).encode())
    return gspread.exceptions.APIError(response)


def raise_in_translate_errors(error: BaseException) -> SheetsError:
    """Return the service error translate_errors turns ``error`` into."""
    with pytest.raises(SheetsError) as caught, translate_errors():
        raise error
    return caught.value


# ---------------------------------------------------------------- make_client with the emulator


def test_open_spreadsheet_sends_the_bearer_token_to_the_endpoint(
    stub: StubGoogle, client: gspread.Client
) -> None:
    spreadsheet = open_spreadsheet(client, "abc")
    assert spreadsheet.title == "Báo cáo i-Speed"
    [(method, path, authorization)] = stub.seen
    assert (method, authorization) == ("GET", "Bearer secret-token")
    assert path.startswith("/v4/spreadsheets/abc?")


def test_vietnamese_range_reaches_the_endpoint_percent_encoded(
    stub: StubGoogle, client: gspread.Client
) -> None:
    stub.answer(200, {"range": "'Tên tab'!A1:B2", "values": [["a"]]})
    client.http_client.values_get("abc", "'Tên tab'!A1:B2")
    assert stub.seen[0][1] == "/v4/spreadsheets/abc/values/%27T%C3%AAn%20tab%27%21A1%3AB2"


def test_drive_requests_go_through_the_same_transport(
    stub: StubGoogle, client: gspread.Client
) -> None:
    stub.answer(200, {"id": "abc", "name": "Báo cáo"})
    client.http_client.request("get", "https://www.googleapis.com/drive/v3/files/abc")
    assert stub.seen == [("GET", "/drive/v3/files/abc", "Bearer secret-token")]


def test_both_google_hosts_use_one_google_transport(client: gspread.Client) -> None:
    session = client.http_client.session
    sheets = session.get_adapter("https://sheets.googleapis.com/v4/spreadsheets/abc")
    drive = session.get_adapter("https://www.googleapis.com/drive/v3/files")
    assert isinstance(sheets, GoogleTransport)
    assert sheets is drive
    assert sheets.policy == NO_RETRY


@pytest.mark.parametrize(
    ("status", "expected"),
    [(404, SpreadsheetNotFound), (403, SheetsAccessDenied), (400, SheetsRequestRejected)],
)
def test_open_spreadsheet_failures_become_service_errors(
    stub: StubGoogle, client: gspread.Client, status: int, expected: type[SheetsError]
) -> None:
    stub.answer(status, google_error(status, "Google says no", "SOME_STATUS"))
    with pytest.raises(expected) as caught:
        open_spreadsheet(client, "abc")
    assert caught.value.status == status
    assert "Google says no" in str(caught.value)


def test_open_spreadsheet_with_a_broken_json_body_is_unavailable(
    stub: StubGoogle, client: gspread.Client
) -> None:
    stub.answer(200, b'{"spreadsheetId": "ab')
    with pytest.raises(SheetsUnavailable) as caught:
        open_spreadsheet(client, "abc")
    assert isinstance(caught.value.__cause__, requests.exceptions.JSONDecodeError)


def test_unauthenticated_emulator_answer_becomes_access_denied(
    stub: StubGoogle, client: gspread.Client
) -> None:
    stub.answer(401, google_error(401, "Missing credential", "UNAUTHENTICATED"))
    with pytest.raises(SheetsAccessDenied) as caught:
        open_spreadsheet(client, "abc")
    assert isinstance(caught.value.__cause__, auth_errors.RefreshError)


def test_open_spreadsheet_refuses_an_empty_id(client: gspread.Client) -> None:
    with pytest.raises(ConfigError):
        open_spreadsheet(client, "  ")


def test_endpoint_that_is_no_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        make_client(endpoint="127.0.0.1:8765")
    assert "SHEETS_ENDPOINT" in caught.value.user_message


# ---------------------------------------------------------------- translate_errors


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, SheetsRequestRejected),
        (401, SheetsAccessDenied),
        (403, SheetsAccessDenied),
        (404, SpreadsheetNotFound),
        (408, SheetsUnavailable),
        (409, SheetsRequestRejected),
        (429, SheetsQuotaExceeded),
        (500, SheetsUnavailable),
        (502, SheetsUnavailable),
        (503, SheetsUnavailable),
        (504, SheetsUnavailable),
    ],
)
def test_api_error_status_picks_the_service_error(status: int, expected: type[SheetsError]) -> None:
    error = api_error(status, google_error(status, "whatever", "X"))
    translated = raise_in_translate_errors(error)
    assert type(translated) is expected
    assert translated.status == status
    assert translated.__cause__ is error


def test_translated_message_keeps_googles_message_and_status() -> None:
    body = google_error(400, "Unable to parse range: 'Tên tab'!ZZ", "INVALID_ARGUMENT")
    translated = raise_in_translate_errors(api_error(400, body))
    assert str(translated) == (
        "Google API 400 INVALID_ARGUMENT: Unable to parse range: 'Tên tab'!ZZ"
    )
    assert translated.user_message == SheetsRequestRejected.default_user_message


def test_drive_rate_limit_403_is_a_quota_error() -> None:
    body = google_error(
        403,
        "User rate limit exceeded.",
        "PERMISSION_DENIED",
        errors=[{"domain": "usageLimits", "reason": "userRateLimitExceeded"}],
    )
    assert isinstance(raise_in_translate_errors(api_error(403, body)), SheetsQuotaExceeded)


def test_html_502_from_a_proxy_is_unavailable_with_its_status() -> None:
    translated = raise_in_translate_errors(api_error(502, b"<html>Bad Gateway</html>"))
    assert isinstance(translated, SheetsUnavailable)
    assert translated.status == 502
    assert "Bad Gateway" in str(translated)


def test_gspread_spreadsheet_not_found_from_open_by_key_maps_through_its_cause() -> None:
    cause = api_error(404, google_error(404, "Requested entity was not found.", "NOT_FOUND"))
    try:
        raise gspread.exceptions.SpreadsheetNotFound(cause.response) from cause
    except gspread.exceptions.SpreadsheetNotFound as error:
        translated = raise_in_translate_errors(error)
    assert isinstance(translated, SpreadsheetNotFound)
    assert translated.status == 404
    assert "Requested entity was not found." in str(translated)


def test_gspread_spreadsheet_not_found_without_a_response_still_maps() -> None:
    translated = raise_in_translate_errors(gspread.exceptions.SpreadsheetNotFound())
    assert isinstance(translated, SpreadsheetNotFound)
    assert translated.status is None


def test_permission_error_from_open_by_key_maps_to_access_denied() -> None:
    cause = api_error(403, google_error(403, "The caller does not have permission", "X"))
    try:
        raise PermissionError from cause
    except PermissionError as error:
        translated = raise_in_translate_errors(error)
    assert isinstance(translated, SheetsAccessDenied)
    assert translated.status == 403


def test_file_system_permission_error_is_left_alone() -> None:
    with pytest.raises(PermissionError), translate_errors():
        raise PermissionError("/etc/shadow")


@pytest.mark.parametrize(
    "error",
    [
        requests.ConnectionError("connection reset"),
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ChunkedEncodingError("IncompleteRead(12 bytes read, 100 more)"),
        requests.exceptions.JSONDecodeError("Expecting value", "{", 1),
        auth_errors.TransportError("metadata server unreachable"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_network_failures_are_unavailable_without_a_status(error: Exception) -> None:
    translated = raise_in_translate_errors(error)
    assert type(translated) is SheetsUnavailable
    assert translated.status is None
    assert translated.__cause__ is error


def test_unrelated_errors_pass_through() -> None:
    with pytest.raises(KeyError), translate_errors():
        raise KeyError("values")


def test_translate_errors_works_as_a_decorator() -> None:
    @translate_errors()
    def read() -> None:
        raise api_error(429, google_error(429, "Quota exceeded", "RESOURCE_EXHAUSTED"))

    with pytest.raises(SheetsQuotaExceeded):
        read()


# ---------------------------------------------------------------- credentials for Google itself


@pytest.fixture
def no_adc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Remove every source of Application Default Credentials, and never probe GCE metadata."""
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG", "APPENGINE_RUNTIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # google-auth reads NO_GCE_CHECK (it must be exactly "true") once, when _metadata is
    # imported, so set both the variable and the flag it became.
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    monkeypatch.setattr(_metadata, "_NO_GCE_CHECK", True)


@pytest.mark.usefixtures("no_adc")
def test_missing_file_named_by_google_application_credentials_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    with pytest.raises(ConfigError) as caught:
        make_client()
    assert "GOOGLE_APPLICATION_CREDENTIALS" in caught.value.user_message
    assert isinstance(caught.value.__cause__, auth_errors.DefaultCredentialsError)


@pytest.mark.usefixtures("no_adc")
def test_no_application_default_credentials_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        make_client()
    assert "gcloud auth application-default login" in caught.value.user_message
    assert "App Engine" in caught.value.user_message


@pytest.mark.parametrize("content", [None, "not json", '{"type": "service_account"}'])
def test_unreadable_key_file_is_a_config_error(tmp_path: Path, content: str | None) -> None:
    key_file = tmp_path / "key.json"
    if content is not None:
        key_file.write_text(content)
    with pytest.raises(ConfigError) as caught:
        make_client(credentials_file=str(key_file))
    assert "key.json" in str(caught.value)


def test_key_file_credentials_ask_for_sheets_and_drive_file_scopes(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    key_file = tmp_path / "key.json"
    key_file.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "ispeed",
                "private_key_id": "1",
                "private_key": pem,
                "client_email": "report@ispeed.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    gc = make_client(credentials_file=str(key_file))
    try:
        credentials = gc.http_client.session.credentials
        assert credentials.service_account_email == "report@ispeed.iam.gserviceaccount.com"
        assert tuple(credentials.scopes) == SCOPES
        assert isinstance(
            gc.http_client.session.get_adapter("https://sheets.googleapis.com/v4/spreadsheets/abc"),
            GoogleTransport,
        )
    finally:
        gc.http_client.session.close()
