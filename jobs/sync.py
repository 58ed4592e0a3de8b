"""One sync run: read the workbook once, check every response, write the managed tabs once.

    read (1 request) -> Đơn vị + responses -> validate -> summarize -> input keys
    -> layouts (only of tabs whose stored digests do not match) -> plan
    -> one batchUpdate (none when nothing changed; several, each of whole tabs, only when
       a first sync is too big for Google's 10 MiB request limit)

A process remembers the last run that found nothing to write: when the next read is the
same bytes (and the month and settings are the same), everything computed from it would
be the same too, so that run returns the remembered result at once (see ``_unchanged_key``).
When something changed, it still remembers what each chunk of response rows gave, the units
of the Đơn vị tab, each month's summary (and what the tabs showed of it) and the read
digests seen to hold each tab's values: a run checks only new rows, sums up only the months
they change and decodes only the tabs whose JSON it has not seen (``forget_earlier_runs``
forgets all).

If another sync wrote in between, Google rejects our batch as a whole (see the tab
writer's lock); the run then starts over once from a fresh read.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import gspread
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

from forms.definition import TIMESTAMP_TITLES
from service.errors import SheetContentError, SheetsRequestRejected
from sheets import layouts, tabwriter
from sheets.client import COMPACT_JSON, translate_errors
from sheets.tabkeys import Deferred, encode_input, input_digest, input_key
from sheets.tabs import TabContent
from sheets.workbook import Tab, Workbook, fetch_workbook, gc_paused, parse_workbook

from .periods import Month
from .remembered import PerObject, Remembered
from .report import Level, MonthSummary, Problem
from .responses import ResponseTable, find_responses_tab, read_responses
from .summary import grid_months, months_to_write, summarize
from .units import SEED_UNITS, UNITS_TAB, Unit, parse_units, seed_rows
from .validate import Rules, Validated, validate

log = logging.getLogger("jobs.sync")

# Google's words when our batch lost a race with another sync: the lock protection we
# delete is gone ("No protected range with id: 123"; the emulator says "No ProtectedRange
# with id"), or a tab we add exists already.
_RACE = re.compile(r"no protected ?range with id|already exists", re.IGNORECASE)


@dataclass
class SyncResult:
    """What a run found and did; the status page serves it as its snapshot."""

    spreadsheet_title: str
    made_at: datetime
    summaries: dict[Month, MonthSummary]
    problems: list[Problem]
    units: list[Unit]
    responses_tab: str | None = None
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reads: int = 0
    writes: int = 0
    phu_luc_months: list[Month] = field(default_factory=list)


def run_sync(
    client: gspread.Client,
    spreadsheet_id: str,
    *,
    tz: ZoneInfo,
    deadline_day: int,
    now: datetime | None = None,
    extra_months: Iterable[Month] = (),
    require_responses: bool = True,
    write: bool = True,
) -> SyncResult:
    """Bring the managed tabs up to date and return what was found (see module docstring).

    With ``write=False`` the run only reads (one request) and computes: a fresh service
    process uses that to get a snapshot without touching the sheet.
    """
    extra = list(extra_months)
    reads = writes = 0
    earlier: list[str] = []  # tabs written by batches of a first attempt that lost a race
    for attempt in (1, 2):
        body = fetch_workbook(client, spreadsheet_id)
        reads += 1
        moment = (now or datetime.now(UTC)).astimezone(tz)
        key = _unchanged_key(
            spreadsheet_id, body, tz, deadline_day, moment, extra, require_responses
        )
        remembered = _UNCHANGED.get(key)
        if remembered is not None:
            log.debug("the read is the same as that of the last run, which wrote nothing")
            return replace(
                remembered,
                made_at=moment,
                written=list(earlier),
                reads=reads,
                writes=writes,
            )
        workbook = parse_workbook(spreadsheet_id, body)
        del body  # the largest object of a run: let it go before building
        with gc_paused():  # building makes millions of objects that are all kept
            result, plan = build(
                workbook,
                tz=tz,
                deadline_day=deadline_day,
                now=moment,
                extra_months=extra,
                require_responses=require_responses,
            )
        result.reads = reads
        if not plan.batches:  # a copy: the lines below stamp this run's own counts on it
            _UNCHANGED.remember(key, replace(result))
        if not write:
            result.written = []  # nothing was written, whatever the plan held
        if not plan.batches or not write:
            result.written = _union(earlier, result.written)
            result.writes = writes
            return result
        reply: dict[str, Any] | None = None
        try:
            for index in range(len(plan.batches)):
                reply = post_batch(client, spreadsheet_id, plan.body(index, reply))
                writes += 1
                earlier = _union(earlier, plan.titles(index))
        except SheetsRequestRejected as err:
            if attempt == 1 and _RACE.search(str(err)):
                log.warning(
                    "another sync wrote first (%d of %d batches of ours written); starting "
                    "over from a fresh read: %s",
                    index,
                    len(plan.batches),
                    err,
                )
                continue
            raise
        result.written = _union(earlier, result.written)
        result.writes = writes
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def _unchanged_key(
    spreadsheet_id: str,
    body: bytes | bytearray,
    tz: ZoneInfo,
    deadline_day: int,
    moment: datetime,
    extra: list[Month],
    require_responses: bool,
) -> tuple[object, ...]:
    """Return what a run's outcome depends on (its read as a SHA-256 digest).

    A run is a pure function of the bytes of its one read, the spreadsheet, the office's
    time zone and deadline day, the current month and the options; ``made_at`` only
    stamps the result. So when a read's bytes are those of a run that wrote nothing, the
    tabs already hold what this run would write and its result is that run's: the
    scheduler's routine runs that find nothing new then cost a hash of the read instead of
    a whole build (bench/sync_bench.py, "again" rows). Any change in the sheet, a hand
    edit of a managed tab included, changes the bytes; a run that writes is never
    remembered. One entry: a service syncs one spreadsheet.
    """
    return (
        spreadsheet_id,
        hashlib.sha256(body).digest(),
        tz.key,
        deadline_day,
        Month.of(moment),
        tuple(sorted(extra)),
        require_responses,
    )


_UNCHANGED = Remembered()  # the last run that found nothing to write (_unchanged_key)
_UNITS = Remembered()  # the units of the last Đơn vị tab read, by its read digest
_ROWS = Remembered()  # what each chunk of response rows gave in the last run (jobs.row_outcomes)
_SUMMARIES = Remembered()  # each month's summary in the last run (see jobs.summary)
_SHOWN: PerObject[MonthSummary, tuple[bytes, bytes]] = PerObject()  # see _shown


def forget_earlier_runs() -> None:
    """Forget what earlier runs left in this process, as a fresh process knows nothing."""
    _UNCHANGED.forget()
    _UNITS.forget()
    _ROWS.forget()
    _SUMMARIES.forget()
    _SHOWN.forget()
    layouts.forget_columns()
    tabwriter.forget_reads()


def post_batch(client: gspread.Client, spreadsheet_id: str, body: bytes) -> dict[str, Any]:
    """Send one batchUpdate whose JSON body is ready (compact UTF-8); return Google's reply."""
    with translate_errors():
        response = client.http_client.request(
            "post",
            SPREADSHEET_BATCH_UPDATE_URL % spreadsheet_id,
            params=COMPACT_JSON,
            data=body,
            headers={"Content-Type": "application/json; charset=UTF-8"},
        )
        reply: dict[str, Any] = response.json()
    return reply


