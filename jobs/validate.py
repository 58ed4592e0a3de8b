"""Check every response row against the rules of DESIGN §5.

Each row ends either as a :class:`Report` or with at least one error in ``Kiểm tra``;
warnings accompany rows that were accepted with a correction. Nothing is dropped
silently. Messages and "how it was handled" are Vietnamese, for the office.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from operator import itemgetter
from zoneinfo import ZoneInfo

from forms.definition import BY_KEY, COUNT_KEYS
from sheets.workbook import CellValue, rows_json, rows_values

from . import row_outcomes
from .names import UnitMatcher, matcher_for
from .periods import Month
from .remembered import Remembered
from .report import Counts, Level, Problem, Report
from .responses import TIMESTAMP, ResponseTable, holds_answers
from .row_outcomes import Chunk, Outcomes
from .units import Unit

EPOCH = datetime(1899, 12, 30)
# Report dates outside these years are typing mistakes, not dates (i-Speed started in 2024).
EARLIEST, LATEST = datetime(2000, 1, 1), datetime(2100, 1, 1)
EARLIEST_SERIAL = (EARLIEST - EPOCH).days
LATEST_SERIAL = (LATEST - EPOCH).days
LARGE_COUNT = 1000  # more than this in one month is probably a typo
NOT_COUNTED = (
    "Dòng này không được tính vào tổng hợp. Hãy sửa ô trong trang câu trả lời; "
    "lần đồng bộ sau sẽ tính lại."
)
_TEXT_DATE = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_ISO_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_DIGITS = re.compile(r"^\s*\d+\s*$")
# The answers a row is read for, in this order (see _Checker.pick and pick_counts).
_KEYS = (TIMESTAMP, "unit", "month", *COUNT_KEYS, "means", "other_forms", "notes")
_COUNT_TITLES = tuple(BY_KEY[key].title for key in COUNT_KEYS)

Issue = tuple[Level, str, str]  # level, what is wrong, how it was handled


class _Issues(list[Issue]):
    """The problems found on a row (or on one of its cells), in the order found."""

    def error(self, issue: str, handling: str = NOT_COUNTED) -> None:
        self.append((Level.ERROR, issue, handling))

    def warn(self, issue: str, handling: str) -> None:
        self.append((Level.WARNING, issue, handling))


@dataclass(frozen=True)
class Rules:
    """What validation needs to know besides the rows."""

    tz: ZoneInfo  # the office's time zone
    sheet_tz: ZoneInfo  # the spreadsheet's time zone (serial timestamps are its wall time)
    deadline_day: int
    now: datetime  # aware


@dataclass
class Validated:
    """Accepted reports, problems, and the unit-months that only had rows with errors."""

    reports: list[Report] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid: set[tuple[str, Month]] = field(default_factory=set)
    months: set[Month] = field(default_factory=set)
    # The reports by (year, month), then unit, once the latest of each are kept (both in
    # the order of ``reports``); None until then.
    by_month: dict[tuple[int, int], dict[str, Report]] | None = None


def text_of(value: object) -> str:
    """Return a cell value as the office would read it in the sheet."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value).strip()


def validate(
    table: ResponseTable,
    units: Iterable[Unit],
    rules: Rules,
    remembered: Remembered | None = None,
) -> Validated:
    """Check every row of the responses table and return what was accepted and why not.

    With ``remembered``, a table read from JSON takes the outcome of each row that the
    last run saw in the same context from there, and leaves this run's there in turn.
    """
    units = list(units)
    checker = _Checker(table, units, rules)
    out = Validated()
    if remembered is not None and table.lines is not None:
        zones = (str(rules.tz), str(rules.sheet_tz))
        context = (sorted(table.columns.items()), units, zones, checker.current)
        outcomes = _check_lines(checker, table, out, remembered.get(context) or {})
        remembered.remember(context, outcomes)
    else:
        checker.check_rows(table.rows, out)
    out.months.update(checker.months_seen.values())
    _keep_latest(out)
    return out


