"""Locales, error values and serial date numbers: the types every cell-value module shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# Day 0 of Google's serial numbers (https://developers.google.com/sheets/api/guides/formats).
EPOCH = datetime(1899, 12, 30)
_MS_PER_DAY = 86_400_000

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")  # fmt: skip
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Vietnamese names come from CLDR; Sheets' own vi_VN names are not confirmed.
_VI_MONTHS = tuple(f"tháng {n}" for n in range(1, 13))
_VI_MONTHS_SHORT = tuple(f"thg {n}" for n in range(1, 13))
_VI_DAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_VI_DAYS_SHORT = ("Th 2", "Th 3", "Th 4", "Th 5", "Th 6", "Th 7", "CN")


@dataclass(frozen=True)
class Locale:
    """How a spreadsheet locale writes numbers, dates and formulas."""

    name: str
    decimal_separator: str
    grouping_separator: str
    date_order: str  # "MDY" or "DMY": the order of a slash-separated date
    argument_separator: str  # what separates function arguments in formulas
    currency_symbols: tuple[str, ...]
    currency_pattern: str  # the CURRENCY pattern for whole amounts; "{decimals}" marks the cents
    default_patterns: tuple[tuple[str, str], ...]  # NumberFormat type -> pattern when none is set
    month_names: tuple[str, ...] = tuple(_EN_MONTHS)
    month_abbreviations: tuple[str, ...] = tuple(m[:3] for m in _EN_MONTHS)
    day_names: tuple[str, ...] = tuple(_EN_DAYS)  # Monday first, like date.weekday()
    day_abbreviations: tuple[str, ...] = tuple(d[:3] for d in _EN_DAYS)

    def default_pattern(self, format_type: str) -> str | None:
        """Return the pattern Sheets uses for a format type that has no pattern."""
        return dict(self.default_patterns).get(format_type)

    def currency(self, decimals: int) -> str:
        """Return this locale's CURRENCY pattern with the given number of decimals."""
        cents = "." + "0" * decimals if decimals else ""
        return self.currency_pattern.replace("{decimals}", cents)


def _defaults(date_: str, time_: str, date_time: str, currency: str) -> tuple[tuple[str, str], ...]:
    return (
        ("NUMBER", "#,##0.00"),
        ("PERCENT", "0.00%"),
        ("SCIENTIFIC", "0.00E+00"),
        ("CURRENCY", currency),
        ("TEXT", "@"),
        ("DATE", date_),
        ("TIME", time_),
        ("DATE_TIME", date_time),
    )


LOCALES: dict[str, Locale] = {
    "en_US": Locale(
        name="en_US",
        decimal_separator=".",
        grouping_separator=",",
        date_order="MDY",
        argument_separator=",",
        currency_symbols=("$",),
        currency_pattern='"$"#,##0{decimals}',
        default_patterns=_defaults("M/d/yyyy", "h:mm:ss am/pm", "M/d/yyyy H:mm:ss", '"$"#,##0.00'),
    ),
    "en_GB": Locale(
        name="en_GB",
        decimal_separator=".",
        grouping_separator=",",
        date_order="DMY",
        argument_separator=",",
        currency_symbols=("£",),
        currency_pattern='"£"#,##0{decimals}',
        default_patterns=_defaults("dd/MM/yyyy", "HH:mm:ss", "dd/MM/yyyy HH:mm:ss", '"£"#,##0.00'),
    ),
    "vi_VN": Locale(
        name="vi_VN",
        decimal_separator=",",
        grouping_separator=".",
        date_order="DMY",
        argument_separator=";",
        currency_symbols=("₫", "đ"),
        currency_pattern='#,##0{decimals} "₫"',
        default_patterns=_defaults("dd/MM/yyyy", "HH:mm:ss", "dd/MM/yyyy HH:mm:ss", '#,##0 "₫"'),
        month_names=_VI_MONTHS,
        month_abbreviations=_VI_MONTHS_SHORT,
        day_names=_VI_DAYS,
        day_abbreviations=_VI_DAYS_SHORT,
    ),
}


def locale_for(name: str | None) -> Locale:
    """Return the locale called name ("vi_VN", "vi-VN", "vi"); unknown names get en_US.

    Falling back keeps an emulated spreadsheet usable whatever locale a test sets;
    the spreadsheet still reports the name it was given.
    """
    key = (name or "").replace("-", "_")
    if key in LOCALES:
        return LOCALES[key]
    language = key.split("_")[0].lower()
    same_language = [loc for loc in LOCALES.values() if loc.name.startswith(language + "_")]
    return same_language[0] if same_language else LOCALES["en_US"]


# ErrorValue.type -> what Sheets shows in the cell (ErrorValue in the v4 reference).
ERROR_DISPLAY = {
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "LOADING": "Loading...",
}


@dataclass(frozen=True)
class ErrorValue:
    """An error a cell holds instead of a value, such as #DIV/0!."""

    type: str
    message: str = ""

    def __post_init__(self) -> None:
        if self.type not in ERROR_DISPLAY:
            raise ValueError(f"unknown error type {self.type!r}")

    @property
    def display(self) -> str:
        """The text Sheets shows for this error, e.g. "#DIV/0!"."""
        return ERROR_DISPLAY[self.type]

    def to_json(self) -> dict[str, str]:
        """Return the ErrorValue JSON object of the v4 API."""
        return {"type": self.type, "message": self.message}


def to_serial(value: date | datetime | time) -> float:
    """Return the serial number of a date, date-time or time of day (day 0 is 1899-12-30)."""
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - EPOCH) / timedelta(days=1)
    if isinstance(value, date):
        return float((value - EPOCH.date()).days)
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return seconds / 86400


def from_serial(serial: float) -> datetime:
    """Return the naive date-time of a serial number, rounded to the nearest millisecond."""
    return EPOCH + timedelta(milliseconds=round(serial * _MS_PER_DAY))


DATE_LIKE_TYPES = frozenset({"DATE", "TIME", "DATE_TIME"})


def is_date_like(number_format: dict | None) -> bool:
    """Tell whether a NumberFormat makes its cell a date, time or date-time."""
    return bool(number_format) and number_format.get("type") in DATE_LIKE_TYPES
