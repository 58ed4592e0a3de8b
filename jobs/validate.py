"""Check every response row against the rules of DESIGN §5.

Each row ends either as a :class:`Report` or with at least one error in ``Kiểm tra``;
warnings accompany rows that were accepted with a correction. Nothing is dropped
silently. Messages and "how it was handled" are Vietnamese, for the office.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from forms.definition import BY_KEY, COUNT_KEYS

from .names import UnitMatcher
from .periods import Month
from .report import Counts, Level, Problem, Report
from .responses import TIMESTAMP, ResponseTable
from .units import Unit

EPOCH = datetime(1899, 12, 30)
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


@dataclass
class _Row:
    """One row being checked: its texts for Kiểm tra and the problems found so far."""

    number: int
    timestamp_text: str
    unit_text: str
    month_text: str
    problems: list[tuple[Level, str, str]] = field(default_factory=list)

    def error(self, issue: str, handling: str = NOT_COUNTED) -> None:
        self.problems.append((Level.ERROR, issue, handling))

    def warn(self, issue: str, handling: str) -> None:
        self.problems.append((Level.WARNING, issue, handling))

    @property
    def failed(self) -> bool:
        return any(level is Level.ERROR for level, _, _ in self.problems)

    def emit(self) -> list[Problem]:
        return [
            Problem(self.number, self.timestamp_text, self.unit_text, self.month_text, *p)
            for p in self.problems
        ]


def text_of(value: object) -> str:
    """Return a cell value as the office would read it in the sheet."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value).strip()


def validate(table: ResponseTable, units: Iterable[Unit], rules: Rules) -> Validated:
    """Check every row of the responses table and return what was accepted and why not."""
    units = list(units)
    matcher = UnitMatcher(units)
    monitored = {u.name for u in units if u.monitored}
    out = Validated()
    cols = table.columns
    month_cache: dict[object, Month | None] = {}
    for number, values in table.rows:

        def get(key: str, values: list[object] = values) -> object:
            index = cols.get(key)
            return values[index] if index is not None and index < len(values) else None

        raw_time, raw_unit, raw_month = get(TIMESTAMP), get("unit"), get("month")
        submitted_at = _timestamp(raw_time, rules)
        row = _Row(
            number,
            _local_text(submitted_at) if isinstance(raw_time, float) else text_of(raw_time),
            text_of(raw_unit),
            _month_display(raw_month),
            [],
        )
        if raw_time is None or text_of(raw_time) == "":
            row.warn(
                "Không có dấu thời gian (dòng nhập tay).",
                "Vẫn tính báo cáo, nhưng không xác định được nộp đúng hạn hay muộn.",
            )
        elif submitted_at is None:
            row.warn(
                f"Không đọc được dấu thời gian “{row.timestamp_text}”.",
                "Vẫn tính báo cáo, nhưng không xác định được nộp đúng hạn hay muộn. "
                "Hãy ghi dạng dd/mm/yyyy hh:mm:ss.",
            )
        unit = _unit(row, raw_unit, matcher, monitored)
        month = _month(row, raw_month, submitted_at, rules, month_cache)
        counts = _counts(row, get)
        if unit is not None and month is not None:
            out.months.add(month)
            if row.failed:
                out.invalid.add((unit, month))
        if not row.failed and unit is not None and month is not None and counts is not None:
            out.reports.append(
                Report(
                    number,
                    unit,
                    month,
                    submitted_at,
                    counts,
                    means=text_of(get("means")),
                    other_forms=text_of(get("other_forms")),
                    notes=text_of(get("notes")),
                )
            )
        out.problems.extend(row.emit())
    _keep_latest(out, table)
    return out


def _timestamp(raw: object, rules: Rules) -> datetime | None:
    """Return a submission time in the office's time zone, or None."""
    if isinstance(raw, float):
        wall = EPOCH + timedelta(days=raw)
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
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None


def _local_text(moment: datetime | None) -> str:
    """Return a time as Kiểm tra shows it."""
    return moment.strftime("%d/%m/%Y %H:%M:%S") if moment else ""


def _month_display(raw: object) -> str:
    """Return the month cell as the office sees it (a date value shown as dd/mm/yyyy)."""
    if isinstance(raw, float):
        return (EPOCH + timedelta(days=raw)).strftime("%d/%m/%Y")
    return text_of(raw)


