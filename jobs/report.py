"""What the pipeline produces: accepted reports, problems, and each month's summary.

These plain records flow from validation to the summary, the managed tabs and the status
page; none of them knows about Google or Flask. The records are frozen ``msgspec.Struct``
classes rather than frozen dataclasses: a sheet of 78,000 rows makes about 155,000 of
them per run, and a Struct is made over ten times faster (change one with
``msgspec.structs.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import msgspec

from .periods import Month


class Status(StrEnum):
    """Where a unit stands for one month."""

    ON_TIME = "on_time"
    LATE = "late"
    REPORTED = "reported"  # typed in by the office without a date: timeliness unknown
    MISSING = "missing"
    INVALID = "invalid"


STATUS_LABELS = {
    Status.ON_TIME: "Đúng hạn",
    Status.LATE: "Muộn",
    Status.REPORTED: "Đã báo cáo (không rõ ngày)",
    Status.MISSING: "Chưa báo cáo",
    Status.INVALID: "Có lỗi",
}
REPORTED_STATUSES = frozenset({Status.ON_TIME, Status.LATE, Status.REPORTED})


class Level(StrEnum):
    """How serious a problem is: an error keeps the row out of the summary."""

    ERROR = "Lỗi"
    WARNING = "Cảnh báo"


class Counts(msgspec.Struct, frozen=True):
    """The four quantities of Phụ lục 3."""

    news: int = 0  # Tin, Ảnh
    articles: int = 0  # Bài
    programmes: int = 0  # Chương trình/Ps
    sessions: int = 0  # Buổi TT

    def as_tuple(self) -> tuple[int, int, int, int]:
        """Return the counts in the table's column order."""
        return (self.news, self.articles, self.programmes, self.sessions)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))


class Report(msgspec.Struct, frozen=True):
    """A response row that passed validation."""

    row: int  # row number in the responses tab (1 = header)
    unit: str  # the unit's name as written in the Đơn vị tab
    month: Month
    submitted_at: datetime | None  # aware, in the office's time zone; None if typed by hand
    counts: Counts
    means: str = ""
    other_forms: str = ""
    notes: str = ""


class Problem(msgspec.Struct, frozen=True):
    """One line of the ``Kiểm tra`` tab: what is wrong with a row and what was done."""

    row: int | None  # row in the responses tab; None for problems of the Đơn vị tab
    timestamp: str  # as shown in the responses tab
    unit_text: str  # as typed
    month_text: str  # as typed
    level: Level
    issue: str  # Vietnamese: what is wrong
    handling: str  # Vietnamese: what the service did about it


class UnitMonth(msgspec.Struct, frozen=True):
    """One expected unit in one month."""

    stt: int
    unit: str
    status: Status
    submitted_at: datetime | None = None
    counts: Counts | None = None
    means: str = ""
    other_forms: str = ""
    notes: str = ""
    row: int | None = None


class MonthSummary(msgspec.Struct, frozen=True):
    """Everything known about one month: the rows of Phụ lục 3 and the rates."""

    month: Month
    deadline: datetime
    units: tuple[UnitMonth, ...]

    @property
    def expected(self) -> int:
        """Return how many units must report."""
        return len(self.units)

    @property
    def reported(self) -> int:
        """Return how many units have a valid report."""
        return sum(1 for u in self.units if u.status in REPORTED_STATUSES)

    @property
    def on_time(self) -> int:
        """Return how many units reported before the deadline."""
        return sum(1 for u in self.units if u.status is Status.ON_TIME)

    @property
    def reporting_rate(self) -> float:
        """Return reported / expected (DHIS2's completeness), 0 when nobody is expected."""
        return self.reported / self.expected if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        """Return reported on time / expected."""
        return self.on_time / self.expected if self.expected else 0.0

    @property
    def totals(self) -> Counts:
        """Return the sums of the four counts over the units that reported."""
        total = Counts()
        for unit in self.units:
            if unit.counts is not None:
                total = total + unit.counts
        return total


@dataclass
class Outcome:
    """The result of reading and checking the sheet, before anything is written."""

    summaries: dict[Month, MonthSummary] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
