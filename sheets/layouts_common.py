"""Names, titles and small text helpers shared by the layouts of the managed tabs.

Tab names live here and are imported wherever a tab is looked up, never retyped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo
from typing import Any

from jobs.periods import Month
from jobs.report import MonthSummary
from jobs.units import UNITS_TAB

from .tabs import CellData, cell

DON_VI = UNITS_TAB  # one name, defined with the unit list
KIEM_TRA = "Kiểm tra"
TINH_HINH_NOP = "Tình hình nộp"
PHU_LUC_3_PREFIX = "Phụ lục 3 - "
PROTECTION_NOTE = (
    "Trang này do hệ thống tự động ghi. Mọi chỉnh sửa ở đây sẽ bị ghi đè ở lần cập nhật sau."
)

_PHU_LUC_3_TITLE = re.compile(re.escape(PHU_LUC_3_PREFIX) + r"(\d{2})/(\d{4})")

# Light backgrounds that go with a text label, never instead of one.
LIGHT_GREEN = {"red": 0.85, "green": 0.94, "blue": 0.83}
LIGHT_YELLOW = {"red": 1.0, "green": 0.95, "blue": 0.8}
LIGHT_BLUE = {"red": 0.81, "green": 0.89, "blue": 0.95}
LIGHT_RED = {"red": 0.96, "green": 0.8, "blue": 0.8}
LIGHT_ORANGE = {"red": 0.99, "green": 0.9, "blue": 0.8}
LIGHT_GREY = {"red": 0.93, "green": 0.93, "blue": 0.93}


def phu_luc_3_title(month: Month) -> str:
    """Return the tab name of a month's Phụ lục 3, e.g. ``Phụ lục 3 - 10/2026``."""
    return f"{PHU_LUC_3_PREFIX}{month.label()}"


def month_of_title(title: str) -> Month | None:
    """Return the month of a Phụ lục 3 tab name, None for any other tab."""
    match = _PHU_LUC_3_TITLE.fullmatch(unicodedata.normalize("NFC", title))
    if not match:
        return None
    try:
        return Month(int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def local(moment: datetime, zone: tzinfo | None) -> datetime:
    """Return an aware moment as wall time in ``zone`` (unchanged if either is naive)."""
    if zone is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(zone)


def shown_of(summary: MonthSummary) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    """Return what the tabs show of a month's summary: the statuses, then the details.

    ``Tình hình nộp`` shows the statuses (each unit with its status and the day it
    reported, in the office's time zone), ``Phụ lục 3`` both (the counts and texts too).
    Their input keys are made of these alone, so what neither shows (the time of day of
    a resubmission on the same day, the row it is on) leaves both tabs unbuilt.
    """
    zone = summary.deadline.tzinfo
    units = summary.units
    days = [None if u.submitted_at is None else local(u.submitted_at, zone).date() for u in units]
    statuses = (summary.month, [(u.unit, u.status) for u in units], days)
    details = [(u.counts, u.means, u.other_forms, u.notes) for u in units]
    return statuses, details


def day_text(day: date | datetime) -> str:
    """Return a date as the office writes it inside text: ``05/11/2026``."""
    if day.year >= 1000:  # what strftime gives, at a fraction of its cost (thousands of cells)
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return day.strftime("%d/%m/%Y")


def ratio_text(part: int, whole: int) -> str:
    """Return ``7/9 (77,8%)`` with a Vietnamese decimal comma; no percentage for 0/0."""
    if not whole:
        return f"{part}/{whole}"
    percent = f"{100 * part / whole:.1f}".replace(".", ",")
    return f"{part}/{whole} ({percent}%)"


def text_cell(value: object, **fmt: Any) -> CellData:
    """Return a cell holding ``value`` as literal text (whatever a person typed)."""
    return cell("" if value is None else str(value), **fmt)
