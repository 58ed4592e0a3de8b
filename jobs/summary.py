"""Turn accepted reports into each month's summary: who reported, on time or late.

reports (unit, month, time, counts)  ->  MonthSummary per month
units in the order of the Đơn vị tab ->  one UnitMonth per monitored unit
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .periods import Month, deadline, month_due, months_between
from .remembered import Remembered
from .report import MonthSummary, Report, Status, UnitMonth
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
    validated: Validated,
    units: Iterable[Unit],
    rules: Rules,
    months: Iterable[Month],
    remembered: Remembered | None = None,
) -> dict[Month, MonthSummary]:
    """Return the summary of each month for the monitored units, in the Đơn vị order.

    With ``remembered``, a month whose reports are the very ones (the same objects, as a
    warm process's remembered rows give, see ``jobs.row_outcomes``) and whose invalid units
    are those of the last run's, in the same context, takes that run's summary: a new
    answer rebuilds only its own month.
    """
    expected = [u for u in units if u.monitored]
    # By (year, month), then unit: hashing a pair of ints is much faster than a Month.
    reports = validated.by_month
    if reports is None:  # made by hand (validation groups them as it keeps the latest)
        reports = {}
        for report in validated.reports:
            reports.setdefault((report.month.year, report.month.month), {})[report.unit] = report
    invalid: dict[tuple[int, int], set[str]] = {}
    for name, month in validated.invalid:
        invalid.setdefault((month.year, month.month), set()).add(name)
    context = (str(rules.tz), rules.deadline_day, [u.name for u in expected])
    earlier: _Summaries = (remembered.get(context) if remembered is not None else None) or {}
    made: _Summaries = {}
    out: dict[Month, MonthSummary] = {}
    for month in months:
        key = (month.year, month.month)
        found = reports.get(key, {})
        failed = invalid.get(key, set())
        # The reports by identity: the entry holds them, so no id is another object's.
        kept = tuple(found.values())
        sign = (tuple(map(id, kept)), frozenset(failed))
        known = earlier.get(key)
        if known is not None and known[0] == sign:
            summary = known[2]
        else:
            due = deadline(month, deadline_day=rules.deadline_day, tz=rules.tz)
            rows = tuple(
                _unit_month(stt, unit.name, found.get(unit.name), failed, due)
                for stt, unit in enumerate(expected, start=1)
            )
            summary = MonthSummary(month, due, rows)
        made[key] = (sign, kept, summary)
        out[month] = summary
    if remembered is not None:
        remembered.remember(context, made)
    return out


# Each month's summary in the last run, by (year, month): the ids of its reports and its
# invalid units, the reports themselves (keeping their ids theirs), and the summary.
_Summaries = dict[
    tuple[int, int], tuple[tuple[tuple[int, ...], frozenset[str]], tuple[Report, ...], MonthSummary]
]


def _unit_month(
    stt: int, name: str, report: Report | None, failed: set[str], due: datetime
) -> UnitMonth:
    """Return where one unit stands in a month whose deadline is ``due``."""
    if report is None:
        return UnitMonth(stt, name, Status.INVALID if name in failed else Status.MISSING)
    return UnitMonth(
        stt,
        name,
        _status(report.submitted_at, due),
        report.submitted_at,
        report.counts,
        report.means,
        report.other_forms,
        report.notes,
        report.row,
    )


def _status(submitted_at: datetime | None, due: datetime) -> Status:
    """Return on time, late, or reported (no timestamp) for an accepted report."""
    if submitted_at is None:
        return Status.REPORTED
    return Status.LATE if submitted_at >= due else Status.ON_TIME  # as periods.is_late
