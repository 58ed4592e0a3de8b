"""The ``Đơn vị`` tab: the units expected to report, as the office keeps them in the Sheet.

The seed letter's list is only the default written to a new tab; afterwards the tab is data
the office edits, read back here into ``Unit`` records and problems for ``Kiểm tra``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from .names import PREFIXES, fold, match_key, strip_diacritics
from .report import Level, Problem

UNITS_TAB = "Đơn vị"
UNIT_HEADERS = ("STT", "Đơn vị", "Loại", "Mã giới thiệu", "Tên khác", "Theo dõi")
MONITORED_YES = "Có"
MONITORED_NO = "Không"
ALIAS_SEPARATOR = "; "

KIND_CENTRE = "Trung tâm"
KIND_WARD = "Phường"
KIND_COMMUNE = "Xã"


@dataclass(frozen=True)
class Unit:
    """One row of the ``Đơn vị`` tab."""

    stt: int
    name: str  # as the office writes it; shown in Phụ lục 3
    kind: str  # Trung tâm, Phường, Xã ...
    referral_code: str  # i-Speed "mã giới thiệu" (text: it starts with 0)
    aliases: tuple[str, ...]  # Tên khác: other names a report may use
    monitored: bool  # Theo dõi: whether the unit must report


def _ward(stt: int, name: str, code: str, *aliases: str) -> Unit:
    """Return a seed ward or commune, its kind taken from its name."""
    kind = KIND_COMMUNE if name.startswith(KIND_COMMUNE) else KIND_WARD
    return Unit(stt, name, kind, code, aliases, True)


# The units of the seed letter, in the order of its Phụ lục 3, with the referral codes of its
# Phụ lục 2. Names are exactly as in Phụ lục 3 (mixed tone styles included: "Văn hoá",
# "Xuất Hóa"; matching folds them).
SEED_UNITS: tuple[Unit, ...] = (
    Unit(
        1,
        "Trung tâm Văn hoá, Thể thao và Truyền thông",
        KIND_CENTRE,
        "",
        # "Trung tâm VHTT&TT", "TTVHTTTT" and "TT VH-TT-TT" match "TT VHTTTT" already: the
        # matcher ignores spaces and punctuation and reads "TT" as "Trung tâm".
        ("Trung tâm Văn hoá, Thể thao và Truyền thông thành phố", "TT VHTTTT"),
        True,
    ),
    _ward(2, "Phường Nguyễn Thị Minh Khai", "0605801834", "Phường NTMK"),
    _ward(3, "Phường Sông Cầu", "0605801837"),
    _ward(4, "Phường Đức Xuân", "0605801840"),
    _ward(5, "Phường Phùng Chí Kiên", "0605801843"),
    # The letter spells this ward "Huyền Tung" in Phụ lục 2 and "Huyền Tụng" in Phụ lục 3;
    # the ward is Huyền Tụng, so that is the name and the other spelling is kept as an alias.
    _ward(6, "Phường Huyền Tụng", "0605801846", "Phường Huyền Tung"),
    _ward(7, "Xã Dương Quang", "0605801849"),
    _ward(8, "Xã Nông Thượng", "0605801852"),
    _ward(9, "Phường Xuất Hóa", "0605801855"),
)


def seed_rows() -> list[list[str | int]]:
    """Return the header and the seed units as rows of a new ``Đơn vị`` tab."""
    rows: list[list[str | int]] = [list(UNIT_HEADERS)]
    for unit in SEED_UNITS:
        monitored = MONITORED_YES if unit.monitored else MONITORED_NO
        aliases = ALIAS_SEPARATOR.join(unit.aliases)
        rows.append([unit.stt, unit.name, unit.kind, unit.referral_code, aliases, monitored])
    return rows


# Column keys and the headers accepted for them (compared without case or diacritics).
_HEADERS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "name": ("Đơn vị", "Tên đơn vị"),
    "kind": ("Loại", "Loại đơn vị"),
    "code": ("Mã giới thiệu", "Mã GT", "Mã"),
    "aliases": ("Tên khác", "Tên gọi khác"),
    "monitored": ("Theo dõi", "Phải báo cáo"),
}
_HEADER_BY_KEY = {strip_diacritics(h): key for key, hs in _HEADERS.items() for h in hs}
_TITLE = dict(zip(_HEADERS, UNIT_HEADERS, strict=True))
_HEADER_SEARCH_ROWS = 10  # a title row or two above the header is tolerated

_YES = frozenset({"co", "x", "yes", "y", "true", "1", "v", "ok", "dung"})
_NO = frozenset({"khong", "k", "ko", "no", "n", "false", "0", "sai"})
_CHECKS = frozenset("✓✔☑✅")
_STT = re.compile(r"^\s*(\d{1,6})\s*\.?\s*$")
_ALIAS_SPLIT = re.compile(r"[;\n\r]+")
_HOW_TO_FIX = "Hãy sửa trong tab “Đơn vị”."


def _text(value: Any) -> str:
    """Return a cell value as trimmed NFC text ('' for blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))  # Sheets returns every number as a float
    return unicodedata.normalize("NFC", str(value)).strip()


