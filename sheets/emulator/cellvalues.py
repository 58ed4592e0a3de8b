"""What a typed value becomes in a cell, and how the values API renders a cell's value.

The pieces live in cellcore, userinput, numberformat and dateformat; import them from here.
"""

from __future__ import annotations

import math
from typing import Any

from sheets.emulator.cellcore import (
    DATE_LIKE_TYPES,
    ERROR_DISPLAY,
    LOCALES,
    ErrorValue,
    Locale,
    from_serial,
    is_date_like,
    locale_for,
    to_serial,
)
from sheets.emulator.numberformat import format_general, format_value
from sheets.emulator.userinput import CellValue, Parsed, coerce_number, parse_user_entered

__all__ = [
    "DATE_LIKE_TYPES",
    "ERROR_DISPLAY",
    "LOCALES",
    "CellValue",
    "ErrorValue",
    "Locale",
    "Parsed",
    "coerce_number",
    "effective_value_json",
    "format_general",
    "format_value",
    "from_extended_value",
    "from_serial",
    "is_date_like",
    "json_number",
    "locale_for",
    "parse_user_entered",
    "render",
    "to_serial",
]

VALUE_RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATE_TIME_RENDER_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")


def json_number(number: float) -> int | float:
    """Return a number as JSON carries it: integral values as int, like Google's 2 for 2.0."""
    if math.isfinite(number) and number == int(number) and abs(number) < 2**53:
        return int(number)
    return number


def render(
    value: Any,
    number_format: dict | None,
    locale: Locale,
    *,
    value_render: str = "FORMATTED_VALUE",
    date_time_render: str = "SERIAL_NUMBER",
) -> Any:
    """Return the JSON value the values API gives one cell (FORMULA cells are the caller's)."""
    if value_render not in VALUE_RENDER_OPTIONS:
        raise ValueError(f"unknown valueRenderOption {value_render!r}")
    if date_time_render not in DATE_TIME_RENDER_OPTIONS:
        raise ValueError(f"unknown dateTimeRenderOption {date_time_render!r}")
    if value_render == "FORMATTED_VALUE":
        return format_value(value, number_format, locale)
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return value.display
    if isinstance(value, bool | str):
        return value
    if is_date_like(number_format) and date_time_render == "FORMATTED_STRING":
        return format_value(value, number_format, locale)
    return json_number(float(value))


def effective_value_json(value: Any) -> dict[str, Any]:
    """Return a value as a CellData ExtendedValue ({} for an empty cell)."""
    if value is None:
        return {}
    if isinstance(value, ErrorValue):
        return {"errorValue": value.to_json()}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, str):
        return {"stringValue": value}
    return {"numberValue": json_number(float(value))}


_EXTENDED_KEYS = ("numberValue", "stringValue", "boolValue", "formulaValue", "errorValue")


def from_extended_value(obj: dict[str, Any] | None) -> Parsed:
    """Read an ExtendedValue a request sends (updateCells userEnteredValue) as a Parsed value.

    A stringValue stays text even when it starts with "=" or "'"; a formulaValue becomes the
    formula. Raises ValueError for a malformed object, which the caller answers with a 400.
    """
    obj = obj or {}
    keys = [key for key in obj if key in _EXTENDED_KEYS]
    unknown = [key for key in obj if key not in _EXTENDED_KEYS]
    if unknown:
        raise ValueError(f"Unknown name {unknown[0]!r} in ExtendedValue")
    if len(keys) > 1:
        raise ValueError(f"ExtendedValue sets more than one of {', '.join(keys)}")
    if not keys:
        return Parsed()
    key, raw = keys[0], obj[keys[0]]
    if key == "numberValue":
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise ValueError(f"Invalid value at 'numberValue': {raw!r}")
        return Parsed(float(raw))
    if key == "boolValue":
        if not isinstance(raw, bool):
            raise ValueError(f"Invalid value at 'boolValue': {raw!r}")
        return Parsed(raw)
    if not isinstance(raw, str) and key != "errorValue":
        raise ValueError(f"Invalid value at {key!r}: {raw!r}")
    if key == "stringValue":
        return Parsed(raw)
    if key == "formulaValue":
        return Parsed(formula=raw) if raw.startswith("=") else Parsed(raw)
    if not isinstance(raw, dict):
        raise ValueError(f"Invalid value at 'errorValue': {raw!r}")
    return Parsed(ErrorValue(raw.get("type", "ERROR"), raw.get("message", "")))