def _check_lines(
    checker: _Checker, table: ResponseTable, out: Validated, earlier: Outcomes
) -> Outcomes:
    """Check the table's JSON lines by chunks, taking known chunks from ``earlier``; return all.

    A chunk not known is decoded just before it is checked, a fresh process's every chunk
    too: that costs no more than decoding the tab whole, and the decoded cells of one
    chunk are freed before the next (78,000 rows peak about 85 MiB lower).
    """
    lines = table.lines or []
    size, sha256 = row_outcomes.CHUNK_ROWS, hashlib.sha256
    outcomes: Outcomes = {}
    seen = checker.months_seen
    for at in range(0, len(lines), size):
        numbered = lines[at : at + size]
        data = rows_json([line for _, line in numbered])
        key = (numbered[0][0], sha256(data).digest())
        chunk = earlier.get(key)
        if chunk is None:
            chunk = _check_chunk(checker, key[0], rows_values(data), out)
        else:
            out.reports.extend(chunk.reports)
            out.problems.extend(chunk.problems)
            out.invalid.update(chunk.invalid)
            for month in chunk.months:
                seen[id(month)] = month
        outcomes[key] = chunk
    return outcomes


def _check_chunk(
    checker: _Checker, first: int, rows: list[list[CellValue]], out: Validated
) -> Chunk:
    """Check consecutive rows (the first numbered ``first``) into ``out``; return what they gave."""
    had_reports, had_problems = len(out.reports), len(out.problems)
    invalid, months = checker.check_rows(enumerate(rows, start=first), out)
    return Chunk(
        tuple(out.reports[had_reports:]),
        tuple(out.problems[had_problems:]),
        tuple(invalid),
        tuple(months.values()),
    )