def _unit(row: _Row, raw: object, matcher: UnitMatcher, monitored: set[str]) -> str | None:
    """Return the unit a row is for, recording why when there is none."""
    text = text_of(raw)
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
    row: _Row,
    raw: object,
    submitted_at: datetime | None,
    rules: Rules,
    cache: dict[object, Month | None],
) -> Month | None:
    """Return the month a row reports on, recording why when there is none."""
    if raw is None or text_of(raw) == "":
        row.error("Thiếu tháng báo cáo.")
        return None
    if raw in cache:
        month = cache[raw]
    elif isinstance(raw, float):
        month = cache[raw] = Month.of(EPOCH + timedelta(days=raw))
    else:
        month = Month.parse_text(text_of(raw))
        if month is None:
            day = _parse_date_text(text_of(raw))
            month = Month.of(day) if day else None
        cache[raw] = month
    if month is None:
        row.error(f"Không đọc được tháng “{row.month_text}”: cần dạng MM/YYYY, ví dụ 10/2026.")
        return None
    if month > Month.of(rules.now.astimezone(rules.tz)):
        row.error(f"Tháng {month.label()} chưa tới.")
        return None
    if submitted_at is not None and month > Month.of(submitted_at):
        row.warn(
            f"Báo cáo cho tháng {month.label()} nhưng được gửi từ "
            f"{submitted_at.strftime('%d/%m/%Y')}.",
            "Vẫn tính cho tháng đã ghi; hãy kiểm tra lại tháng.",
        )
    return month


def _counts(row: _Row, get: Callable[[str], object]) -> Counts | None:
    """Return the four counts of a row, recording every problem with them."""
    numbers = []
    for key in COUNT_KEYS:
        title = BY_KEY[key].title
        raw = get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            row.warn(f"Ô “{title}” để trống.", "Tính là 0.")
            numbers.append(0)
            continue
        if isinstance(raw, bool):
            row.error(f"“{title}” phải là số nguyên không âm, nhận được “{text_of(raw)}”.")
            continue
        if isinstance(raw, str):
            if not _DIGITS.match(raw):
                row.error(f"“{title}” phải là số nguyên không âm, nhận được “{raw.strip()}”.")
                continue
            raw = float(raw)
        assert isinstance(raw, float)
        if not raw.is_integer():
            row.error(f"“{title}” phải là số nguyên, nhận được {text_of(raw)}.")
            continue
        if raw < 0:
            row.error(f"“{title}” không được là số âm, nhận được {text_of(raw)}.")
            continue
        if raw > LARGE_COUNT:
            row.warn(
                f"“{title}” lớn bất thường: {text_of(raw)}.",
                "Vẫn tính; hãy kiểm tra lại với đơn vị.",
            )
        numbers.append(int(raw))
    return Counts(*numbers) if len(numbers) == len(COUNT_KEYS) else None


def _keep_latest(out: Validated, table: ResponseTable) -> None:
    """Keep the latest report of each unit and month; list the others as replaced."""
    latest: dict[tuple[str, Month], Report] = {}
    for report in out.reports:
        key = (report.unit, report.month)
        current = latest.get(key)
        latest[key] = report if current is None else _later(current, report)
    kept = {id(r) for r in latest.values()}
    for report in out.reports:
        if id(report) in kept:
            continue
        winner = latest[(report.unit, report.month)]
        out.problems.append(
            Problem(
                report.row,
                _local_text(report.submitted_at),
                report.unit,
                report.month.label(),
                Level.WARNING,
                f"{report.unit} đã gửi báo cáo tháng {report.month.label()} khác mới hơn "
                f"(dòng {winner.row}).",
                f"Chỉ tính báo cáo mới nhất (dòng {winner.row}); dòng này được thay thế.",
            )
        )
    out.reports = sorted(latest.values(), key=lambda r: (r.month, r.unit))
    for report in out.reports:
        out.invalid.discard((report.unit, report.month))


def _later(a: Report, b: Report) -> Report:
    """Return the later of two reports: by time when both have one, else by row."""
    if (
        a.submitted_at is not None
        and b.submitted_at is not None
        and (a.submitted_at != b.submitted_at)
    ):
        return a if a.submitted_at > b.submitted_at else b
    return a if a.row > b.row else b
