"""The status page's view model: a snapshot month turned into ready-to-show Vietnamese text.

Pure data in, plain records out (no Flask): the template only places what is built here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from jobs.periods import Month
from jobs.report import STATUS_LABELS, Status
from sheets.layouts_common import day_text
from sheets.layouts_phu_luc import COUNT_HEADERS

from .page_tables import COUNT_KEYS, History, PhuLuc, history, phu_luc
from .settings import Settings

TITLE = "Tình hình báo cáo i-Speed"
DAY = timedelta(days=1)
# The order of the status summary, best first.
STATUS_ORDER = (Status.ON_TIME, Status.LATE, Status.REPORTED, Status.INVALID, Status.MISSING)


@dataclass(frozen=True)
class Choice:
    """A month to pick: its ``YYYY-MM`` for the URL and its ``MM/YYYY`` label."""

    iso: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class Rate:
    """A rate as the office writes it: ``7/9 đơn vị (77,8%)``."""

    part: int
    whole: int
    text: str


@dataclass(frozen=True)
class UnitRow:
    """One expected unit in the month: its status and when it reported."""

    stt: int
    name: str
    status: str
    label: str
    day: str  # dd/mm/yyyy, "" when unknown
    time: str  # hh:mm, "" when unknown


@dataclass(frozen=True)
class Page:
    """Everything the status page shows for one month."""

    title: str
    spreadsheet_title: str
    month: Choice
    choices: list[Choice]
    previous: Choice | None
    following: Choice | None
    deadline: str
    countdown: str
    overdue: bool
    reporting: Rate
    on_time: Rate
    by_status: list[tuple[str, str, int]]  # (status, label, number of units)
    totals: list[tuple[str, int]]
    units: list[UnitRow]
    history: History
    phu_luc: PhuLuc
    read_at: str
    stale: bool
    sync_failed: bool
    sync_message: str
    sync_at: str


def build(
    snapshot: dict[str, Any],
    status: dict[str, Any],
    month: Month,
    *,
    now: datetime,
    settings: Settings,
    stale: bool,
) -> Page:
    """Return the page of a month the snapshot knows, as seen at ``now``."""
    zone = ZoneInfo(settings.timezone)
    data = snapshot["months"][month.iso()]
    known = sorted((Month.parse_iso(key) for key in snapshot["months"]), reverse=True)
    older = [m for m in known if m < month]
    newer = [m for m in known if m > month]
    deadline = datetime.fromisoformat(data["deadline"]).astimezone(zone)
    text, overdue = countdown(deadline, now)
    read_at = datetime.fromisoformat(snapshot["read_at"])
    failed = not bool(status.get("ok", True))
    return Page(
        title=TITLE,
        spreadsheet_title=str(snapshot.get("spreadsheet_title") or ""),
        month=Choice(month.iso(), month.label(), True),
        choices=[Choice(m.iso(), m.label(), m == month) for m in known],
        previous=Choice(older[0].iso(), older[0].label()) if older else None,
        following=Choice(newer[-1].iso(), newer[-1].label()) if newer else None,
        deadline=f"trước {deadline:%H:%M} ngày {day_text(deadline)}",
        countdown=text,
        overdue=overdue,
        reporting=rate(data["reported"], data["expected"]),
        on_time=rate(data["on_time"], data["expected"]),
        by_status=_by_status(data),
        totals=_totals(data["totals"]),
        units=[_unit_row(unit, zone) for unit in data["units"]],
        history=history(snapshot["months"], month),
        phu_luc=phu_luc(data, read_at.astimezone(zone)),
        read_at=moment_text(read_at.astimezone(zone)),
        stale=stale,
        sync_failed=failed,
        sync_message=str(status.get("message") or "") if failed else "",
        sync_at=_status_time(status, zone) if failed else "",
    )


def countdown(deadline: datetime, now: datetime) -> tuple[str, bool]:
    """Return ``Còn N ngày`` or ``Đã quá hạn N ngày`` (days begun), and whether it is overdue.

    With a deadline of 00:00 on the 10th: on the 8th there are 2 days left (the 8th and
    the 9th); on the 10th the report is 1 day overdue; on the 23rd, 14 days.
    """
    if now < deadline:
        return f"Còn {math.ceil((deadline - now) / DAY)} ngày", False
    return f"Đã quá hạn {max(1, math.ceil((now - deadline) / DAY))} ngày", True


def rate(part: int, whole: int) -> Rate:
    """Return ``7/9 đơn vị (77,8%)`` with a Vietnamese decimal comma; no percentage for 0/0."""
    if not whole:
        return Rate(part, whole, f"{part}/{whole} đơn vị")
    return Rate(part, whole, f"{part}/{whole} đơn vị ({percent(part, whole)})")


def percent(part: int, whole: int) -> str:
    """Return ``77,8%``: one decimal, with a comma."""
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


def moment_text(moment: datetime) -> str:
    """Return ``09:00 ngày 23/11/2026``."""
    return f"{moment:%H:%M} ngày {day_text(moment)}"


def _by_status(data: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Return how many units are in each status, in a fixed order."""
    numbers: dict[str, int] = {}
    for unit in data["units"]:
        numbers[unit["status"]] = numbers.get(unit["status"], 0) + 1
    return [(s.value, STATUS_LABELS[s], numbers.get(s.value, 0)) for s in STATUS_ORDER]


def _totals(totals: dict[str, int]) -> list[tuple[str, int]]:
    """Return the four totals under the headers of Phụ lục 3."""
    return [
        (label, int(totals.get(key, 0)))
        for label, key in zip(COUNT_HEADERS, COUNT_KEYS, strict=True)
    ]


def _unit_row(unit: dict[str, Any], zone: tzinfo) -> UnitRow:
    """Return one unit's line; the date is shown in the office's time zone."""
    day = time = ""
    if unit.get("submitted_at"):
        at = datetime.fromisoformat(unit["submitted_at"]).astimezone(zone)
        day, time = day_text(at), f"{at:%H:%M}"
    return UnitRow(
        stt=int(unit["stt"]),
        name=str(unit["name"]),
        status=str(unit["status"]),
        label=str(unit["status_label"]),
        day=day,
        time=time,
    )


def _status_time(status: dict[str, Any], zone: tzinfo) -> str:
    """Return when the last sync was attempted, or "" when unknown."""
    try:
        return moment_text(datetime.fromisoformat(str(status["at"])).astimezone(zone))
    except (KeyError, ValueError):
        return ""
