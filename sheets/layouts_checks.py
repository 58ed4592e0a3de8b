"""The layouts of the office's working tabs: ``Kiểm tra`` (problems) and ``Tình hình nộp``.

Neither carries a "checked at" time. A sync that finds nothing new writes nothing (one
write request at most, DESIGN.md §7), so such a time would stop moving while checks go
on and tell the office the service had stopped; the status page shows the last sync.
``made_at`` is still taken, so every layout is built the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import NamedTuple

from jobs.remembered import PerObject
from jobs.report import STATUS_LABELS, Level, MonthSummary, Problem, Status, UnitMonth

from .layouts_common import (
    KIEM_TRA,
    LIGHT_BLUE,
    LIGHT_GREEN,
    LIGHT_ORANGE,
    LIGHT_RED,
    LIGHT_YELLOW,
    PROTECTION_NOTE,
    TINH_HINH_NOP,
    day_text,
    local,
    ratio_text,
)
from .tabs import CellData, Style, TabContent, cell

KIEM_TRA_HEADERS = (
    "Dòng",
    "Dấu thời gian",
    "Đơn vị (như đã nhập)",
    "Tháng",
    "Mức độ",
    "Vấn đề",
    "Cách xử lý",
)
KIEM_TRA_WIDTHS = [50, 140, 200, 80, 80, 320, 280]
NO_PROBLEMS = "Không có vấn đề nào."
LEVEL_BACKGROUNDS = {Level.ERROR: LIGHT_RED, Level.WARNING: LIGHT_YELLOW}

STATUS_HEADERS = ("STT", "Đơn vị")
NOT_EXPECTED = "—"
REPORTING_RATE = "Tỷ lệ báo cáo"
ON_TIME_RATE = "Tỷ lệ đúng hạn"
STATUS_WIDTHS = [40, 220]
MONTH_WIDTH = 150
DATED_STATUSES = frozenset({Status.ON_TIME, Status.LATE})
STATUS_BACKGROUNDS = {
    Status.ON_TIME: LIGHT_GREEN,
    Status.LATE: LIGHT_YELLOW,
    Status.REPORTED: LIGHT_BLUE,
    Status.MISSING: LIGHT_RED,
    Status.INVALID: LIGHT_ORANGE,
}

_HEADER = {"bold": True, "align": "CENTER", "valign": "MIDDLE", "wrap": True}
_BODY = {"valign": "TOP", "wrap": True}
# Styles of the cells that come by the thousand (units × months, problems).
_BODY_STYLE = Style(**_BODY)
_CENTRED_STYLE = Style(align="CENTER", **_BODY)
_LEVEL_STYLES = {level: Style(background=bg, **_BODY) for level, bg in LEVEL_BACKGROUNDS.items()}
_STATUS_STYLES = {
    status: Style(background=bg, **_BODY) for status, bg in STATUS_BACKGROUNDS.items()
}


def kiem_tra(problems: Sequence[Problem], *, made_at: datetime) -> TabContent:
    """Return the Kiểm tra tab: every problem, errors first, then by response row."""
    rows: list[list[CellData]] = [[cell(text, **_HEADER) for text in KIEM_TRA_HEADERS]]
    merges = []
    if problems:
        rows += [_problem_row(problem) for problem in sorted(problems, key=_problem_order)]
    else:
        rows.append([cell(NO_PROBLEMS, italic=True)])  # below the table, unboxed
        merges.append((1, 2, 0, len(KIEM_TRA_HEADERS)))
    table_rows = len(rows) if problems else 1
    return TabContent(
        title=KIEM_TRA,
        rows=rows,
        borders=[(0, table_rows, 0, len(KIEM_TRA_HEADERS))],
        merges=merges,
        column_widths=list(KIEM_TRA_WIDTHS),
        frozen_rows=1,
        protection=PROTECTION_NOTE,
    )


def _problem_order(problem: Problem) -> tuple[bool, int]:
    """Sort errors first; within a level, problems of the unit list, then by row."""
    return (problem.level is not Level.ERROR, -1 if problem.row is None else problem.row)


def _problem_row(problem: Problem) -> list[CellData]:
    """Return one problem; what a person typed is written back as literal text."""
    body = _BODY_STYLE
    return [
        _CENTRED_STYLE(problem.row),
        body.text(problem.timestamp),
        body.text(problem.unit_text),
        body.text(problem.month_text),
        _LEVEL_STYLES.get(problem.level, body).text(problem.level.value),
        body.text(problem.issue),
        body.text(problem.handling),
    ]


def tinh_hinh_nop(summaries: Sequence[MonthSummary], *, made_at: datetime) -> TabContent:
    """Return the Tình hình nộp tab: units × months, with the rates below."""
    by_month = {summary.month: summary for summary in summaries}
    months = sorted(by_month)
    ordered = [by_month[month] for month in months]
    names = _unit_order(ordered)
    header = [cell(text, **_HEADER) for text in STATUS_HEADERS]
    header += [cell(month.label(), **_HEADER) for month in months]
    rows = [header]
    columns = _COLUMNS.each(ordered, _status_column)
    absent = _status_cell(None, None)
    for number, name in enumerate(names, start=1):
        line = [_CENTRED_STYLE(number), _BODY_STYLE.text(name)]
        line += [column.cells.get(name, absent) for column in columns]
        rows.append(line)
    rows.append(_rate_row(REPORTING_RATE, [(c.reported, c.expected) for c in columns]))
    rows.append(_rate_row(ON_TIME_RATE, [(c.on_time, c.expected) for c in columns]))
    return TabContent(
        title=TINH_HINH_NOP,
        rows=rows,
        borders=[(0, len(rows), 0, len(header))],
        column_widths=STATUS_WIDTHS + [MONTH_WIDTH] * len(months),
        frozen_rows=1,
        frozen_columns=len(STATUS_HEADERS),
        protection=PROTECTION_NOTE,
    )


def status_text(unit: UnitMonth, zone: tzinfo | None = None) -> str:
    """Return ``Đúng hạn (05/11/2026)``: the label, and the date (in ``zone``) when known."""
    label = STATUS_LABELS[unit.status]
    if unit.status in DATED_STATUSES and unit.submitted_at is not None:
        return f"{label} ({day_text(local(unit.submitted_at, zone))})"
    return label


def _unit_order(ordered: Sequence[MonthSummary]) -> list[str]:
    """Return the units of the latest month in its order, then units only seen earlier."""
    names: dict[str, None] = {}
    for summary in reversed(ordered):
        for unit in summary.units:
            names.setdefault(unit.unit, None)
    return list(names)


class _Column(NamedTuple):
    """A month's column of the grid: each unit's status cell, and the month's rates."""

    cells: dict[str, CellData]  # by unit name, one shared cell per status and day
    reported: int
    on_time: int
    expected: int


