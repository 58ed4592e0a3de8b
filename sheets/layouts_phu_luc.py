"""The layout of ``Phụ lục 3 - MM/YYYY``: the official monthly table the office sends upward.

Columns A–I as in the seed letter (DESIGN.md §3)::

    1  BIỂU TỔNG HỢP                                   (merged A–I)
    2  Số liệu, báo cáo ... tháng 10/2026              (merged A–I)
    3  STT | Đơn vị | Số lượng (C–F)           | Phương tiện | Các hình thức | Ghi chú
    4      |        | Tin, Ảnh | Bài | CT/Ps | Buổi TT |   (A, B, G, H, I merged over 3–4)
    5… one row per expected unit
       Tổng cộng
       Lập lúc … (volatile)
       Đã báo cáo: 7/9 đơn vị (6 đúng hạn).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from jobs.report import REPORTED_STATUSES, MonthSummary, Status, UnitMonth

from .layouts_common import PROTECTION_NOTE, day_text, local, phu_luc_3_title
from .tabs import CellData, Style, TabContent, cell

COLUMNS = 9  # A–I
HEADER_ROWS = 4
TITLE = "BIỂU TỔNG HỢP"
SUBTITLE = "Số liệu, báo cáo về việc cài đặt và sử dụng công cụ i-Speed tháng {month}"
SINGLE_HEADERS = {
    0: "STT",
    1: "Đơn vị",
    6: "Phương tiện thực hiện",
    7: "Các hình thức tuyên truyền khác",
    8: "Ghi chú",
}
QUANTITY_HEADER = "Số lượng"
COUNT_HEADERS = ("Tin, Ảnh", "Bài", "Chương trình/Ps", "Buổi TT")
COUNT_COLUMNS = range(2, 6)  # C–F
TOTAL_LABEL = "Tổng cộng"
NOT_REPORTED = "Chưa báo cáo"
NOT_REPORTED_INVALID = "Chưa báo cáo (báo cáo có lỗi, xem trang Kiểm tra)"
LATE_NOTE = "Báo cáo muộn ({day})"
LATE_NOTE_UNDATED = "Báo cáo muộn"
MADE_AT = "Lập lúc {time} ngày {day} (giờ Việt Nam)."
REPORTED_LINE = "Đã báo cáo: {reported}/{expected} đơn vị ({on_time} đúng hạn)."
NOTE_SEPARATOR = "; "
# About 1,000 px in all, so the table fits the width of an A4 landscape page.
COLUMN_WIDTHS = [40, 200, 65, 65, 65, 65, 165, 165, 165]

_HEADER = {"bold": True, "align": "CENTER", "valign": "MIDDLE", "wrap": True}
_BODY = {"valign": "MIDDLE", "wrap": True}
_CENTRED = {**_BODY, "align": "CENTER"}
_BODY_STYLE, _CENTRED_STYLE = Style(**_BODY), Style(**_CENTRED)  # the cells of the unit rows


def phu_luc_3(summary: MonthSummary, *, made_at: datetime) -> TabContent:
    """Return the Phụ lục 3 tab of one month."""
    zone = summary.deadline.tzinfo
    rows: list[list[CellData]] = [
        _banner(TITLE),
        _banner(SUBTITLE.format(month=summary.month.label())),
        *_header_rows(),
    ]
    rows += [_unit_row(n, unit, zone) for n, unit in enumerate(summary.units, start=1)]
    rows.append(_total_row(summary))
    # The footer is two lines on purpose. The time the table was made changes on every
    # run, so its cell is volatile (left out of the fingerprint) and a sync that finds
    # nothing new writes nothing; the tab then keeps the time it last changed, which is
    # still when this content was made. The reporting counts are real content: a unit
    # going from "no date" to "on time" with the same numbers changes only this line, so
    # it stays out of the volatile cell and takes part in the fingerprint.
    made = local(made_at, zone)
    made_row = len(rows)
    rows.append(_footer(MADE_AT.format(time=made.strftime("%H:%M"), day=day_text(made))))
    rows.append(
        _footer(
            REPORTED_LINE.format(
                reported=summary.reported, expected=summary.expected, on_time=summary.on_time
            )
        )
    )
    table = (2, made_row, 0, COLUMNS)  # header, units and Tổng cộng: every cell boxed
    merges = [(0, 1, 0, COLUMNS), (1, 2, 0, COLUMNS), (2, 3, 2, 6)]
    merges += [(2, 4, col, col + 1) for col in SINGLE_HEADERS]
    merges += [(r, r + 1, 0, COLUMNS) for r in (made_row, made_row + 1)]
    return TabContent(
        title=phu_luc_3_title(summary.month),
        rows=rows,
        borders=[table],
        merges=merges,
        column_widths=list(COLUMN_WIDTHS),
        frozen_rows=HEADER_ROWS,
        volatile=frozenset({(made_row, 0)}),
        protection=PROTECTION_NOTE,
    )


def unit_note(unit: UnitMonth, zone: tzinfo | None = None) -> str:
    """Return the Ghi chú of a unit: its own notes, then what the office must know."""
    if unit.status is Status.MISSING:
        return NOT_REPORTED
    if unit.status is Status.INVALID:
        return NOT_REPORTED_INVALID
    parts = [unit.notes.strip().rstrip(";").rstrip()]
    if unit.status is Status.LATE:
        if unit.submitted_at is None:
            parts.append(LATE_NOTE_UNDATED)
        else:
            parts.append(LATE_NOTE.format(day=day_text(local(unit.submitted_at, zone))))
    return NOTE_SEPARATOR.join(part for part in parts if part)


def _banner(text: str) -> list[CellData]:
    """Return a title row: bold, centred text in A, to be merged across A–I."""
    return [cell(text, bold=True, align="CENTER", valign="MIDDLE", wrap=True)]


def _header_rows() -> list[list[CellData]]:
    """Return rows 3 and 4, every cell formatted alike so merged cells look whole."""
    top = [cell(**_HEADER) for _ in range(COLUMNS)]
    bottom = [cell(**_HEADER) for _ in range(COLUMNS)]
    for col, text in SINGLE_HEADERS.items():
        top[col] = cell(text, **_HEADER)
    top[COUNT_COLUMNS.start] = cell(QUANTITY_HEADER, **_HEADER)
    for col, text in zip(COUNT_COLUMNS, COUNT_HEADERS, strict=True):
        bottom[col] = cell(text, **_HEADER)
    return [top, bottom]


def _unit_row(number: int, unit: UnitMonth, zone: tzinfo | None) -> list[CellData]:
    """Return one unit's row: numbers as numbers, no counts without a valid report."""
    reported = unit.status in REPORTED_STATUSES
    counts = unit.counts.as_tuple() if reported and unit.counts is not None else (None,) * 4
    texts = (unit.means, unit.other_forms) if reported else ("", "")
    centred, body = _CENTRED_STYLE, _BODY_STYLE
    return [
        centred(number),
        body.text(unit.unit),
        *map(centred, counts),
        *map(body.text, texts),
        body.text(unit_note(unit, zone)),
    ]


def _total_row(summary: MonthSummary) -> list[CellData]:
    """Return the Tổng cộng row with the four sums written as numbers."""
    total = {**_CENTRED, "bold": True}
    return [
        cell(**_BODY),
        cell(TOTAL_LABEL, **{**_BODY, "bold": True}),
        *(cell(value, **total) for value in _reported_totals(summary)),
        *(cell(**_BODY) for _ in range(3)),
    ]


def _reported_totals(summary: MonthSummary) -> tuple[int, int, int, int]:
    """Return the sums over the units that reported (an invalid report's counts never count)."""
    counted = [
        unit.counts.as_tuple()
        for unit in summary.units
        if unit.status in REPORTED_STATUSES and unit.counts is not None
    ]
    sums = [sum(column) for column in zip(*counted, strict=True)] or [0, 0, 0, 0]
    return (sums[0], sums[1], sums[2], sums[3])


def _footer(text: str) -> list[CellData]:
    """Return a footer line: italic text in A, to be merged across A–I."""
    return [cell(text, italic=True)]