class _Checker:
    """Check rows one at a time, remembering what each distinct unit text and month gave.

    100,000 rows hold a few thousand unit texts and a few dozen months: what one gives (the
    unit or month, and its problems) is worked out once; a row adds only what is its own.
    Most rows have nothing to say about them and take the short way (``check_rows``).
    """

    def __init__(self, table: ResponseTable, units: list[Unit], rules: Rules) -> None:
        self.rules = rules
        self.matcher = matcher_for(tuple(units))
        self.monitored = {u.name for u in units if u.monitored}
        self.current = Month.of(rules.now.astimezone(rules.tz))
        # A question without a column reads the cell after the last known one: None (_padded).
        self.absent = max(table.columns.values()) + 1
        self.trim = any(key not in table.columns for key in _KEYS)
        index = [table.columns.get(key, self.absent) for key in _KEYS]
        self.pick = itemgetter(*index[:3], *index[-3:])
        self.pick_counts = itemgetter(*index[3:-3])
        self.epoch = EPOCH.replace(tzinfo=rules.sheet_tz)
        self.units: dict[str, tuple[str | None, tuple[Issue, ...]]] = {}
        self.months: dict[tuple[type, object], tuple[Month | None, tuple[Issue, ...]]] = {}
        self.month_cache: dict[object, Month | None] = {}
        self.months_seen: dict[int, Month] = {}
        self.counts: dict[tuple[object, ...], tuple[Counts | None, tuple[Issue, ...]]] = {}
        # The unit texts, month cells and counts seen to give a result with no problem.
        self.clean_units: dict[str, str] = {}
        # with the first moment of the month (office time): a row sent before it is early
        self.clean_months: dict[str | float, tuple[Month, datetime]] = {}
        self.clean_counts: dict[tuple[float, ...], Counts] = {}
        # The report of an accepted row, with the free texts of reports one object each.
        self.report = partial(_report, {})

    def check_rows(
        self, numbered: Iterable[tuple[int, list[CellValue]]], out: Validated
    ) -> tuple[list[tuple[str, Month]], dict[int, Month]]:
        """Check rows given with their numbers into ``out``, in order; skip blank rows.

        Return the unit-months the rows left invalid, and the months (by id) their reports
        and invalid unit-months name. A row with nothing to say about it is accepted right
        here, in one pass with everything it needs at hand: its time is a date value, it
        was sent in or after its month, and its unit, month and counts give no problem. It
        gives the report ``check`` would give, without ``check``'s bookkeeping. A big
        sheet's rows are almost all such rows; any other goes to ``check``.
        """
        reports = out.reports
        add, check, padded = reports.append, self.check, self._padded
        pick, pick_counts, trim, absent = self.pick, self.pick_counts, self.trim, self.absent
        units, months_of, counts_of = self.clean_units, self.clean_months, self.clean_counts
        report = self.report
        epoch, tz, low, high = self.epoch, self.rules.tz, EARLIEST_SERIAL, LATEST_SERIAL
        invalid: list[tuple[str, Month]] = []
        months: dict[int, Month] = {}
        for number, values in numbered:
            row = padded(values) if trim or len(values) < absent else values
            raw_time, raw_unit, raw_month, means, other_forms, notes = pick(row)
            raws = pick_counts(row)
            a, b, c, d = raws
            # Types first: True == 1.0 as a key, and a checkbox is never a count. (For months
            # it cannot matter: only text and numbers are remembered, and 1.0 and 0.0 are
            # never a valid month.)
            if (
                type(raw_time) is float
                and low <= raw_time <= high
                and type(a) is type(b) is type(c) is type(d) is float
            ):
                # Each known clean value is one lookup; one not seen yet is worked out (and
                # remembered) once, so that only rows with something to say go to ``check``.
                unit = units.get(raw_unit) or self._clean_unit(raw_unit)
                known = months_of.get(raw_month) or self._clean_month(raw_month)
                counts = counts_of.get(raws) or self._clean_counts(raws)
                if unit is not None and known is not None and counts is not None:
                    month, start = known
                    submitted_at = (epoch + timedelta(days=raw_time)).astimezone(tz)
                    if submitted_at >= start:  # else it was sent before its month: check warns
                        months[id(month)] = month
                        add(
                            report(
                                number, unit, month, submitted_at, counts, means, other_forms, notes
                            )
                        )
                        continue
            if not holds_answers(values):
                continue
            had = len(reports)
            pair = check(number, values, out)
            if pair is not None:
                invalid.append(pair)
                months[id(pair[1])] = pair[1]
            elif len(reports) > had:
                month = reports[-1].month
                months[id(month)] = month
        self.months_seen.update(months)
        return invalid, months

    def _clean_unit(self, raw: object) -> str | None:
        """Return the unit a unit cell means when it gives no problem, else None."""
        unit, issues = self.units.get(raw) or self._unit(raw)
        return None if issues else unit

    def _clean_month(self, raw: object) -> tuple[Month, datetime] | None:
        """Return the month a month cell names and its start when it gives no problem."""
        month, issues = self.months.get((type(raw), raw)) or self._month(raw)
        if month is None or issues or not (type(raw) is str or type(raw) is float):
            return None
        return self.clean_months[raw]

    def _clean_counts(self, raws: tuple[object, ...]) -> Counts | None:
        """Return the four counts of a row when they give no problem, else None."""
        counts, issues = self._counts(raws)
        return None if issues else counts

    def check(self, number: int, values: list[object], out: Validated) -> tuple[str, Month] | None:
        """Check one row, adding its report or its problems to ``out``.

        Return the unit and month it names when it failed (the pair added to
        ``out.invalid``), else None.
        """
        values = self._padded(values)
        raw_time, raw_unit, raw_month, means, other_forms, notes = self.pick(values)
        submitted_at, issues = self._submitted(raw_time)
        unit, unit_issues = self.units.get(raw_unit) or self._unit(raw_unit)  # keys: text only
        month, month_issues = self.months.get((type(raw_month), raw_month)) or self._month(
            raw_month
        )
        if unit_issues or month_issues:
            issues += unit_issues
            issues += month_issues
        if (
            month is not None
            and submitted_at is not None
            and (month.year, month.month) > (submitted_at.year, submitted_at.month)
        ):
            issues.append(_early(month, submitted_at))
        counts, count_issues = self._counts(self.pick_counts(values))
        if count_issues:
            issues += count_issues
        failed = bool(issues) and any(level is Level.ERROR for level, _, _ in issues)
        invalid = None
        if unit is not None and month is not None:
            self.months_seen[id(month)] = month
            if failed:
                invalid = (unit, month)
                out.invalid.add(invalid)
            elif counts is not None:
                out.reports.append(
                    self.report(
                        number, unit, month, submitted_at, counts, means, other_forms, notes
                    )
                )
        if issues:
            dated = submitted_at is not None and isinstance(raw_time, float)
            time_text = _local_text(submitted_at) if dated else text_of(raw_time)
            unit_text, month_text = text_of(raw_unit), _month_display(raw_month)
            out.problems.extend(
                Problem(number, time_text, unit_text, month_text, *issue) for issue in issues
            )
        return invalid

    def _padded(self, values: list[object]) -> list[object]:
        """Return a row long enough for ``pick``, with None where a question has no column."""
        if self.trim:
            values = values[: self.absent]
            values += [None] * (self.absent + 1 - len(values))
        elif len(values) < self.absent:
            values = values + [None] * (self.absent - len(values))
        return values

    def _submitted(self, raw: object) -> tuple[datetime | None, list[Issue]]:
        """Return when a row was sent (office time) and the warnings about its timestamp."""
        if type(raw) is float and EARLIEST_SERIAL <= raw <= LATEST_SERIAL:
            # a date value: the usual case, nothing to say
            wall = self.epoch + timedelta(days=raw)  # as _timestamp does, in one step less
            return wall.astimezone(self.rules.tz), []
        submitted_at = _timestamp(raw, self.rules)
        row = _Issues()
        if raw is None or text_of(raw) == "":
            row.warn(
                "Không có dấu thời gian (dòng nhập tay).",
                "Vẫn tính báo cáo, nhưng không xác định được nộp đúng hạn hay muộn.",
            )
        elif submitted_at is None:
            row.warn(
                f"Không đọc được dấu thời gian “{text_of(raw)}”.",
                "Vẫn tính báo cáo, nhưng không xác định được nộp đúng hạn hay muộn. "
                "Hãy ghi dạng dd/mm/yyyy hh:mm:ss.",
            )
        return submitted_at, row

    def _unit(self, raw: object) -> tuple[str | None, tuple[Issue, ...]]:
        """Return the unit a unit cell means and its problems, remembered by the text."""
        text = text_of(raw)
        found = self.units.get(text)
        if found is None:
            row = _Issues()
            name = _unit(text, row, self.matcher, self.monitored)
            found = self.units[text] = (name, tuple(row))
        if type(raw) is str:
            self.units[raw] = found
            if found[0] is not None and not found[1]:
                self.clean_units[raw] = found[0]
        return found

    def _month(self, raw: object) -> tuple[Month | None, tuple[Issue, ...]]:
        """Return (and remember) the month a month cell gives, and its problems."""
        row = _Issues()
        month = _month(raw, row, self.month_cache, self.current)
        found = self.months[(type(raw), raw)] = (month, tuple(row))
        if month is not None and not row and (type(raw) is str or type(raw) is float):
            start = datetime(month.year, month.month, 1, tzinfo=self.rules.tz)
            self.clean_months[raw] = (month, start)
        return found

    def _counts(self, raws: tuple[object, ...]) -> tuple[Counts | None, tuple[Issue, ...]]:
        """Return the four counts of a row and their problems, once per four numbers."""
        a, b, c, d = raws
        if type(a) is type(b) is type(c) is type(d) is float:
            found = self.counts.get(raws)
            if found is None:
                found = self.counts[raws] = _counts(raws)
                if found[0] is not None and not found[1]:
                    self.clean_counts[raws] = found[0]
            return found
        return _counts(raws)


