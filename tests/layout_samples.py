"""Sample data shared by the layout tests: the seed's nine units in October 2026."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from jobs.periods import Month, deadline
from jobs.report import Counts, Level, MonthSummary, Problem, Status, UnitMonth
from jobs.units import SEED_UNITS as _SEED
from sheets.tabs import TabContent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OCTOBER = Month(2026, 10)
MADE_AT = datetime(2026, 11, 20, 8, 5, tzinfo=VN)

# The nine units of the seed letter's Phụ lục 3, in its order (tests/test_units.py spells
# them out).
SEED_UNITS = tuple(unit.name for unit in _SEED)


def on(day: int, month: int = 11, hour: int = 9) -> datetime:
    """Return a moment of 2026 in Vietnam."""
    return datetime(2026, month, day, hour, 0, tzinfo=VN)


def october_units() -> tuple[UnitMonth, ...]:
    """Return October 2026 for the seed units: on time, late, missing, invalid, typed in."""
    n = SEED_UNITS
    return (
        UnitMonth(
            1,
            n[0],
            Status.ON_TIME,
            on(5),
            Counts(12, 3, 2, 1),
            means="Trang thông tin điện tử, Facebook",
            other_forms="Pano, áp phích",
        ),
        UnitMonth(
            2, n[1], Status.LATE, on(15), Counts(5, 1, 0, 2), notes="Gửi bổ sung ảnh qua Zalo"
        ),
        UnitMonth(3, n[2], Status.MISSING),
        UnitMonth(4, n[3], Status.ON_TIME, on(8), Counts(4, 0, 1, 0), notes="=1+1"),
        UnitMonth(5, n[4], Status.REPORTED, None, Counts(2, 0, 0, 0), notes="<b>x</b>"),
        # An invalid report's counts must never reach the table or its sums.
        UnitMonth(6, n[5], Status.INVALID, on(3), Counts(99, 99, 99, 99), notes="sai"),
        UnitMonth(7, n[6], Status.ON_TIME, on(9, hour=23), Counts(0, 0, 0, 3), means="Loa"),
        # 18:30 UTC on the 11th is already the 12th in Vietnam.
        UnitMonth(
            8, n[7], Status.LATE, datetime(2026, 11, 11, 18, 30, tzinfo=UTC), Counts(1, 1, 1, 1)
        ),
        UnitMonth(9, n[8], Status.ON_TIME, on(1), Counts(6, 2, 0, 0)),
    )


def october() -> MonthSummary:
    """Return the summary of October 2026."""
    return MonthSummary(OCTOBER, deadline(OCTOBER, deadline_day=10, tz=VN), october_units())


def value(data: dict) -> object:
    """Return a cell's value as Python: number, text, or None for an empty cell."""
    entered = data.get("userEnteredValue", {})
    assert len(entered) <= 1
    if "numberValue" in entered:
        return entered["numberValue"]
    return entered.get("stringValue")


def grid(content: TabContent, width: int) -> list[list[object]]:
    """Return every row's values, padded to ``width`` columns."""
    return [[value(c) for c in row] + [None] * (width - len(row)) for row in content.rows]


def fmt(data: dict) -> dict:
    """Return a cell's userEnteredFormat."""
    return data.get("userEnteredFormat", {})


def boxed(content: TabContent, r: int, c: int) -> bool:
    """Return True when a cell lies in a bordered table of the tab (solid on every edge).

    Borders are drawn per table rectangle, never carried in a cell's own format.
    """
    assert all("borders" not in fmt(data) for row in content.rows for data in row)
    return any(
        top <= r < bottom and left <= c < right for top, bottom, left, right in content.borders
    )


def september() -> MonthSummary:
    """Return September 2026, before Xuất Hóa was expected, with a unit merged away since."""
    sep = Month(2026, 9)
    units = (
        UnitMonth(1, SEED_UNITS[0], Status.ON_TIME, on(4, month=10), Counts(1, 0, 0, 0)),
        UnitMonth(2, "Xã Cũ", Status.LATE, on(20, month=10), Counts(1, 0, 0, 0)),
        UnitMonth(3, SEED_UNITS[2], Status.REPORTED, None, Counts(0, 0, 0, 0)),
        *(UnitMonth(i, SEED_UNITS[i - 1], Status.MISSING) for i in range(4, 9)),
        UnitMonth(9, SEED_UNITS[1], Status.INVALID, on(2, month=10)),
    )
    return MonthSummary(sep, deadline(sep, deadline_day=10, tz=VN), units)


def problem(row: int | None, level: Level, issue: str, unit_text: str = "P. Sông Cầu") -> Problem:
    """Return a problem of a response row."""
    return Problem(row, "05/11/2026 09:15:00", unit_text, "10/2026", level, issue, "Bỏ qua dòng")
