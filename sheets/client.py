"""The one place that builds a gspread client, and the translation of its failures.

Everything else opens the spreadsheet through :func:`make_client` and :func:`open_spreadsheet`
and sees only the exceptions of :mod:`service.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import google.auth
import google.auth.exceptions
import gspread
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import credentials as oauth2_credentials
from google.oauth2 import service_account

from service.errors import (
    ConfigError,
    SheetsAccessDenied,
    SheetsError,
    SheetsQuotaExceeded,
    SheetsRequestRejected,
    SheetsUnavailable,
    SpreadsheetNotFound,
)
from sheets.transport import GOOGLE_HOSTS, GoogleTransport, RetryPolicy

SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)

NO_CREDENTIALS_MESSAGE = (
    "Không tìm thấy thông tin xác thực Google cho dịch vụ. Hãy đặt biến môi trường "
    "GOOGLE_APPLICATION_CREDENTIALS trỏ tới tệp khóa JSON của tài khoản dịch vụ, chạy dịch vụ "
    "trên App Engine, hoặc trên máy phát triển chạy `gcloud auth application-default login`."
)
BAD_KEY_FILE_MESSAGE = (
    "Không đọc được tệp khóa của tài khoản dịch vụ Google. Hãy kiểm tra đường dẫn tệp và "
    "nội dung tệp (tệp JSON tải từ Google Cloud Console)."
)
BAD_ENDPOINT_MESSAGE = "Địa chỉ trình giả lập Google Sheets (SHEETS_ENDPOINT) không hợp lệ."
NO_SPREADSHEET_ID_MESSAGE = "Chưa cấu hình mã bảng tính (SPREADSHEET_ID)."
CREDENTIALS_REFUSED_MESSAGE = (
    "Google không chấp nhận thông tin xác thực của dịch vụ. Hãy kiểm tra tài khoản dịch vụ "
    "và tệp khóa đang dùng."
)

# Google's APIs indent their JSON answers unless asked not to (system parameter
# ``prettyPrint``): the whole-workbook read of a big sheet is then three times the bytes to
# receive, hold, hash and decode (bench/sync_bench.py prints both sizes).
COMPACT_JSON = {"prettyPrint": "false"}
# Reasons Drive (403) and Sheets (429) give when a per-minute quota is exhausted.
RATE_LIMIT_REASONS = frozenset(
    {"ratelimitexceeded", "userratelimitexceeded", "rate_limit_exceeded"}
)

NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.JSONDecodeError,
    google.auth.exceptions.TransportError,
)


def make_client(
    *,
    endpoint: str | None = None,
    credentials_file: str | None = None,
    token: str = "emulator",
    policy: RetryPolicy | None = None,
    transport: GoogleTransport | None = None,
) -> gspread.Client:
    """Return a gspread client for Google, or for the emulator at ``endpoint`` when given.

    ``transport`` replaces the default one (tests inject a fake clock and sleep with it).
    """
    credentials = _credentials(endpoint, credentials_file, token)
    if transport is None:
        try:
            transport = GoogleTransport(endpoint, policy=policy or RetryPolicy())
        except ValueError as err:
            raise ConfigError(str(err), user_message=BAD_ENDPOINT_MESSAGE) from err
    session = AuthorizedSession(credentials)
    for host in sorted(GOOGLE_HOSTS):
        session.mount(f"https://{host}/", transport)
    return gspread.Client(auth=credentials, session=session)


def _credentials(endpoint: str | None, credentials_file: str | None, token: str) -> Credentials:
    """Return static emulator credentials, the key file's, or Application Default Credentials."""
    if endpoint:
        return oauth2_credentials.Credentials(token=token)
    return google_credentials(credentials_file, SCOPES)


def google_credentials(credentials_file: str | None, scopes: Sequence[str]) -> Credentials:
    """Return the service-account key file's credentials, or Application Default Credentials."""
    if credentials_file:
        try:
            return service_account.Credentials.from_service_account_file(
                credentials_file, scopes=scopes
            )
        except (OSError, ValueError, google.auth.exceptions.DefaultCredentialsError) as err:
            raise ConfigError(
                f"Cannot read service account key file {credentials_file!r}: {err}",
                user_message=BAD_KEY_FILE_MESSAGE,
            ) from err
    try:
        credentials, _project = google.auth.default(scopes=scopes)
    except google.auth.exceptions.DefaultCredentialsError as err:
        raise ConfigError(
            f"No Application Default Credentials: {err}", user_message=NO_CREDENTIALS_MESSAGE
        ) from err
    return credentials


def open_spreadsheet(client: gspread.Client, spreadsheet_id: str) -> gspread.Spreadsheet:
    """Open the spreadsheet ``spreadsheet_id``, raising only service errors."""
    if not spreadsheet_id.strip():
        raise ConfigError("The spreadsheet id is empty", user_message=NO_SPREADSHEET_ID_MESSAGE)
    with translate_errors():
        return client.open_by_key(spreadsheet_id)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn gspread, requests and google-auth failures into :mod:`service.errors` exceptions."""
    try:
        yield
    except gspread.exceptions.APIError as err:
        raise error_for_api_error(err) from err
    except gspread.exceptions.SpreadsheetNotFound as err:
        if isinstance(err.__cause__, gspread.exceptions.APIError):
            raise error_for_api_error(err.__cause__) from err
        raise SpreadsheetNotFound("Spreadsheet not found") from err
    except PermissionError as err:
        # open_by_key raises a bare PermissionError from the 403; leave file-system ones alone.
        if isinstance(err.__cause__, gspread.exceptions.APIError):
            raise error_for_api_error(err.__cause__) from err
        raise
    except google.auth.exceptions.RefreshError as err:
        if getattr(err, "retryable", False):
            raise SheetsUnavailable(f"Refreshing the Google token failed: {err}") from err
        raise SheetsAccessDenied(
            f"Google refused the service's credentials: {err}",
            user_message=CREDENTIALS_REFUSED_MESSAGE,
        ) from err
    except NETWORK_ERRORS as err:
        raise SheetsUnavailable(f"Google did not answer usefully: {err!r}") from err


def error_for_api_error(err: gspread.exceptions.APIError) -> SheetsError:
    """Return the service error for a Google API error response, keeping Google's message."""
    status = err.response.status_code
    error = err.error if isinstance(err.error, Mapping) else {}
    message = f"Google API {status} {error.get('status', '')}: {_short(error.get('message'))}"
    if status == 401:
        return SheetsAccessDenied(message, status=status, user_message=CREDENTIALS_REFUSED_MESSAGE)
    if status == 429 or (status == 403 and _is_rate_limit(error)):
        return SheetsQuotaExceeded(message, status=status)
    if status == 403:
        return SheetsAccessDenied(message, status=status)
    if status == 404:
        return SpreadsheetNotFound(message, status=status)
    if status == 408 or status >= 500:
        return SheetsUnavailable(message, status=status)
    return SheetsRequestRejected(message, status=status)


def _is_rate_limit(error: Mapping[str, Any]) -> bool:
    """Tell whether a 403 body names a rate limit (Drive's way of saying 429)."""
    entries = [
        entry
        for key in ("errors", "details")
        if isinstance(error.get(key), list)
        for entry in error[key]
        if isinstance(entry, Mapping)
    ]
    return any(str(entry.get("reason", "")).lower() in RATE_LIMIT_REASONS for entry in entries)


def _short(text: object, limit: int = 500) -> str:
    """Return ``text`` cut to ``limit`` characters (an HTML error page can be long)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