def _blank(value: Any) -> bool:
    """Return True when a cell value's ``_text`` is '' (without normalising it)."""
    return value is None or (type(value) is str and not value.strip())


def _cell(row: list[Any], column: int | None) -> Any:
    """Return the value at a column of a ragged row (None when absent)."""
    return row[column] if column is not None and column < len(row) else None


def _monitored(value: Any) -> bool | None:
    """Return what a Theo dõi cell says (blank means Có), or None when unreadable."""
    if isinstance(value, bool):
        return value
    text = _text(value)
    if not text:
        return True
    key = strip_diacritics(text)
    if key in _YES or text in _CHECKS:
        return True
    if key in _NO:
        return False
    return None


def _kind_from_name(name: str) -> str:
    """Return the kind a name starts with (Phường, Xã, Trung tâm ...), '' if none."""
    folded = fold(name)
    for prefix in PREFIXES:
        if folded.startswith(prefix + " "):
            return prefix[0].upper() + prefix[1:]
    return ""


def _problem(row: int | None, unit: str, level: Level, issue: str, handling: str) -> Problem:
    """Return a problem of the ``Đơn vị`` tab.

    Kiểm tra's ``Dòng`` column points into the responses tab, so the row of the Đơn vị tab
    goes into the text instead.
    """
    where = f"Trang “{UNITS_TAB}”, dòng {row}: " if row else f"Trang “{UNITS_TAB}”: "
    return Problem(None, "", unit, "", level, where + issue, handling)