def _report(
    texts: dict[str, str],
    number: int,
    unit: str,
    month: Month,
    submitted_at: datetime | None,
    counts: Counts,
    means: object,
    other_forms: object,
    notes: object,
) -> Report:
    """Return the report of an accepted row, its free texts as the office reads them.

    Equal texts become one object, kept in ``texts``: each row's are decoded anew, and a
    checkbox answer (the means) takes one of a few values in thousands of rows.
    """
    means = means.strip() if type(means) is str else text_of(means)
    other_forms = other_forms.strip() if type(other_forms) is str else text_of(other_forms)
    notes = notes.strip() if type(notes) is str else text_of(notes)
    one = texts.setdefault
    return Report(
        number,
        unit,
        month,
        submitted_at,
        counts,
        one(means, means),
        one(other_forms, other_forms),
        one(notes, notes),
    )


def _serial_date(raw: float) -> datetime | None:
    """Return the wall time of a date serial, or None when it is no plausible report date.

    A time typed alone ("08:30" is 0.35) or a count typed in a date column would otherwise
    become a date in 1899 or overflow.
    """
    if not EARLIEST_SERIAL <= raw <= LATEST_SERIAL:
        return None
    return EPOCH + timedelta(days=raw)


def _timestamp(raw: object, rules: Rules) -> datetime | None:
    """Return a submission time in the office's time zone, or None."""
    if isinstance(raw, float):
        wall = _serial_date(raw)
        if wall is None:
            return None
        return wall.replace(tzinfo=rules.sheet_tz).astimezone(rules.tz)
    if isinstance(raw, str):
        parsed = _parse_date_text(raw)
        if parsed is not None:
            return parsed.replace(tzinfo=rules.tz)
    return None


