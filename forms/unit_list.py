"""The units a generated form offers: the ``Đơn vị`` tab's monitored units, or the seed's.

The form commands read the tab with the sync's one read of the workbook; without a
configured spreadsheet they use the seed letter's units. A tab whose problems would put a
wrong list in the drop-down (no unit, two names that cannot be told apart) stops them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gspread

from jobs.report import Level
from jobs.units import SEED_UNITS, UNITS_TAB, Unit, parse_units
from service.errors import SheetContentError
from sheets.workbook import read_workbook

SEED_SOURCE = "9 đơn vị theo công văn (chưa cấu hình SPREADSHEET_ID)"
SHEET_SOURCE = "trang “Đơn vị” của bảng tính"
NO_TAB_WARNING = (
    "Bảng tính chưa có trang “Đơn vị”: dùng 9 đơn vị theo công văn. Chạy "
    "`ispeed-report init-sheet` để tạo trang này rồi sửa danh sách ở đó."
)


@dataclass(frozen=True)
class UnitList:
    """The monitored units in the order of the list, where they came from, and warnings."""

    units: tuple[Unit, ...]
    source: str  # Vietnamese, for the person running the command
    warnings: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        """Return the units' names, the drop-down's choices."""
        return [unit.name for unit in self.units]


def seed_unit_list() -> UnitList:
    """Return the seed letter's units."""
    return UnitList(tuple(u for u in SEED_UNITS if u.monitored), SEED_SOURCE)


def unit_list_from_tab(values: Sequence[Sequence[Any]] | None) -> UnitList:
    """Return the monitored units of the ``Đơn vị`` tab's values (None: no such tab).

    Raise SheetContentError listing the tab's errors, since each of them (no units, duplicate
    names, an unreadable header, aliases shared by two units) must be fixed in the Sheet.
    """
    if values is None:
        return UnitList(seed_unit_list().units, SHEET_SOURCE, (NO_TAB_WARNING,))
    units, problems = parse_units([list(row) for row in values])
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        lines = "\n".join(f"- {p.issue} {p.handling}" for p in errors)
        raise SheetContentError(
            f"The {UNITS_TAB} tab has {len(errors)} error(s)",
            user_message=(
                f"Trang “{UNITS_TAB}” có lỗi, cần sửa trong bảng tính trước khi tạo biểu mẫu "
                f"hay đường dẫn:\n{lines}"
            ),
        )
    warnings = tuple(f"{p.issue} {p.handling}" for p in problems)
    return UnitList(tuple(u for u in units if u.monitored), SHEET_SOURCE, warnings)


def load_unit_list(
    spreadsheet_id: str | None, make_client: Callable[[], gspread.Client]
) -> UnitList:
    """Return the units of the configured spreadsheet (one read), or the seed's without one."""
    if not spreadsheet_id:
        return seed_unit_list()
    workbook = read_workbook(make_client(), spreadsheet_id)
    tab = workbook.tab(UNITS_TAB)
    return unit_list_from_tab(None if tab is None else tab.values)