def _find_header(values: list[list[Any]]) -> tuple[int, dict[str, int], list[Problem]] | None:
    """Return the header's index, its columns by key and its problems; None if not found."""
    for index, row in enumerate(values[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        problems = []
        for column, value in enumerate(row):
            key = _HEADER_BY_KEY.get(strip_diacritics(_text(value)))
            if key is None:
                continue
            if key in columns:
                problems.append(
                    _problem(
                        index + 1,
                        "",
                        Level.WARNING,
                        f"Tab “Đơn vị” có hai cột “{_TITLE[key]}”.",
                        "Dùng cột đứng trước, bỏ qua cột sau.",
                    )
                )
                continue
            columns[key] = column
        if "name" in columns:
            return index, columns, problems
    return None


def parse_units(values: list[list[Any]]) -> tuple[list[Unit], list[Problem]]:
    """Read the ``Đơn vị`` tab's cell values into units, in row order, and their problems.

    A blank ``Theo dõi`` means Có (the unit must report); a blank STT takes the unit's place in
    the list. Names and aliases are kept as typed (NFC, trimmed); duplicates are found with the
    matcher's folding, so the Sheet can never hold two names the matcher cannot tell apart.
    """
    found = _find_header(values)
    if found is None:
        first = next((i for i, row in enumerate(values) if any(map(_text, row))), None)
        issue = (
            "Tab “Đơn vị” trống."
            if first is None
            else "Tab “Đơn vị” thiếu dòng tiêu đề có cột “Đơn vị”."
        )
        handling = (
            "Không đọc được danh sách đơn vị nên chưa tổng hợp. Hãy ghi lại dòng tiêu đề: "
            + ", ".join(UNIT_HEADERS)
            + "."
        )
        row = None if first is None else first + 1
        return [], [_problem(row, "", Level.ERROR, issue, handling)]
    header, columns, problems = found
    if "monitored" not in columns:
        problems.append(
            _problem(
                header + 1,
                "",
                Level.WARNING,
                "Tab “Đơn vị” không có cột “Theo dõi”.",
                "Coi mọi đơn vị trong tab là phải báo cáo.",
            )
        )
    units: list[Unit] = []
    rows_of: dict[str, int] = {}  # match key of each accepted name -> its row
    for index in range(header + 1, len(values)):
        row, number = values[index], index + 1
        unit = _read_row(row, columns, number, len(units) + 1, rows_of, problems)
        if unit is not None:
            units.append(unit)
    units = _drop_colliding_aliases(units, rows_of, problems)
    if not any(unit.monitored for unit in units):
        problems.append(
            _problem(
                None,
                "",
                Level.ERROR,
                "Không có đơn vị nào được theo dõi (tab “Đơn vị” không có đơn vị, "
                "hoặc cột “Theo dõi” đều là “Không”).",
                "Phụ lục 3 sẽ không có đơn vị nào. Hãy ghi “Có” ở cột “Theo dõi” cho các "
                "đơn vị phải báo cáo.",
            )
        )
    return units, problems


def _read_row(
    row: list[Any],
    columns: dict[str, int],
    number: int,
    position: int,
    rows_of: dict[str, int],
    problems: list[Problem],
) -> Unit | None:
    """Return the unit on one row, or None (blank or skipped), adding its problems."""
    if all(_blank(value) for value in row):
        return None
    name = " ".join(_text(_cell(row, columns["name"])).split())
    if not fold(name):
        problems.append(
            _problem(
                number,
                name,
                Level.WARNING,
                "Dòng có dữ liệu nhưng không có tên đơn vị.",
                "Bỏ qua dòng này.",
            )
        )
        return None
    key = match_key(name)
    if key in rows_of:
        problems.append(
            _problem(
                number,
                name,
                Level.ERROR,
                f"Tên đơn vị trùng với đơn vị ở dòng {rows_of[key]} (khi không phân biệt chữ "
                "hoa, dấu cách, dấu câu và cách đặt dấu thanh).",
                f"Bỏ qua dòng này, dùng đơn vị ở dòng {rows_of[key]}. {_HOW_TO_FIX}",
            )
        )
        return None
    rows_of[key] = number
    stt_text = _text(_cell(row, columns.get("stt")))
    stt_match = _STT.match(stt_text)
    stt = int(stt_match.group(1)) if stt_match else position
    if stt_text and not stt_match:
        problems.append(
            _problem(
                number,
                name,
                Level.WARNING,
                f"STT “{stt_text}” không phải số thứ tự.",
                f"Dùng thứ tự của dòng trong danh sách: {position}.",
            )
        )
    raw_monitored = _cell(row, columns.get("monitored"))
    monitored = _monitored(raw_monitored)
    if monitored is None:
        problems.append(
            _problem(
                number,
                name,
                Level.WARNING,
                f"Cột “Theo dõi” ghi “{_text(raw_monitored)}”, không rõ là Có hay Không.",
                "Coi là “Có” (đơn vị phải báo cáo). Hãy ghi “Có” hoặc “Không”.",
            )
        )
        monitored = True
    aliases: list[str] = []
    seen = {key}
    for part in _ALIAS_SPLIT.split(_text(_cell(row, columns.get("aliases")))):
        alias = " ".join(part.split())
        alias_key = match_key(alias)
        if alias_key and alias_key not in seen:
            seen.add(alias_key)
            aliases.append(alias)
    kind = _text(_cell(row, columns.get("kind"))) or _kind_from_name(name)
    code = _text(_cell(row, columns.get("code")))
    return Unit(stt, name, kind, code, tuple(aliases), monitored)


def _drop_colliding_aliases(
    units: list[Unit], rows_of: dict[str, int], problems: list[Problem]
) -> list[Unit]:
    """Return the units without aliases that another unit also answers to, adding problems."""
    keys = [match_key(unit.name) for unit in units]
    owner_of_name = dict(zip(keys, units, strict=True))
    owners: dict[str, list[Unit]] = {}
    for unit in units:
        for alias in unit.aliases:
            owners.setdefault(match_key(alias), []).append(unit)
    result = []
    for unit, name_key in zip(units, keys, strict=True):
        if not unit.aliases:
            result.append(unit)
            continue
        kept = []
        row = rows_of[name_key]
        for alias in unit.aliases:
            key = match_key(alias)
            other = owner_of_name.get(key)
            sharing = [u for u in owners[key] if u is not unit]
            if other is not None:
                issue = f"Tên khác “{alias}” trùng với tên của đơn vị “{other.name}”."
                handling = "Bỏ qua tên khác này (nếu giữ sẽ không biết báo cáo là của đơn vị nào)."
            elif sharing:
                names = ", ".join(f"“{u.name}”" for u in sharing)
                issue = f"Tên khác “{alias}” cũng là tên khác của {names}."
                handling = "Bỏ qua tên khác này ở mọi đơn vị có nó, để không nhận nhầm báo cáo."
            else:
                kept.append(alias)
                continue
            problems.append(
                _problem(row, unit.name, Level.ERROR, issue, f"{handling} {_HOW_TO_FIX}")
            )
        result.append(replace(unit, aliases=tuple(kept)))
    return result
