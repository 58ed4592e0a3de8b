"""Sample reports for the demo, relative to a given "now": a realistic responses tab.

For the month now due (the previous month) most units report on time, one late (once the
deadline has passed), one sends a count typed as words (an error), one never reports; a
name typed without diacritics and a blank count give warnings in ``Kiểm tra``; one unit
sends twice. The months before have plausible, mostly punctual history. Pure: no I/O.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from forms.definition import MEANS
from jobs.periods import Month, deadline, month_due

HISTORY_MONTHS = 5  # months before the month due that get reports
# Special roles in the month due, and the position in the unit list each prefers (with the
# seed's nine units: Xã Nông Thượng, Xã Dương Quang, Phường Phùng Chí Kiên, Phường Nguyễn
# Thị Minh Khai, Phường Đức Xuân, Phường Sông Cầu).
MISSING, LATE, TEXT_COUNT, PLAIN_NAME, BLANK_COUNT, TWICE = (
    "missing",
    "late",
    "text_count",
    "plain_name",
    "blank_count",
    "twice",
)
ROLE_SLOTS = (
    (MISSING, 7),
    (LATE, 6),
    (TEXT_COUNT, 4),
    (PLAIN_NAME, 1),
    (BLANK_COUNT, 3),
    (TWICE, 2),
)
COUNT_AS_WORDS = "năm"  # "five": what a unit typed in a number cell

REPORTERS = (
    "Nguyễn Thị Hoa",
    "Hoàng Văn Nam",
    "Lục Thị Mai",
    "Nông Văn Dũng",
    "Triệu Thị Lan",
    "Ma Văn Cường",
    "Hà Thị Thu",
    "Lý Văn Hùng",
    "Bế Thị Hằng",
    "Đinh Văn Tuấn",
)
OTHER_FORMS = (
    "Lồng ghép tuyên truyền trong các buổi họp tổ dân phố",
    "Hướng dẫn trực tiếp người dân cài đặt i-Speed",
    "Phát tờ rơi hướng dẫn đo tốc độ mạng",
    "Đăng tin trên nhóm Zalo của thôn, tổ",
)
NOTES = (
    "Đã hướng dẫn khoảng 30 người dân cài đặt i-Speed",
    "Số liệu đã được lãnh đạo đơn vị duyệt",
    "Tuyên truyền lồng ghép với chuyển đổi số",
)


@dataclass(frozen=True)
class SampleReport:
    """One response row: when it was submitted and the answers by question key."""

    submitted_at: datetime
    answers: dict[str, object] = field(hash=False)


@dataclass(frozen=True)
class DemoPlan:
    """What the sample says about the month due, for the demo's output and its tests."""

    month: Month
    deadline: datetime
    on_time: tuple[str, ...]
    late: tuple[str, ...]
    invalid: tuple[str, ...]
    missing: tuple[str, ...]
    silent: str | None  # the unit that never reports: the one to fill the demo form for
    warnings: tuple[str, ...]  # units whose accepted report has a warning in Kiểm tra


def assign_roles(count: int) -> dict[int, str]:
    """Return the special role of unit positions, keeping at least one ordinary unit."""
    roles: dict[int, str] = {}
    for role, slot in ROLE_SLOTS:
        if count - len(roles) <= 1:
            break
        if slot >= count or slot in roles:
            slot = max(i for i in range(count) if i not in roles)
        roles[slot] = role
    return roles


def without_diacritics(text: str) -> str:
    """Return text as typed on a phone without a Vietnamese keyboard."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return unicodedata.normalize("NFC", stripped)


def sample_reports(
    units: Sequence[str],
    now: datetime,
    *,
    tz: ZoneInfo,
    deadline_day: int = 10,
    history: int = HISTORY_MONTHS,
) -> tuple[list[SampleReport], DemoPlan]:
    """Return the sample reports (oldest first) up to ``now`` and the plan of the month due."""
    now = now.astimezone(tz)
    due = month_due(now)
    rng = random.Random(due.iso())  # the same day of the same month gives the same sample
    reports: list[SampleReport] = []
    month = due
    for _ in range(history):
        month = month.previous()
    while month < due:
        reports += _history_month(units, month, rng, deadline_day, tz)
        month = month.next()
    due_reports, plan = _due_month(units, due, now, rng, deadline_day, tz)
    reports += due_reports
    reports = [r for r in reports if r.submitted_at <= now]
    reports.sort(key=lambda r: r.submitted_at)
    return reports, plan


def _history_month(
    units: Sequence[str], month: Month, rng: random.Random, deadline_day: int, tz: ZoneInfo
) -> list[SampleReport]:
    """Return a past month's reports: nearly all on time, a few late, rarely none."""
    due = deadline(month, deadline_day=deadline_day, tz=tz)
    opens = _opening(month, tz)
    out = []
    for index, name in enumerate(units):
        draw = rng.random()
        if draw < 0.06:
            continue
        if draw < 0.18:
            moment = _moment(rng, due, due + timedelta(days=12))
        else:
            moment = _moment(rng, opens, due)
        out.append(SampleReport(moment, _answers(rng, index, name, month)))
    return out


