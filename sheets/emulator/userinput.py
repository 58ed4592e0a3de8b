"""What a value typed with valueInputOption=USER_ENTERED becomes, read as Google Sheets reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sheets.emulator.cellcore import ErrorValue, Locale, to_serial

CellValue = float | str | bool | ErrorValue | None


@dataclass(frozen=True)
class Parsed:
    """A typed value: what the cell holds, its formula if any, and the format Sheets gives it."""

    value: CellValue = None
    formula: str | None = None
    number_format: dict | None = None


def parse_user_entered(text: str, locale: Locale) -> Parsed:
    """Read text as if a user typed it into a cell of a spreadsheet in this locale."""
    if text.startswith("'"):
        return Parsed(text[1:] or None)
    if text.startswith("=") and len(text) > 1:
        return Parsed(formula=text)
    stripped = text.strip()
    if not stripped:
        return Parsed(text or None)
    if stripped.upper() in ("TRUE", "FALSE"):
        return Parsed(stripped.upper() == "TRUE")
    found = _number(stripped, locale) or _date_time(stripped, locale)
    if found is None:
        return Parsed(text)
    return Parsed(found[0], number_format=found[1])


def coerce_number(text: str, locale: Locale) -> float | None:
    """Return the number a formula reads in text ("3", "1,5", "2020-01-01"), or None."""
    stripped = text.strip()
    if not stripped:
        return 0.0
    found = _number(stripped, locale) or _date_time(stripped, locale)
    return None if found is None else found[0]


# --- numbers ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _number_pattern(locale: Locale) -> re.Pattern[str]:
    group, point = re.escape(locale.grouping_separator), re.escape(locale.decimal_separator)
    symbol = "|".join(re.escape(s) for s in locale.currency_symbols)
    return re.compile(
        rf"(?P<sign>[+-]?)\s*(?P<pre>{symbol})?\s*(?P<sign2>[+-]?)"
        rf"(?P<int>\d{{1,3}}(?:{group}\d{{3}})+|\d*)(?:{point}(?P<frac>\d*))?"
        rf"(?:[eE](?P<exp>[+-]?\d+))?\s*(?P<post>{symbol})?\s*(?P<pct>%)?"
    )


def _number(text: str, locale: Locale) -> tuple[float, dict | None] | None:
    match = _number_pattern(locale).fullmatch(text)
    if not match:
        return None
    g = match.groupdict()
    currency = bool(g["pre"] or g["post"])
    if not (g["int"] or g["frac"]) or (g["sign"] and g["sign2"]) or (g["pre"] and g["post"]):
        return None
    if (g["exp"] and (currency or g["pct"])) or (currency and g["pct"]):
        return None
    grouped = locale.grouping_separator in g["int"]
    digits = g["int"].replace(locale.grouping_separator, "") or "0"
    number = Decimal(f"{digits}.{g['frac'] or '0'}e{g['exp'] or 0}")
    if not number.is_finite() or abs(number) > Decimal("1.7e308"):
        return None
    if g["pct"]:
        number = number.scaleb(-2)
    if "-" in (g["sign"] + g["sign2"]):
        number = -number
    decimals = "." + "0" * len(g["frac"]) if g["frac"] else ""
    number_format = None
    if g["pct"]:
        number_format = {
            "type": "PERCENT",
            "pattern": ("#,##0" if grouped else "0") + decimals + "%",
        }
    elif currency:
        number_format = {"type": "CURRENCY", "pattern": locale.currency(len(g["frac"] or ""))}
    elif g["exp"]:
        number_format = {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    elif grouped:
        number_format = {"type": "NUMBER", "pattern": "#,##0" + decimals}
    return float(number), number_format


# --- dates and times --------------------------------------------------------------------

_ISO = r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
_LOCAL = r"(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
_MONTH_YEAR = r"(?P<m>\d{1,2})(?P<sep>[-/])(?P<y>\d{4})"
_TIME = (
    r"(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,3}))?)?)?"
    r"\s*(?P<ampm>[AaPp][Mm])?"
)
_DATE_FORMS = [re.compile(rf"{form}(?:\s+{_TIME})?") for form in (_ISO, _LOCAL, _MONTH_YEAR)]
_TIME_ONLY = re.compile(_TIME)


def _date_time(text: str, locale: Locale) -> tuple[float, dict] | None:
    time_only = _TIME_ONLY.fullmatch(text)
    if time_only:
        found = _time_of_day(time_only.groupdict())
        return None if found is None else (found[0], {"type": "TIME", "pattern": found[1]})
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            break
    else:
        return None
    g = match.groupdict()
    found_date = _calendar_date(g, locale)
    if found_date is None:
        return None
    serial, pattern = float(to_serial(found_date[0])), found_date[1]
    if g["h"] is None:
        return serial, {"type": "DATE", "pattern": pattern}
    found_time = _time_of_day(g)
    if found_time is None:
        return None
    return serial + found_time[0], {"type": "DATE_TIME", "pattern": f"{pattern} {found_time[1]}"}


def _calendar_date(g: dict, locale: Locale) -> tuple[date, str] | None:
    """Return the date of a matched date form and the pattern that shows it as typed."""
    sep = g["sep"]
    if g.get("a") is None:  # ISO or month/year: the month is never ambiguous
        month, day = g["m"], g.get("d")
        year = int(g["y"])
        if day is None:
            pattern = f"{'MM' if len(month) == 2 else 'M'}{sep}yyyy"
        else:
            pattern = f"yyyy{sep}{'m' * len(month)}{sep}{'d' * len(day)}"
    else:
        first, second = g["a"], g["b"]
        month, day = (first, second) if locale.date_order == "MDY" else (second, first)
        year = int(g["y"])
        if len(g["y"]) == 2:  # Sheets, like Excel, reads 00-29 as 20xx and 30-99 as 19xx
            year += 2000 if year < 30 else 1900
        parts = {"M": "M" * len(month), "d": "d" * len(day)}
        order = ("M", "d") if locale.date_order == "MDY" else ("d", "M")
        year_token = "yyyy" if len(g["y"]) == 4 else "yy"
        pattern = f"{parts[order[0]]}{sep}{parts[order[1]]}{sep}{year_token}"
    try:
        return date(year, int(month), int(day or 1)), pattern
    except ValueError:  # 31/02/2026 and other impossible dates stay text
        return None


def _time_of_day(g: dict) -> tuple[float, str] | None:
    """Return the day fraction of a matched time and the pattern that shows it as typed."""
    if g["mi"] is None and g["ampm"] is None:
        return None
    hour, minute, second = int(g["h"]), int(g["mi"] or 0), int(g["s"] or 0)
    fraction = int((g["f"] or "0").ljust(3, "0")) / 1000
    if g["ampm"]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if g["ampm"].upper() == "PM" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    pattern = "hh" if len(g["h"]) == 2 else "h"
    if g["mi"] is not None:
        pattern += ":mm"
    if g["s"] is not None:
        pattern += ":ss"
    if g["f"]:
        pattern += "." + "0" * len(g["f"])
    if g["ampm"]:
        pattern += " am/pm"
    return (hour * 3600 + minute * 60 + second + fraction) / 86400, pattern
