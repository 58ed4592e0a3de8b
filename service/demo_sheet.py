"""The demo's writes to the responses tab, made the way Google Forms makes them.

Forms appends one row per submission: a date-time value in column A (the spreadsheet's
local time) and each answer under its question's title, typed values rather than text to
be parsed: numbers as numbers, what a person typed as a literal string (``=1+1`` stays
text), check boxes joined by ", ". Each row is one ``appendCells`` request, so a sync never
sees half a row and a submission costs one write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import gspread

from forms.definition import QUESTIONS, RESPONSE_TAB_NAMES, TIMESTAMP_TITLES
from jobs.responses import TIMESTAMP, find_responses_tab, read_responses
from jobs.units import SEED_UNITS, UNITS_TAB, parse_units
from sheets.client import translate_errors
from sheets.workbook import Tab, Workbook, read_workbook

from .demo_data import SampleReport

RESPONSES_TAB = RESPONSE_TAB_NAMES[0]
HEADER = (TIMESTAMP_TITLES[0], *(q.title for q in QUESTIONS))
DATE_TIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm:ss"}
CELL_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat"
EPOCH = datetime(1899, 12, 30)  # day 0 of Sheets' date serials
SPARE_ROWS = 50

CellData = dict[str, Any]


@dataclass
class FormSheet:
    """What one read of the spreadsheet tells the demo form."""

    spreadsheet_id: str
    workbook: Workbook
    units: list[str]  # the monitored units, in the order of the Đơn vị tab

    @property
    def time_zone(self) -> ZoneInfo:
        """Return the spreadsheet's time zone (its date values are wall times there)."""
        try:
            return ZoneInfo(self.workbook.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("Etc/GMT")


def serial(moment: datetime, tz: ZoneInfo) -> float:
    """Return the Sheets date-time serial of a moment, as wall time in ``tz``."""
    wall = moment.astimezone(tz).replace(tzinfo=None)
    return (wall - EPOCH) / timedelta(days=1)


def cell(value: object) -> CellData:
    """Return the CellData of one answer: numbers as numbers, anything else as literal text."""
    if value is None or value == "":
        return {}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def timestamp_cell(moment: datetime, tz: ZoneInfo) -> CellData:
    """Return column A of a response: a date-time value shown as dd/mm/yyyy hh:mm:ss."""
    return {
        "userEnteredValue": {"numberValue": serial(moment, tz)},
        "userEnteredFormat": {"numberFormat": DATE_TIME_FORMAT},
    }


def response_cells(
    columns: Mapping[str, int],
    width: int,
    submitted_at: datetime,
    answers: Mapping[str, object],
    tz: ZoneInfo,
) -> list[CellData]:
    """Return one response row: the timestamp and each answer in its question's column."""
    row: list[CellData] = [{} for _ in range(width)]
    row[columns[TIMESTAMP]] = timestamp_cell(submitted_at, tz)
    for key, value in answers.items():
        row[columns[key]] = cell(value)
    return row


def header_columns() -> dict[str, int]:
    """Return the column of each answer in a responses tab with the form's own header."""
    return {TIMESTAMP: 0, **{q.key: index for index, q in enumerate(QUESTIONS, start=1)}}


def write_sample_tab(
    spreadsheet: gspread.Spreadsheet,
    reports: Iterable[SampleReport],
    tz: ZoneInfo,
    title: str = RESPONSES_TAB,
) -> gspread.Worksheet:
    """Add the responses tab first in the spreadsheet, with the header and sample reports."""
    columns = header_columns()
    rows = [[cell(title) for title in HEADER]]
    rows += [response_cells(columns, len(HEADER), r.submitted_at, r.answers, tz) for r in reports]
    with translate_errors():
        tab = spreadsheet.add_worksheet(
            title, rows=len(rows) + SPARE_ROWS, cols=len(HEADER), index=0
        )
        spreadsheet.batch_update(
            {
                "requests": [
                    {
                        "updateCells": {
                            "start": {"sheetId": tab.id, "rowIndex": 0, "columnIndex": 0},
                            "rows": [{"values": row} for row in rows],
                            "fields": CELL_FIELDS,
                        }
                    },
                    {
                        "updateSheetProperties": {
                            "properties": {
                                "sheetId": tab.id,
                                "gridProperties": {"frozenRowCount": 1},
                            },
                            "fields": "gridProperties.frozenRowCount",
                        }
                    },
                ]
            }
        )
    return tab


def open_form_sheet(client: gspread.Client, spreadsheet_id: str) -> FormSheet:
    """Read the spreadsheet once: the monitored units and the responses tab."""
    workbook = read_workbook(client, spreadsheet_id)
    units_tab = workbook.tab(UNITS_TAB)
    if units_tab is None:
        units = [u.name for u in SEED_UNITS if u.monitored]
    else:
        units = [u.name for u in parse_units(units_tab.values)[0] if u.monitored]
    return FormSheet(spreadsheet_id, workbook, units)


def append_response(
    client: gspread.Client,
    sheet: FormSheet,
    answers: Mapping[str, object],
    submitted_at: datetime,
) -> None:
    """Append one submission to the responses tab (created as Forms would if it is gone)."""
    tab = find_responses_tab(sheet.workbook)
    if tab is None:
        tab = _new_responses_tab(client, sheet)
    table = read_responses(tab)
    columns = dict(table.columns)
    header_cells: list[tuple[int, str]] = []
    width = max(len(tab.header()), 1)
    for question in table.missing:  # a question whose column the office deleted: re-add it
        columns[question.key] = width
        header_cells.append((width, question.title))
        width += 1
    requests: list[dict[str, Any]] = []
    if width > tab.column_count:
        requests.append(
            {
                "appendDimension": {
                    "sheetId": tab.sheet_id,
                    "dimension": "COLUMNS",
                    "length": width - tab.column_count,
                }
            }
        )
    for column, title in header_cells:
        requests.append(
            {
                "updateCells": {
                    "start": {"sheetId": tab.sheet_id, "rowIndex": 0, "columnIndex": column},
                    "rows": [{"values": [cell(title)]}],
                    "fields": CELL_FIELDS,
                }
            }
        )
    row = response_cells(columns, width, submitted_at, answers, sheet.time_zone)
    requests.append(
        {
            "appendCells": {
                "sheetId": tab.sheet_id,
                "rows": [{"values": row}],
                "fields": CELL_FIELDS,
            }
        }
    )
    with translate_errors():
        client.http_client.batch_update(sheet.spreadsheet_id, {"requests": requests})


def _new_responses_tab(client: gspread.Client, sheet: FormSheet) -> Tab:
    """Create an empty responses tab with the form's header and return it as read."""
    taken = {tab.title for tab in sheet.workbook.tabs}
    number = 1
    while f"{RESPONSES_TAB[:-2]} {number}" in taken:  # Forms' next name: "... biểu mẫu 2"
        number += 1
    with translate_errors():
        spreadsheet = client.open_by_key(sheet.spreadsheet_id)
    worksheet = write_sample_tab(
        spreadsheet, [], sheet.time_zone, title=f"{RESPONSES_TAB[:-2]} {number}"
    )
    return Tab(
        sheet_id=worksheet.id,
        title=worksheet.title,
        index=0,
        row_count=worksheet.row_count,
        column_count=worksheet.col_count,
        values=[list(HEADER)],
    )