def _union(first: list[str], second: list[str]) -> list[str]:
    """Return the titles of both lists, each once, in order."""
    return list(dict.fromkeys([*first, *second]))


def build(
    workbook: Workbook,
    *,
    tz: ZoneInfo,
    deadline_day: int,
    now: datetime,
    extra_months: Iterable[Month] = (),
    require_responses: bool = True,
) -> tuple[SyncResult, tabwriter.WritePlan]:
    """Compute everything from one read; return the result and the write it needs."""
    problems: list[Problem] = []
    contents: list[TabContent | Deferred] = []
    units_tab = workbook.tab(UNITS_TAB)
    if units_tab is None:
        units = list(SEED_UNITS)
        contents.append(layouts.don_vi(seed_rows()))
    else:
        units, unit_problems = _units_of(units_tab)
        problems.extend(unit_problems)
        if not any(u.monitored for u in units):
            raise SheetContentError(
                "the Đơn vị tab has no monitored unit",
                user_message=_units_message(unit_problems),
            )
    rules = Rules(tz=tz, sheet_tz=_zone(workbook.time_zone, tz), deadline_day=deadline_day, now=now)
    responses = find_responses_tab(workbook)
    validated = Validated()
    if responses is None:
        if require_responses:
            raise SheetContentError(
                "no responses tab",
                user_message=(
                    "Không tìm thấy trang câu trả lời của biểu mẫu (trang có ô A1 là "
                    f"“{TIMESTAMP_TITLES[0]}” hoặc “{TIMESTAMP_TITLES[1]}”). Hãy liên kết Google "
                    "Form với bảng tính này (Câu trả lời → Liên kết với Trang tính)."
                ),
            )
    else:
        table = read_responses(responses)
        _check_columns(table)
        problems.extend(_column_problems(table))
        validated = validate(table, units, rules, remembered=_ROWS)
        problems.extend(validated.problems)
    months = months_to_write(validated, rules, extra_months)
    grid = grid_months(months)
    summaries = summarize(validated, units, rules, grid, remembered=_SUMMARIES)
    contents += managed_tabs(summaries, grid, months, problems, made_at=now)
    plan = tabwriter.plan(
        workbook, contents, lock_title=layouts.TINH_HINH_NOP, insert_after=layouts.KIEM_TRA
    )
    result = SyncResult(
        spreadsheet_title=workbook.title,
        made_at=now,
        summaries=summaries,
        problems=problems,
        units=units,
        responses_tab=responses.title if responses else None,
        written=plan.written,
        unchanged=plan.unchanged,
        phu_luc_months=months,
    )
    return result, plan


