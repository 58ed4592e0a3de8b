"""Turn accepted reports into each month's summary: who reported, on time or late.

reports (unit, month, time, counts)  ->  MonthSummary per month
units in the order of the Đơn vị tab ->  one UnitMonth per monitored unit
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .periods import Month, deadline, is_late, month_due, months_between
from .report import MonthSummary, Status, UnitMonth
from .units import Unit
from .validate import Rules, Validated


def months_to_write(validated: Validated, rules: Rules, extra: Iterable[Month] = ()) -> list[Month]:
    """Return the months that get a Phụ lục 3: every month reported on, and the month due."""
    months = set(validated.months) | {month_due(rules.now.astimezone(rules.tz))} | set(extra)
    return sorted(months)


def grid_months(months: Iterable[Month]) -> list[Month]:
    """Return every month from the first to the last given, for the status grid."""
    ordered = sorted(months)
    return months_between(ordered[0], ordered[-1]) if ordered else []


def summarize(
    validated: Validated, units: Iterable[Unit], rules: Rules, months: Iterable[Month]
) -> dict[Month, MonthSummary]:
    """Return the summary of each month for the monitored units, in the Đơn vị order."""
    expected = [u for u in units if u.monitored]
    reports = {(r.unit, r.month): r for r in validated.reports}
    out: dict[Month, MonthSummary] = {}
    for month in months:
        rows = []
        for stt, unit in enumerate(expected, start=1):
            report = reports.get((unit.name, month))
            if report is not None:
                rows.append(
                    UnitMonth(
                        stt=stt,
                        unit=unit.name,
                        status=_status(report.submitted_at, month, rules),
                        submitted_at=report.submitted_at,
                        counts=report.counts,
                        means=report.means,
                        other_forms=report.other_forms,
                        notes=report.notes,
                        row=report.row,
                    )
                )
            elif (unit.name, month) in validated.invalid:
                rows.append(UnitMonth(stt, unit.name, Status.INVALID))
            else:
                rows.append(UnitMonth(stt, unit.name, Status.MISSING))
        out[month] = MonthSummary(
            month, deadline(month, deadline_day=rules.deadline_day, tz=rules.tz), tuple(rows)
        )
    return out


def _status(submitted_at: datetime | None, month: Month, rules: Rules) -> Status:
    """Return on time, late, or reported (no timestamp) for an accepted report."""
    if submitted_at is None:
        return Status.REPORTED
    late = is_late(submitted_at, month, deadline_day=rules.deadline_day, tz=rules.tz)
    return Status.LATE if late else Status.ON_TIME
