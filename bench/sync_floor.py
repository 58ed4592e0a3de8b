"""The least compute a sync in a new process can cost in CPython, for the sync bench.

``floor_run`` runs in a new process (``sync_bench.py --floor-run``) against the bench's
spreadsheet after its ``later`` run, and times only what any design with one read of
``spreadsheets.get`` and Python records must do: receive the read and digest it, decode
its JSON, decode every response row to values, make one ``Report`` per accepted row
(its time an aware datetime), keep the latest per unit and month, and make one
``UnitMonth`` per monitored unit and month. Everything else is left out: unit names and
months are looked up in dicts worked out before the clock starts (no folding, no parsing
of the Đơn vị tab), rows with anything to say are skipped (no ``Kiểm tra``), and no tab
is keyed, compared or planned. Warming up before the clock starts can only make it
cheaper, so the figure is a lower bound for ``later`` with per-row records in CPython:
``later`` minus ``floor`` is what the rest (name matching, the Đơn vị tab, Kiểm tra,
the tabs' keys and the plan) costs a new process. Its peak RSS is no figure of the floor:
the lookups decode the whole read once more, untimed.
"""

from __future__ import annotations

import gc
import hashlib
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import gspread

from forms.definition import COUNT_KEYS
from jobs.names import matcher_for
from jobs.periods import Month, deadline
from jobs.report import Counts, Report, Status, UnitMonth
from jobs.responses import TIMESTAMP, find_responses_tab, read_responses
from jobs.row_outcomes import CHUNK_ROWS
from jobs.units import UNITS_TAB, parse_units
from jobs.validate import EPOCH
from sheets.workbook import fetch_workbook, gc_paused, parse_workbook, rows_json, rows_values


def floor_run(client: gspread.Client, spreadsheet_id: str, tz: ZoneInfo) -> dict[str, object]:
    """Time the floor of one new-process sync; return its wall and CPU seconds and more."""
    names, units, months, columns = _lookups(client, spreadsheet_id)
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    body = fetch_workbook(client, spreadsheet_id)
    received = len(body)
    hashlib.sha256(body).digest()  # the run's key (jobs.sync._unchanged_key)
    workbook = parse_workbook(spreadsheet_id, body)
    del body
    with gc_paused():
        tab = find_responses_tab(workbook)
        units_tab = workbook.tab(UNITS_TAB)
        assert tab is not None and units_tab is not None
        units_tab.values  # noqa: B018 (the unit list is decoded, not read: see _lookups)
        by_month = _latest(_reports(tab.row_spans() or [], columns, units, months, tz))
        summaries = _summaries(by_month, names, tz)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    made = f"{sum(map(len, summaries.values())):,} unit-months"
    return {"wall": wall, "cpu": cpu, "read_mb": received / 1e6, "written": [made]}


def _lookups(
    client: gspread.Client, spreadsheet_id: str
) -> tuple[list[str], dict[str, str], dict[object, Month], list[int]]:
    """Return, worked out before timing: the monitored names, unit texts and month cells
    mapped to what they mean, and the columns of time, unit, month and the answers."""
    workbook = parse_workbook(spreadsheet_id, fetch_workbook(client, spreadsheet_id))
    found, _ = parse_units(workbook.tab(UNITS_TAB).values)
    names = [unit.name for unit in found if unit.monitored]
    matcher = matcher_for(tuple(found))
    tab = find_responses_tab(workbook)
    assert tab is not None
    table = read_responses(tab)
    keys = (TIMESTAMP, "unit", "month", *COUNT_KEYS, "means", "other_forms", "notes")
    columns = [table.columns[key] for key in keys]
    units: dict[str, str] = {}
    months: dict[object, Month] = {}
    for row in table.rows:
        values = row[1]
        if len(values) <= columns[2]:
            continue
        unit, month = values[columns[1]], values[columns[2]]
        if type(unit) is str and unit not in units:
            match = matcher.match(unit)
            if match.unit is not None:
                units[unit] = match.unit.name
        if type(month) is str and month not in months:
            parsed = Month.parse_text(month)
            if parsed is not None:
                months[month] = parsed
    return names, units, months, columns


def _reports(
    spans: list[object],
    columns: list[int],
    units: dict[str, str],
    months: dict[object, Month],
    tz: ZoneInfo,
) -> list[Report]:
    """Decode the response rows chunk by chunk; return a report per row that needs nothing
    said about it (the header and any other row are skipped)."""
    reports: list[Report] = []
    add, sha256 = reports.append, hashlib.sha256
    counts_of: dict[tuple[object, ...], Counts] = {}
    epoch = EPOCH.replace(tzinfo=tz)  # serial day 0, as the checker's
    t, u, m, a, b, c, d, x, y, z = columns
    width = max(columns) + 1
    for at in range(0, len(spans), CHUNK_ROWS):
        data = rows_json(spans[at : at + CHUNK_ROWS])  # type: ignore[arg-type]
        sha256(data).digest()  # each chunk's key, as jobs.validate digests it
        for number, row in enumerate(rows_values(data), start=at + 1):
            if len(row) < width:
                continue
            unit, month, moment = units.get(row[u]), months.get(row[m]), row[t]
            if unit is None or month is None or type(moment) is not float:
                continue
            raws = (row[a], row[b], row[c], row[d])
            counts = counts_of.get(raws)
            if counts is None:
                if not all(type(v) is float and v >= 0 and v.is_integer() for v in raws):
                    continue
                counts = counts_of[raws] = Counts(*map(int, raws))
            at_moment = (epoch + timedelta(days=moment)).astimezone(tz)
            add(Report(number, unit, month, at_moment, counts, row[x], row[y], row[z]))
    return reports


def _latest(reports: list[Report]) -> dict[Month, dict[str, Report]]:
    """Return the latest report of each unit, by month."""
    latest: dict[Month, dict[str, Report]] = {}
    for report in reports:
        units = latest.setdefault(report.month, {})
        current = units.get(report.unit)
        if current is None or current.submitted_at < report.submitted_at:  # type: ignore[operator]
            units[report.unit] = report
    return latest


def _summaries(
    by_month: dict[Month, dict[str, Report]], names: list[str], tz: ZoneInfo
) -> dict[Month, tuple[UnitMonth, ...]]:
    """Return one UnitMonth per monitored unit and month that has a report."""
    out = {}
    for month, found in by_month.items():
        due = deadline(month, deadline_day=10, tz=tz)
        rows = []
        for stt, name in enumerate(names, start=1):
            report = found.get(name)
            if report is None:
                rows.append(UnitMonth(stt, name, Status.MISSING))
                continue
            late = report.submitted_at >= due  # type: ignore[operator]
            status = Status.LATE if late else Status.ON_TIME
            moment, counts = report.submitted_at, report.counts
            texts = (report.means, report.other_forms, report.notes)
            rows.append(UnitMonth(stt, name, status, moment, counts, *texts, report.row))
        out[month] = tuple(rows)
    return out
