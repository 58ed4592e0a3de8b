"""The two tables of the status page: the 12-month history grid and Phụ lục 3 of the month.

Pure data in, plain records out (no Flask); headers come from the sheet's own layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobs.periods import Month, months_between
from jobs.report import REPORTED_STATUSES, STATUS_LABELS, Status
from sheets.layouts_common import day_text
from sheets.layouts_phu_luc import (
    COUNT_HEADERS,
    MADE_AT,
    QUANTITY_HEADER,
    REPORTED_LINE,
    SINGLE_HEADERS,
    SUBTITLE,
    TITLE,
    TOTAL_LABEL,
)

HISTORY_MONTHS = 12
COUNT_KEYS = ("news", "articles", "programmes", "sessions")  # the order of COUNT_HEADERS
NO_DATA = "—"
NO_DATA_LABEL = "Không có số liệu"
# One letter per status in the grid, explained by its legend; colour only adds to it.
STATUS_CODES = {
    Status.ON_TIME: "Đ",
    Status.LATE: "M",
    Status.REPORTED: "B",
    Status.INVALID: "L",
    Status.MISSING: "C",
}
REPORTED_VALUES = frozenset(status.value for status in REPORTED_STATUSES)


@dataclass(frozen=True)
class GridMonth:
    """A column of the grid: ``10`` shown, ``10/2026`` meant, a link when the month is known."""

    iso: str
    label: str
    short: str
    known: bool
    selected: bool


@dataclass(frozen=True)
class GridCell:
    """One unit in one month: a letter and what it means."""

    status: str  # "" when there is no data
    code: str
    label: str


@dataclass(frozen=True)
class History:
    """Units × the 12 months up to the month shown, with the reporting count per month."""

    first: str
    last: str
    years: list[tuple[int, int]]  # (year, number of its months in the grid)
    months: list[GridMonth]
    rows: list[tuple[str, list[GridCell]]]
    reported: list[tuple[str, str]]  # ("7", "/9") per month, ("—", "") without data
    legend: list[tuple[str, str, str]]  # (status, letter, label)


@dataclass(frozen=True)
class PhuLucRow:
    """One unit's line of Phụ lục 3, as the sheet's tab has it."""

    stt: int
    name: str
    counts: list[str]  # empty strings when the unit has no valid report
    means: str
    other_forms: str
    note: str


@dataclass(frozen=True)
class PhuLuc:
    """The official table of one month, with its titles and footer."""

    title: str
    subtitle: str
    headers: dict[str, str]
    quantity: str
    count_headers: tuple[str, ...]
    rows: list[PhuLucRow]
    total_label: str
    totals: list[int]
    made_at: str
    reported_line: str


def history(months: dict[str, Any], last: Month) -> History:
    """Return the grid of the 12 months ending with ``last``; unknown months show ``—``."""
    first = Month(last.year - 1, last.month).next()
    window = months_between(first, last)
    datas = [months.get(m.iso()) for m in window]
    names: dict[str, None] = {}
    for data in reversed(datas):  # the month shown first, then units only seen earlier
        for unit in (data or {}).get("units", []):
            names.setdefault(str(unit["name"]), None)
    by_name = [{u["name"]: u for u in data["units"]} if data else {} for data in datas]
    rows = [(name, [_cell(units.get(name)) for units in by_name]) for name in names]
    years: dict[int, int] = {}
    for month in window:
        years[month.year] = years.get(month.year, 0) + 1
    return History(
        first=first.label(),
        last=last.label(),
        years=list(years.items()),
        months=[
            GridMonth(m.iso(), m.label(), f"{m.month:02d}", data is not None, m == last)
            for m, data in zip(window, datas, strict=True)
        ],
        rows=rows,
        reported=[(str(d["reported"]), f"/{d['expected']}") if d else (NO_DATA, "") for d in datas],
        legend=[(s.value, code, STATUS_LABELS[s]) for s, code in STATUS_CODES.items()],
    )


def phu_luc(data: dict[str, Any], made_at: datetime) -> PhuLuc:
    """Return Phụ lục 3 of one month: the sheet tab's columns, merged headers and footer."""
    month = Month.parse_iso(data["month"])
    totals = data.get("totals", {})
    return PhuLuc(
        title=TITLE,
        subtitle=SUBTITLE.format(month=month.label()),
        headers={
            "stt": SINGLE_HEADERS[0],
            "name": SINGLE_HEADERS[1],
            "means": SINGLE_HEADERS[6],
            "other_forms": SINGLE_HEADERS[7],
            "note": SINGLE_HEADERS[8],
        },
        quantity=QUANTITY_HEADER,
        count_headers=COUNT_HEADERS,
        rows=[_phu_luc_row(unit) for unit in data["units"]],
        total_label=TOTAL_LABEL,
        totals=[int(totals.get(key, 0)) for key in COUNT_KEYS],
        made_at=MADE_AT.format(time=f"{made_at:%H:%M}", day=day_text(made_at)),
        reported_line=REPORTED_LINE.format(
            reported=data["reported"], expected=data["expected"], on_time=data["on_time"]
        ),
    )


def _cell(unit: dict[str, Any] | None) -> GridCell:
    """Return one unit's status letter in one month, ``—`` when not there."""
    if unit is None:
        return GridCell("", NO_DATA, NO_DATA_LABEL)
    status = Status(unit["status"])
    return GridCell(status.value, STATUS_CODES[status], STATUS_LABELS[status])


def _phu_luc_row(unit: dict[str, Any]) -> PhuLucRow:
    """Return a unit's line: counts and means only with a valid report."""
    counts = unit.get("counts") if unit["status"] in REPORTED_VALUES else None
    reported = unit["status"] in REPORTED_VALUES
    return PhuLucRow(
        stt=int(unit["stt"]),
        name=str(unit["name"]),
        counts=[str(counts[key]) for key in COUNT_KEYS] if counts else [""] * len(COUNT_KEYS),
        means=str(unit.get("means") or "") if reported else "",
        other_forms=str(unit.get("other_forms") or "") if reported else "",
        note=str(unit.get("note") or ""),
    )