# A grid of thousands of communes over 24 months is rewritten whenever one unit reports,
# and in a warm process every other month's summary is the very one the last run had
# (``jobs.summary``): its column is taken from the last grid built.
_COLUMNS: PerObject[MonthSummary, _Column] = PerObject()


def forget_columns() -> None:
    """Forget the last grid's columns, as a fresh process knows none."""
    _COLUMNS.forget()


def _status_column(summary: MonthSummary) -> _Column:
    """Return a month's column: one cell per status and day, shared by its units."""
    zone = summary.deadline.tzinfo
    cells: dict[object, CellData] = {}
    column = {}
    for unit in summary.units:
        key: object = unit.status
        at = unit.submitted_at
        if key in DATED_STATUSES and at is not None:  # the day is all status_text shows
            key = (key, (at if at.tzinfo is zone else local(at, zone)).date())
        found = cells.get(key)
        if found is None:
            found = cells[key] = _status_cell(unit, zone)
        column[unit.unit] = found
    return _Column(column, summary.reported, summary.on_time, summary.expected)


def _status_cell(unit: UnitMonth | None, zone: tzinfo | None) -> CellData:
    """Return one unit's status in one month; ``—`` when it was not expected then."""
    if unit is None:
        return _CENTRED_STYLE(NOT_EXPECTED)
    return _STATUS_STYLES.get(unit.status, _BODY_STYLE).text(status_text(unit, zone))


def _rate_row(label: str, ratios: Sequence[tuple[int, int]]) -> list[CellData]:
    """Return a rate line: its label in B, ``7/9 (77,8%)`` under each month."""
    bold = {**_BODY, "bold": True}
    line = [cell(**bold), cell(label, **bold)]
    line += [cell(ratio_text(part, whole), **bold) for part, whole in ratios]
    return line