def _parse_date_text(text: str) -> datetime | None:
    """Read a date typed by the office: dd/mm/yyyy [hh:mm[:ss]] or yyyy-mm-dd [...]."""
    match = _TEXT_DATE.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
    else:
        match = _ISO_DATE.match(text)
        if not match:
            return None
        year, month, day, hour, minute, second = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    return moment if EARLIEST <= moment < LATEST else None


def _local_text(moment: datetime | None) -> str:
    """Return a time as Kiểm tra shows it: ``05/11/2026 08:30:00``."""
    if not moment:
        return ""
    if moment.year >= 1000:  # what strftime gives, at a fraction of its cost (every resubmission)
        m = moment
        return f"{m.day:02d}/{m.month:02d}/{m.year} {m.hour:02d}:{m.minute:02d}:{m.second:02d}"
    return moment.strftime("%d/%m/%Y %H:%M:%S")


def _month_display(raw: object) -> str:
    """Return the month cell as the office sees it (a date value shown as dd/mm/yyyy)."""
    if isinstance(raw, float) and (day := _serial_date(raw)) is not None:
        return day.strftime("%d/%m/%Y")
    return text_of(raw)


def _unit(text: str, row: _Issues, matcher: UnitMatcher, monitored: set[str]) -> str | None:
    """Return the unit a typed name is for, recording why when there is none."""
    if not text:
        row.error("Thiếu tên đơn vị.")
        return None
    match = matcher.match(text)
    if match.level == "ambiguous":
        names = ", ".join(u.name for u in match.candidates)
        row.error(f"Tên đơn vị “{text}” khớp với nhiều đơn vị: {names}.")
        return None
    if match.unit is None:
        row.error(
            f"Không nhận ra đơn vị “{text}”.",
            "Dòng này không được tính. Hãy sửa tên cho đúng danh sách ở trang Đơn vị, "
            "hoặc thêm cách viết này vào cột Tên khác của đơn vị.",
        )
        return None
    name = match.unit.name
    if match.level == "no_diacritics":
        row.warn(
            f"Tên đơn vị “{text}” viết thiếu dấu.", f"Đã hiểu là “{name}” và tính bình thường."
        )
    if name not in monitored:
        row.error(
            f"Đơn vị “{name}” không thuộc diện theo dõi (cột Theo dõi = Không ở trang Đơn vị).",
            "Dòng này không được tính. Nếu đơn vị cần báo cáo, hãy đặt Theo dõi = Có.",
        )
        return None
    return name


def _month(
    raw: object, row: _Issues, cache: dict[object, Month | None], current: Month
) -> Month | None:
    """Return the month a month cell names, recording why when there is none."""
    if raw is None or text_of(raw) == "":
        row.error("Thiếu tháng báo cáo.")
        return None
    if raw in cache:
        month = cache[raw]
    elif isinstance(raw, float):
        day = _serial_date(raw)
        month = cache[raw] = Month.of(day) if day else None
    else:
        month = Month.parse_text(text_of(raw))
        if month is None:
            day = _parse_date_text(text_of(raw))
            month = Month.of(day) if day else None
        cache[raw] = month
    if month is None:
        row.error(f"Không đọc được tháng “{_month_display(raw)}”: cần dạng MM/YYYY, ví dụ 10/2026.")
        return None
    if month > current:
        row.error(f"Tháng {month.label()} chưa tới.")
        return None
    return month


