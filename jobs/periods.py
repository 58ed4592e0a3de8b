"""Reporting periods: calendar months, their deadlines, and on time / late.

A report for a month is on time when submitted before 00:00 of day ``deadline_day``
(default 10) of the following month, in the office's time zone (``Asia/Ho_Chi_Minh``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_MONTH_TEXT = re.compile(
    r"^\s*(?:th[aá]ng\s*)?(0?[1-9]|1[0-2])\s*[/.\-]\s*(\d{4})\s*$", re.IGNORECASE
)
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(0?[1-9]|1[0-2])\s*$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.month}/{self.year}")

    @classmethod
    def of(cls, day: date | datetime) -> Month:
        """Return the month a date falls in."""
        return cls(day.year, day.month)

    @classmethod
    def parse_text(cls, text: str) -> Month | None:
        """Read ``10/2026``, ``10-2026``, ``Tháng 10/2026``, ``10.2026``; None otherwise."""
        match = _MONTH_TEXT.match(text)
        if match:
            return cls(int(match.group(2)), int(match.group(1)))
        return None

    @classmethod
    def parse_iso(cls, text: str) -> Month:
        """Read ``2026-10`` (the form used in URLs); raise ValueError otherwise."""
        match = _ISO_MONTH.match(text or "")
        if not match:
            raise ValueError(f"not a month: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def next(self) -> Month:
        """Return the following month."""
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        """Return the month before."""
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def first_day(self) -> date:
        """Return the 1st of the month."""
        return date(self.year, self.month, 1)

    def label(self) -> str:
        """Return ``MM/YYYY`` as the office writes it."""
        return f"{self.month:02d}/{self.year}"

    def iso(self) -> str:
        """Return ``YYYY-MM``."""
        return f"{self.year}-{self.month:02d}"

    def __str__(self) -> str:
        return self.label()


def deadline(month: Month, *, deadline_day: int, tz: ZoneInfo) -> datetime:
    """Return the first instant that is late for a month's report (00:00 local)."""
    due = month.next()
    return datetime(due.year, due.month, deadline_day, tzinfo=tz)


def month_due(now: datetime) -> Month:
    """Return the month whose reports are being collected now: the previous calendar month.

    During November the units report on October (on time until the deadline day, late after).
    """
    return Month.of(now).previous()


def is_late(submitted_at: datetime, month: Month, *, deadline_day: int, tz: ZoneInfo) -> bool:
    """Return True when a report arrived at or after its month's deadline."""
    return submitted_at >= deadline(month, deadline_day=deadline_day, tz=tz)


def months_between(first: Month, last: Month) -> list[Month]:
    """Return every month from ``first`` to ``last`` inclusive."""
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def days_between(later: datetime, earlier: datetime) -> int:
    """Return whole calendar days from ``earlier`` to ``later`` (negative when earlier)."""
    return (later.date() - earlier.date()) // timedelta(days=1)
