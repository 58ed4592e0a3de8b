"""Realistic test data for the sync benchmark: a unit list and a year or two of form responses.

Deterministic (seeded): the same size always gives the same sheet. Names look Vietnamese
(``Xã Tân Phú``, ``Phường Hòa Bình``) and stay unique even without diacritics. A few
percent of reports are late or missing, and a few rows are messy the way phones and hand
edits make them, so validation has real work: names typed in lower case, without
diacritics or with ``UBND``; months as ``Tháng 3/2025``; blank, text, negative,
fractional or huge counts; resubmissions; rows typed in by the office without a timestamp.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from forms.definition import MEANS, QUESTIONS, TIMESTAMP_TITLES
from jobs.names import strip_diacritics
from jobs.periods import Month
from jobs.units import SEED_UNITS, UNIT_HEADERS

EPOCH = datetime(1899, 12, 30)  # day 0 of Sheets' date-time serial numbers
NOW = datetime(2026, 11, 15, 10, 0)  # wall time in Asia/Ho_Chi_Minh: October 2026 is due
HEADER = [TIMESTAMP_TITLES[0], *(q.title for q in QUESTIONS)]


def _words(text: str) -> tuple[str, ...]:
    """Return the words of a text."""
    return tuple(text.split())


# Syllables of commune names; their bare forms are distinct, so names stay unique unaccented.
SYLLABLES = _words(
    "An Bình Hòa Tân Phú Long Mỹ Phước Thành Đông Tây Nam Bắc Trung Hưng Thịnh Lợi Hiệp "
    "Hải Sơn Lâm Quang Minh Đức Thuận Vĩnh Xuân Hồng Kim Ngọc Cẩm Thanh Yên Định Lạc "
    "Tiến Thắng Lộc Khánh Quảng Thủy Hà Châu Giang Hương Nghĩa Điền Phong Tường Gia Liên "
    "Thái Hoàng Cao Đại Tam Nhân Tín Lương Cát Trường Thọ Phúc Quý Dương Nông Thượng "
    "Ninh Khê Tuy Vân Hạ Sa Mai Lam Tuyết Chiến Dũng Kiên Cường Lập Hội Thới Bảo Túc"
)
SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Hà Nông Triệu")
MIDDLE = _words("Văn Thị Minh Đức Thu Ngọc Hữu Thanh Quốc Kim")
GIVEN = _words("An Bình Chi Dũng Giang Hà Hải Hạnh Hoa Hùng Lan Linh Mai Nam Phương Quân Trang")
OTHER_FORMS = (
    "",
    "",
    "Treo băng rôn tại nhà văn hoá",
    "Phát tờ rơi tại chợ",
    "Lồng ghép trong họp thôn, tổ dân phố",
    "Hướng dẫn trực tiếp người dân cài đặt i-Speed",
)
NOTES = ("", "", "", "", "Đã đo tốc độ tại trụ sở", "Báo cáo bổ sung", "Số liệu tạm tính")


@dataclass(frozen=True)
class Sheet:
    """The two tabs the office has before the first sync."""

    units: list[list[object]]  # Đơn vị, header first
    responses: list[list[object]]  # the responses tab, header first


def serial(moment: datetime) -> float:
    """Return a wall time as a Sheets date-time serial number (whole seconds)."""
    return round((moment - EPOCH) / timedelta(days=1), 10)


def months_before(count: int) -> list[Month]:
    """Return ``count`` months ending with the month due at NOW."""
    months = [Month.of(NOW).previous()]
    while len(months) < count:
        months.append(months[-1].previous())
    return months[::-1]


def unit_names(count: int, rng: random.Random) -> list[str]:
    """Return unique unit names: the seed units for small lists, else communes and wards."""
    if count <= len(SEED_UNITS):
        return [unit.name for unit in SEED_UNITS[:count]]
    # After the 2025 reorganisation: 2,621 communes, 687 wards and 13 special zones.
    kinds = ["Xã"] * 2621 + ["Phường"] * 687 + ["Đặc khu"] * 13
    names, seen = [], set()
    while len(names) < count:
        words = rng.sample(SYLLABLES, 3 if rng.random() < 0.15 else 2)
        core = " ".join(words)
        if strip_diacritics(core) in seen:
            continue
        seen.add(strip_diacritics(core))
        names.append(f"{kinds[len(names) * len(kinds) // count]} {core}")
    return names


def unit_rows(names: list[str], rng: random.Random) -> list[list[object]]:
    """Return the Đơn vị tab: header, then one row per unit (a few with aliases, 1% not tracked)."""
    rows: list[list[object]] = [list(UNIT_HEADERS)]
    for stt, name in enumerate(names, start=1):
        kind = next(k for k in ("Trung tâm", "Đặc khu", "Phường", "Xã") if name.startswith(k))
        alias = f"UBND {name}" if rng.random() < 0.03 else ""
        tracked = "Không" if rng.random() < 0.01 and stt > 1 else "Có"
        code = f"06{rng.randrange(10**8):08d}"
        rows.append([stt, name, kind, code, alias, tracked])
    return rows


def typed_name(name: str, rng: random.Random) -> str:
    """Return the unit name as someone typed it: usually exact, sometimes messy."""
    roll = rng.random()
    if roll < 0.96:
        return name
    if roll < 0.97:
        return name.lower()
    if roll < 0.98:
        return strip_diacritics(name).title()  # accepted with a warning
    if roll < 0.99:
        return f"UBND {name}"
    if roll < 0.997:
        return "  " + name.replace(" ", "  ") + " "
    return name + " cũ"  # unknown: an error


def typed_month(month: Month, rng: random.Random) -> str:
    """Return the month answer: ``MM/YYYY`` as the form asks, now and then another spelling."""
    roll = rng.random()
    if roll < 0.97:
        return month.label()
    if roll < 0.985:
        return f"Tháng {month.month}/{month.year}"
    if roll < 0.999:
        return f"{month.month:02d}-{month.year}"
    return f"tháng {month.month} năm nay"  # unreadable: an error


def typed_count(rng: random.Random, scale: int) -> object:
    """Return one count answer: a number, or rarely blank, text, negative, fractional, huge."""
    roll = rng.random()
    if roll < 0.985:
        return float(rng.randrange(scale))
    if roll < 0.99:
        return ""  # blank: 0 with a warning
    if roll < 0.994:
        return str(rng.randrange(scale))  # digits as text: fine
    if roll < 0.996:
        return "năm"  # text: an error
    if roll < 0.997:
        return -1.0
    if roll < 0.998:
        return 2.5
    return 5000.0  # implausible: a warning


def submitted(month: Month, rng: random.Random) -> datetime:
    """Return when a report was sent: mostly days 1-9 of the next month, 4% late."""
    due = month.next()
    last = 28 if due < Month.of(NOW) else NOW.day - 1
    day = rng.randint(10, last) if rng.random() < 0.04 else rng.randint(1, 9)
    return datetime(due.year, due.month, day, rng.randint(7, 21), rng.randrange(60), 0)


def response_row(name: str, month: Month, at: datetime | None, rng: random.Random) -> list[object]:
    """Return one response row in the form's column order."""
    means = ", ".join(m for m in MEANS if rng.random() < 0.35) or MEANS[2]
    person = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return [
        serial(at) if at is not None else "",
        typed_name(name, rng),
        typed_month(month, rng),
        typed_count(rng, 30),
        typed_count(rng, 8),
        typed_count(rng, 4),
        typed_count(rng, 6),
        means,
        rng.choice(OTHER_FORMS),
        rng.choice(NOTES),
        person,
        f"09{rng.randrange(10**8):08d}",
    ]


def build(units: int, months: int, seed: int = 2026) -> Sheet:
    """Return the Đơn vị and responses tabs for ``units`` units over ``months`` months."""
    rng = random.Random(seed)
    names = unit_names(units, rng)
    rows = []
    for month in months_before(months):
        for name in names:
            if rng.random() < 0.03:
                continue  # missing this month
            at = submitted(month, rng)
            by_hand = rng.random() < 0.001
            rows.append((at, response_row(name, month, None if by_hand else at, rng)))
            again = at + timedelta(hours=rng.randint(1, 48))
            if rng.random() < 0.01 and again < NOW:  # sent again with corrected figures
                rows.append((again, response_row(name, month, again, rng)))
    rows.sort(key=lambda pair: pair[0])  # Forms appends in the order of submission
    return Sheet(unit_rows(names, rng), [HEADER, *(row for _, row in rows)])
