"""What each tab the service writes should contain, as pure builders of :class:`TabContent`.

The builders take records from ``jobs.report`` and return cells, merges and widths; the
tab writer turns them into one batchUpdate. The Phụ lục 3 table is in
``layouts_phu_luc``, the office's working tabs in ``layouts_checks``, names and helpers in
``layouts_common``; everything public is importable from here.
"""

from __future__ import annotations

from .layouts_checks import forget_columns, kiem_tra, status_text, tinh_hinh_nop
from .layouts_common import (
    DON_VI,
    KIEM_TRA,
    PHU_LUC_3_PREFIX,
    PROTECTION_NOTE,
    TINH_HINH_NOP,
    month_of_title,
    phu_luc_3_title,
    shown_of,
)
from .layouts_phu_luc import phu_luc_3, unit_note
from .tabs import CellData, TabContent, cell

__all__ = [
    "DON_VI",
    "KIEM_TRA",
    "PHU_LUC_3_PREFIX",
    "PROTECTION_NOTE",
    "TINH_HINH_NOP",
    "don_vi",
    "forget_columns",
    "kiem_tra",
    "month_of_title",
    "phu_luc_3",
    "phu_luc_3_title",
    "shown_of",
    "status_text",
    "tinh_hinh_nop",
    "unit_note",
]

DON_VI_WIDTHS = [40, 240, 120, 110, 260, 80]
DON_VI_SPARE_ROWS = 200  # room for the office to add units (communes merge and split)
_TEXT_FORMAT = {"numberFormat": {"type": "TEXT", "pattern": "@"}}


def don_vi(rows: list[list[str | int]]) -> TabContent:
    """Return the first content of the Đơn vị tab: its header row, then one row per unit.

    Written once; the office owns the tab afterwards, so it is not protected.
    """
    content = [[cell(value, bold=True, wrap=True) for value in rows[0]]] if rows else []
    content += [[_unit_cell(value) for value in line] for line in rows[1:]]
    return TabContent(
        title=DON_VI,
        rows=content,
        borders=_boxes(content),
        column_widths=list(DON_VI_WIDTHS),
        frozen_rows=1,
        spare_rows=DON_VI_SPARE_ROWS,
    )


def _boxes(rows: list[list[CellData]]) -> list[tuple[int, int, int, int]]:
    """Return the bordered rectangles of a list: every written cell boxed, row runs joined."""
    boxes: list[tuple[int, int, int, int]] = []
    for r, line in enumerate(rows):
        if not line:
            continue
        if boxes and boxes[-1][1] == r and boxes[-1][3] == len(line):
            boxes[-1] = (boxes[-1][0], r + 1, 0, len(line))
        else:
            boxes.append((r, r + 1, 0, len(line)))
    return boxes


def _unit_cell(value: str | int) -> CellData:
    """Return one cell of the unit list; digit strings such as referral codes stay text.

    Besides ``stringValue``, a digit string gets the plain-text number format, so the
    office can retype a code in place without Sheets turning ``0605801834`` into a number.
    """
    data = cell(value)
    if isinstance(value, str) and value.strip().isdigit():
        # A new dict: cells of one style share their format (see ``cell``).
        data["userEnteredFormat"] = {**data.get("userEnteredFormat", {}), **_TEXT_FORMAT}
    return data
