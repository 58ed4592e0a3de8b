"""Date, time and duration patterns of Google Sheets number formats, applied to serial numbers.

Tokens follow https://developers.google.com/sheets/api/guides/formats#date_and_time_format_tokens.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from sheets.emulator.cellcore import EPOCH, Locale

_TOKEN = re.compile(
    r'(?P<quote>"[^"]*"?)|\\(?P<escaped>.)|_.|\*.'
    r"|\[(?P<elapsed>h+|m+|s+)\]"
    r"|(?P<ampm>am/pm|a/p|AM|PM)"
    r"|(?P<run>d+|y+|h+|H+|[mM]+|s+|0{1,3})",
    re.IGNORECASE,
)
_MS = {"h": 3_600_000, "m": 60_000, "s": 1000}


def format_date(serial: float, pattern: str, locale: Locale) -> str:
    """Return a serial number shown through a date, time or duration pattern."""
    tokens = _tokens(pattern)
    total_ms = round(serial * 86_400_000)
    fraction_digits = max((len(t) for k, t in tokens if k == "0"), default=0)
    has_time = any(k in ("h", "H", "s", "min", "elapsed", "ampm") for k, _ in tokens)
    if fraction_digits or has_time:
        unit = 10 ** (3 - fraction_digits)
        total_ms = (total_ms + unit // 2) // unit * unit
    moment = EPOCH + timedelta(milliseconds=total_ms)
    twelve_hour = any(k == "ampm" for k, _ in tokens)
    larger_elapsed = ""
    pieces = []
    for kind, text in tokens:
        if kind == "lit":
            pieces.append(text)
        elif kind == "elapsed":
            pieces.append(_elapsed(total_ms, text, larger_elapsed))
            larger_elapsed += text[0].lower()
        elif kind == "ampm":
            pieces.append(_meridiem(moment.hour, text))
        else:
            pieces.append(_field(kind, text, moment, locale, twelve_hour))
    return "".join(pieces)


@lru_cache(maxsize=512)
def _tokens(pattern: str) -> tuple[tuple[str, str], ...]:
    """Split a date pattern into (kind, text); m/mm become "month" or "min" by their neighbours."""
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _TOKEN.finditer(pattern):
        if match.start() > position:
            tokens.append(("lit", pattern[position : match.start()]))
        position = match.end()
        text = match.group()
        if match.group("quote") is not None:
            tokens.append(("lit", text[1:].removesuffix('"')))
        elif match.group("escaped") is not None:
            tokens.append(("lit", match.group("escaped")))
        elif text[0] in "_*":
            tokens.append(("lit", " " if text[0] == "_" else ""))
        elif match.group("elapsed"):
            tokens.append(("elapsed", match.group("elapsed")))
        elif match.group("ampm"):
            tokens.append(("ampm", text))
        else:
            kind = text[0] if text[0] in "hHmM0" else text[0].lower()
            tokens.append((kind, text))
    if position < len(pattern):
        tokens.append(("lit", pattern[position:]))
    return tuple(_resolve_minutes(tokens))


def _resolve_minutes(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Name each m-run a month or a minute, as the formats guide describes for m and mm."""
    fields = [(i, kind, text) for i, (kind, text) in enumerate(tokens) if kind != "lit"]
    resolved = list(tokens)
    for n, (i, kind, text) in enumerate(fields):
        if kind not in ("m", "M"):
            continue
        if kind == "M" or "M" in text or len(text) > 2:
            resolved[i] = ("month", text)
            continue
        before = fields[n - 1] if n else None
        after = fields[n + 1] if n + 1 < len(fields) else None
        after_hours = before is not None and (
            before[1] in ("h", "H") or (before[1] == "elapsed" and before[2][0] in "hH")
        )
        before_seconds = after is not None and (
            after[1] == "s" or (after[1] == "elapsed" and after[2][0] in "sS")
        )
        resolved[i] = ("min", text) if after_hours or before_seconds else ("month", text)
    return resolved


def _field(kind: str, text: str, moment: datetime, locale: Locale, twelve_hour: bool) -> str:
    width = len(text)
    if kind == "y":
        return f"{moment.year % 100:02d}" if width <= 2 else f"{moment.year:04d}"
    if kind == "d":
        if width <= 2:
            return f"{moment.day:0{width}d}"
        names = locale.day_abbreviations if width == 3 else locale.day_names
        return names[moment.weekday()]
    if kind == "month":
        if width <= 2:
            return f"{moment.month:0{width}d}"
        if width == 5:
            return locale.month_names[moment.month - 1][0]
        names = locale.month_abbreviations if width == 3 else locale.month_names
        return names[moment.month - 1]
    if kind in ("h", "H"):
        hour = moment.hour
        if kind == "h" and twelve_hour:
            hour = hour % 12 or 12
        return f"{hour:0{min(width, 2)}d}"
    if kind == "min":
        return f"{moment.minute:0{width}d}"
    if kind == "s":
        return f"{moment.second:0{min(width, 2)}d}"
    return f"{moment.microsecond // 1000:03d}"[:width]  # tenths, hundredths, milliseconds


def _meridiem(hour: int, text: str) -> str:
    after_noon = hour >= 12
    if text.lower() == "a/p":
        letter = "p" if after_noon else "a"
        return letter.upper() if text[0].isupper() else letter
    return "PM" if after_noon else "AM"


def _elapsed(total_ms: int, text: str, larger: str) -> str:
    """Return an elapsed [h], [m] or [s] count, less the larger elapsed units shown before it."""
    unit = text[0].lower()
    remaining = abs(total_ms)
    for bigger in larger:
        if _MS[bigger] > _MS[unit]:
            remaining %= _MS[bigger]
    sign = "-" if total_ms < 0 else ""
    return sign + str(remaining // _MS[unit]).zfill(len(text))
