"""Errors the emulator answers with, in the exact JSON shape Google uses.

Every failure inside the emulator is an :class:`ApiError`; the HTTP layer turns it
into ``{"error": {"code", "message", "status"[, "details"]}}`` and never lets a
Python traceback reach the client.
"""

from __future__ import annotations

from typing import Any

# HTTP status code -> Google's canonical status string.
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ABORTED",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

# Messages Google sends for the common statuses when nothing more specific applies.
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: (
        "Request is missing required authentication credential. Expected OAuth 2 "
        "access token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project."
    ),
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    405: "Method Not Allowed",
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "The service is currently unavailable.",
}

BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"


class ApiError(Exception):
    """A Google API error: HTTP status, message, canonical status and details."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        self.message = message if message is not None else DEFAULT_MESSAGES.get(code, "")
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details
        self.headers = headers or {}
        super().__init__(f"{code} {self.status}: {self.message}")

    def to_json(self) -> dict[str, Any]:
        """Return the error body exactly as Google shapes it."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid_argument(message: str) -> ApiError:
    """Return a plain 400 INVALID_ARGUMENT error with Google's message."""
    return ApiError(400, message)


def field_violations(violations: list[tuple[str, str]]) -> ApiError:
    """Return a 400 whose message and BadRequest details list every violation.

    ``violations`` is a list of ``(field, description)`` pairs; Google joins the
    descriptions with newlines in the message and lists each one in the details. An empty
    field is left out of its violation, as proto3 JSON omits empty strings.
    """
    message = "\n".join(description for _, description in violations)
    details = [
        {
            "@type": BAD_REQUEST_TYPE,
            "fieldViolations": [
                {"field": field, "description": description}
                if field
                else {"description": description}
                for field, description in violations
            ],
        }
    ]
    return ApiError(400, message, details=details)


def not_found(message: str | None = None) -> ApiError:
    """Return Google's 404 NOT_FOUND."""
    return ApiError(404, message)


def permission_denied(message: str | None = None) -> ApiError:
    """Return Google's 403 PERMISSION_DENIED."""
    return ApiError(403, message)