def _due_month(
    units: Sequence[str],
    month: Month,
    now: datetime,
    rng: random.Random,
    deadline_day: int,
    tz: ZoneInfo,
) -> tuple[list[SampleReport], DemoPlan]:
    """Return the month due's reports up to ``now`` and what they add up to."""
    due = deadline(month, deadline_day=deadline_day, tz=tz)
    on_time_until = min(due, now)
    late_possible = now > due + timedelta(hours=2)
    roles = assign_roles(len(units))
    out: list[SampleReport] = []
    on_time: list[str] = []
    late: list[str] = []
    invalid: list[str] = []
    missing: list[str] = []
    warnings: list[str] = []
    for index, name in enumerate(units):
        role = roles.get(index)
        answers = _answers(rng, index, name, month)
        if role == MISSING or (role == LATE and not late_possible):
            missing.append(name)
            continue
        if role == LATE:
            out.append(SampleReport(_moment(rng, due, now - timedelta(hours=1)), answers))
            late.append(name)
            continue
        moment = _moment(rng, _opening(month, tz), on_time_until)
        if role == TEXT_COUNT:
            answers["news"] = COUNT_AS_WORDS
            invalid.append(name)
        else:
            on_time.append(name)
        if role == PLAIN_NAME:
            answers["unit"] = without_diacritics(name).lower()
            warnings.append(name)
        if role == BLANK_COUNT:
            answers["programmes"] = None
            warnings.append(name)
        if role == TWICE:
            news = answers["news"]
            assert isinstance(news, int)
            first = dict(answers, news=max(0, news - 3))
            earlier = _moment(rng, _opening(month, tz), moment)
            out.append(SampleReport(earlier, first))
            answers["notes"] = "Gửi lại: bổ sung số liệu"
        out.append(SampleReport(moment, answers))
    plan = DemoPlan(
        month,
        due,
        tuple(on_time),
        tuple(late),
        tuple(invalid),
        tuple(missing),
        next((units[i] for i, role in roles.items() if role == MISSING), None),
        tuple(warnings),
    )
    return out, plan


def _opening(month: Month, tz: ZoneInfo) -> datetime:
    """Return when units start reporting on a month: the 25th, 08:00."""
    return datetime(month.year, month.month, 25, 8, tzinfo=tz)


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """Return a time in [start, end), during office hours when the window allows it."""
    if end <= start:
        return start
    days = (end.date() - start.date()).days
    day = start.date() + timedelta(days=rng.randint(0, days))
    clock = time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59))
    moment = datetime.combine(day, clock, tzinfo=start.tzinfo)
    if not start <= moment < end:
        seconds = int((end - start).total_seconds())
        moment = start + timedelta(seconds=rng.randrange(max(seconds, 1)))
    return moment


def _answers(rng: random.Random, index: int, name: str, month: Month) -> dict[str, object]:
    """Return a unit's plausible answers for one month."""
    centre = name.startswith("Trung tâm")
    means = sorted(rng.sample(range(len(MEANS) - 1), rng.randint(1, 3)))
    return {
        "unit": name,
        "month": month.label(),
        "news": rng.randint(15, 40) if centre else rng.randint(3, 18),
        "articles": rng.randint(3, 10) if centre else rng.randint(0, 5),
        "programmes": rng.randint(2, 6) if centre else rng.randint(0, 2),
        "sessions": rng.randint(0, 4),
        "means": ", ".join(MEANS[i] for i in means),
        "other_forms": rng.choice(OTHER_FORMS) if rng.random() < 0.3 else "",
        "notes": rng.choice(NOTES) if rng.random() < 0.2 else "",
        "reporter": REPORTERS[index % len(REPORTERS)],
        "phone": f"09{(index * 7919 + 1234567) % 100_000_000:08d}",
    }
