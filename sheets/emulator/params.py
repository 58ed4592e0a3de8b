"""Query parameters as Google reads them: typed, enum-checked, unknown names refused."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import MultiDict

from .errors import field_violations

# Parameters every Google API accepts (system parameters).
SYSTEM = frozenset(
    {
        "fields",
        "alt",
        "key",
        "prettyPrint",
        "quotaUser",
        "access_token",
        "callback",
        "upload_protocol",
        "uploadType",
        "$.xgafv",
        "oauth_token",
        "userIp",
    }
)

ENUMS = {
    "valueInputOption": ("ValueInputOption", ("RAW", "USER_ENTERED")),
    "valueRenderOption": ("ValueRenderOption", ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")),
    "responseValueRenderOption": (
        "ValueRenderOption",
        ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"),
    ),
    "dateTimeRenderOption": ("DateTimeRenderOption", ("SERIAL_NUMBER", "FORMATTED_STRING")),
    "responseDateTimeRenderOption": ("DateTimeRenderOption", ("SERIAL_NUMBER", "FORMATTED_STRING")),
    "majorDimension": ("Dimension", ("ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED")),
    "insertDataOption": ("InsertDataOption", ("OVERWRITE", "INSERT_ROWS")),
}


def snake(name: str) -> str:
    """Return the proto (snake_case) spelling of a camelCase name."""
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)


class Params:
    """The query parameters of one request, read against the names a method accepts."""

    def __init__(self, args: MultiDict[str, str], allowed: Iterable[str]) -> None:
        self.args = args
        unknown = [name for name in args if name not in SYSTEM and name not in set(allowed)]
        if unknown:
            raise field_violations(
                [
                    (
                        "",
                        f'Invalid JSON payload received. Unknown name "{name}": Cannot bind '
                        f"query parameter. Field '{name}' could not be found in request message.",
                    )
                    for name in unknown
                ]
            )

    def text(self, name: str, default: str | None = None) -> str | None:
        """Return a string parameter (the last one given)."""
        values = self.args.getlist(name)
        return values[-1] if values else default

    def texts(self, name: str) -> list[str]:
        """Return every value of a repeated parameter."""
        return self.args.getlist(name)

    def flag(self, name: str, default: bool = False) -> bool:
        """Return a boolean parameter; Google accepts true/false in any case."""
        value = self.text(name)
        if value is None or value == "":
            return default
        lowered = value.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise _invalid(name, "TYPE_BOOL", value)

    def enum(self, name: str, default: str | None = None) -> str | None:
        """Return an enum parameter, checking it is one of the API's names."""
        value = self.text(name)
        if value is None or value == "":
            return default
        type_name, choices = ENUMS[name]
        if value not in choices:
            raise _invalid(name, f"type.googleapis.com/google.apps.sheets.v4.{type_name}", value)
        return value

    def integer(self, name: str, default: int | None = None) -> int | None:
        """Return an integer parameter."""
        value = self.text(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise _invalid(name, "TYPE_INT32", value) from None


def _invalid(name: str, type_name: str, value: Any) -> Exception:
    """Return Google's error for a query parameter of the wrong type."""
    description = f"Invalid value at '{snake(name)}' ({type_name}), \"{value}\""
    return field_violations([(snake(name), description)])
