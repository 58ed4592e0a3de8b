"""The project's exceptions: one tree, each carrying a Vietnamese message for people.

    ISpeedError                      base: ``user_message`` (Vietnamese), ``str()`` (English, logs)
     ├── ConfigError                 a setting is missing or invalid
     ├── SheetContentError           the Sheet's content stops the sync (no responses tab,
     │                               a broken Đơn vị tab, a required column missing)
     ├── FormsApiError               talking to the Google Forms API failed
     └── SheetsError                 talking to Google Sheets failed
          ├── SheetsAccessDenied     403: the account may not open the spreadsheet
          ├── SpreadsheetNotFound    404: no spreadsheet with that id
          ├── SheetsQuotaExceeded    429: Google's per-minute quota, still exceeded after retries
          ├── SheetsUnavailable      5xx, timeouts, broken connections, still failing after retries
          └── SheetsRequestRejected  400 and other refusals: Google rejected what we sent

Library code raises these; only the edges (command line, pages, the ``Kiểm tra`` tab) show
``user_message`` to a person, and the log keeps ``str(error)`` with its cause.
"""

from __future__ import annotations


class ISpeedError(Exception):
    """Base of every error this project raises on purpose."""

    default_user_message = "Đã xảy ra lỗi không mong muốn."

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(message)
        self.user_message = user_message or self.default_user_message


class ConfigError(ISpeedError):
    """A setting is missing or has a value the service cannot use."""

    default_user_message = "Cấu hình dịch vụ chưa đúng."


class SheetContentError(ISpeedError):
    """The spreadsheet's content prevents the sync; the office must fix the Sheet."""

    default_user_message = "Nội dung bảng tính chưa đúng để tổng hợp."


class FormsApiError(ISpeedError):
    """Talking to the Google Forms API failed; ``status`` is the HTTP status when there was one."""

    default_user_message = "Không làm việc được với Google Forms."

    def __init__(
        self, message: str, *, user_message: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.status = status


class SheetsError(ISpeedError):
    """Talking to Google Sheets failed; ``status`` is the HTTP status when there was one."""

    default_user_message = "Không làm việc được với Google Sheets."

    def __init__(
        self, message: str, *, user_message: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.status = status


class SheetsAccessDenied(SheetsError):
    """The account the service runs as may not open the spreadsheet."""

    default_user_message = (
        "Dịch vụ không có quyền mở bảng tính. Hãy chia sẻ bảng tính với tài khoản dịch vụ "
        "(quyền Người chỉnh sửa)."
    )


class SpreadsheetNotFound(SheetsError):
    """No spreadsheet has the configured id."""

    default_user_message = "Không tìm thấy bảng tính. Hãy kiểm tra mã bảng tính (SPREADSHEET_ID)."


class SheetsQuotaExceeded(SheetsError):
    """Google's per-minute request quota was still exceeded after every retry."""

    default_user_message = (
        "Google Sheets đang giới hạn số lượt truy cập mỗi phút. Dịch vụ sẽ thử lại sau."
    )


class SheetsUnavailable(SheetsError):
    """Google Sheets did not answer usefully (5xx, timeout, broken connection) after retries."""

    default_user_message = "Google Sheets tạm thời không phản hồi. Dịch vụ sẽ thử lại sau."


class SheetsRequestRejected(SheetsError):
    """Google refused a request as invalid; the message says what Google objected to."""

    default_user_message = "Google Sheets từ chối yêu cầu của dịch vụ."