def _early(month: Month, submitted_at: datetime) -> Issue:
    """Return the warning about a report sent before its month."""
    return (
        Level.WARNING,
        f"Báo cáo cho tháng {month.label()} nhưng được gửi từ {submitted_at.strftime('%d/%m/%Y')}.",
        "Vẫn tính cho tháng đã ghi; hãy kiểm tra lại tháng.",
    )


def _counts(raws: tuple[object, ...]) -> tuple[Counts | None, tuple[Issue, ...]]:
    """Return the four counts of a row (None unless all four are usable) and their problems."""
    if all(type(raw) is float and 0 <= raw <= LARGE_COUNT and raw.is_integer() for raw in raws):
        return Counts(*map(int, raws)), ()  # the usual answers: nothing to say
    row = _Issues()
    numbers = [_count(raw, title, row) for title, raw in zip(_COUNT_TITLES, raws, strict=True)]
    usable = [number for number in numbers if number is not None]
    return (Counts(*usable) if len(usable) == len(COUNT_KEYS) else None), tuple(row)


def _count(raw: object, title: str, row: _Issues) -> int | None:
    """Return one count, recording every problem with it (None when it is unusable)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        row.warn(f"Ô “{title}” để trống.", "Tính là 0.")
        return 0
    if isinstance(raw, bool):
        row.error(f"“{title}” phải là số nguyên không âm, nhận được “{text_of(raw)}”.")
        return None
    if isinstance(raw, str):
        if not _DIGITS.match(raw):
            row.error(f"“{title}” phải là số nguyên không âm, nhận được “{raw.strip()}”.")
            return None
        raw = float(raw)
    assert isinstance(raw, float)
    if not raw.is_integer():
        row.error(f"“{title}” phải là số nguyên, nhận được {text_of(raw)}.")
        return None
    if raw < 0:
        row.error(f"“{title}” không được là số âm, nhận được {text_of(raw)}.")
        return None
    if raw > LARGE_COUNT:
        row.warn(
            f"“{title}” lớn bất thường: {text_of(raw)}.",
            "Vẫn tính; hãy kiểm tra lại với đơn vị.",
        )
    return int(raw)


def _keep_latest(out: Validated) -> None:
    """Keep the latest report of each unit and month; list the others as replaced.

    The kept reports end sorted by month, then unit.
    """
    # By (year, month), then unit: a pair of ints hashes much faster than a Month, and
    # sorting a few dozen months, then each month's names, beats sorting 100,000 triples.
    latest: dict[tuple[int, int], dict[str, Report]] = {}
    for report in out.reports:
        month = report.month
        units = latest.get((month.year, month.month))
        if units is None:
            units = latest[(month.year, month.month)] = {}
        current = units.get(report.unit)
        units[report.unit] = report if current is None else _later(current, report)
    out.by_month = {key: {n: latest[key][n] for n in sorted(latest[key])} for key in sorted(latest)}
    kept = [report for units in out.by_month.values() for report in units.values()]
    if len(kept) < len(out.reports):
        ids = set(map(id, kept))
        for report in out.reports:
            if id(report) not in ids:
                winner = latest[(report.month.year, report.month.month)][report.unit]
                out.problems.append(_replaced(report, winner))
    out.reports = kept
    if out.invalid:
        out.invalid = {
            (unit, month)
            for unit, month in out.invalid
            if unit not in latest.get((month.year, month.month), ())
        }


def _replaced(report: Report, winner: Report) -> Problem:
    """Return the warning about a report that a later one of its unit and month replaced."""
    return Problem(
        report.row,
        _local_text(report.submitted_at),
        report.unit,
        report.month.label(),
        Level.WARNING,
        f"{report.unit} đã gửi báo cáo tháng {report.month.label()} khác mới hơn "
        f"(dòng {winner.row}).",
        f"Chỉ tính báo cáo mới nhất (dòng {winner.row}); dòng này được thay thế.",
    )


def _later(a: Report, b: Report) -> Report:
    """Return the later of two reports: by time when both have one, else by row."""
    if (
        a.submitted_at is not None
        and b.submitted_at is not None
        and (a.submitted_at != b.submitted_at)
    ):
        return a if a.submitted_at > b.submitted_at else b
    return a if a.row > b.row else b