def managed_tabs(
    summaries: dict[Month, MonthSummary],
    grid: list[Month],
    months: list[Month],
    problems: list[Problem],
    *,
    made_at: datetime,
) -> list[Deferred]:
    """Return the grid, Kiểm tra and each month's Phụ lục 3, each keyed by what it shows.

    A tab whose stored digests match is not built at all (see ``sheets.tabkeys``); the keys
    are made of what the layouts show of the summaries (``layouts.shown_of``).
    """
    statuses, details = _shown(summaries, grid)
    tabs = [
        Deferred(
            layouts.TINH_HINH_NOP,
            input_key("tinh_hinh_nop", [statuses[month] for month in grid]),
            partial(layouts.tinh_hinh_nop, [summaries[month] for month in grid], made_at=made_at),
        ),
        Deferred(
            layouts.KIEM_TRA,
            input_key("kiem_tra", [encode_input(problems)]),
            partial(layouts.kiem_tra, problems, made_at=made_at),
        ),
    ]
    tabs += [
        Deferred(
            layouts.phu_luc_3_title(month),
            input_key("phu_luc_3", [statuses[month], details[month]]),
            partial(layouts.phu_luc_3, summaries[month], made_at=made_at),
        )
        for month in sorted(months, reverse=True)
    ]
    return tabs


def _shown(
    summaries: dict[Month, MonthSummary], grid: list[Month]
) -> tuple[dict[Month, bytes], dict[Month, bytes]]:
    """Return the digests of the statuses and details of each month (``layouts.shown_of``).

    A summary the last run made them of (the same object: ``summarize`` gives a month
    that did not change the summary it gave before) takes them from there.
    """
    encoded = _SHOWN.each([summaries[month] for month in grid], _shown_digests)
    statuses = {month: shown[0] for month, shown in zip(grid, encoded, strict=True)}
    details = {month: shown[1] for month, shown in zip(grid, encoded, strict=True)}
    return statuses, details


def _shown_digests(summary: MonthSummary) -> tuple[bytes, bytes]:
    """Return the digests of the encoded statuses and details of one month's summary.

    Digests, not the encodings: the process keeps them for its next run (``_SHOWN``), and
    the encodings of 24 months at 3,321 units are 14.7 MB.
    """
    statuses, details = layouts.shown_of(summary)
    return input_digest(statuses), input_digest(details)


def _units_of(tab: Tab) -> tuple[list[Unit], list[Problem]]:
    """Return the units of the Đơn vị tab and its problems (remembered by its read digest).

    The unit list rarely changes: a warm process decodes and reads it only when its JSON
    is not that of the last read.
    """
    digest = tab.read_digest()
    found = _UNITS.get(digest) if digest is not None else None
    if found is None:
        found = parse_units(tab.values)
        if digest is not None:
            _UNITS.remember(digest, found)
    return list(found[0]), list(found[1])


def _zone(name: str, fallback: ZoneInfo) -> ZoneInfo:
    """Return the spreadsheet's time zone, or the office's when Google names an unknown one."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        log.warning("unknown spreadsheet time zone %r; using %s", name, fallback.key)
        return fallback


def _check_columns(table: ResponseTable) -> None:
    """Stop when a required question has no column: every row would be misread."""
    missing = [q for q in table.missing if q.required]
    if missing:
        titles = ", ".join(f"“{q.title}”" for q in missing)
        raise SheetContentError(
            f"responses tab {table.title!r} lacks columns {titles}",
            user_message=(
                f"Trang “{table.title}” thiếu cột {titles}. Hãy kiểm tra tiêu đề các câu hỏi "
                "của biểu mẫu (tiêu đề câu hỏi là tiêu đề cột)."
            ),
        )


def _column_problems(table: ResponseTable) -> list[Problem]:
    """Return one warning per unknown or renamed column, and per optional column missing."""

    def warning(issue: str, handling: str) -> Problem:
        return Problem(None, "", "", "", Level.WARNING, issue, handling)

    out = [
        warning(f"Cột “{header}” ở trang “{table.title}” không thuộc biểu mẫu.", "Bỏ qua cột này.")
        for _, header in table.unknown_columns
    ]
    out += [
        warning(f"Cột “{header}” khác tiêu đề câu hỏi “{title}”.", f"Đã hiểu là câu hỏi “{title}”.")
        for header, title in table.renamed
    ]
    out += [
        warning(
            f"Trang “{table.title}” không có cột “{q.title}”.", "Coi như các dòng để trống ô này."
        )
        for q in table.missing
    ]
    return out


def _units_message(problems: list[Problem]) -> str:
    """Return the Vietnamese message for an unusable Đơn vị tab."""
    details = " ".join(p.issue for p in problems if p.level is Level.ERROR)
    return (
        f"Trang “{UNITS_TAB}” không có đơn vị nào cần theo dõi. {details} Hãy kiểm tra các cột "
        "STT, Đơn vị, Loại, Mã giới thiệu, Tên khác, Theo dõi."
    ).replace("  ", " ")
