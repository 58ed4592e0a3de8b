"""A sheet of a few hundred communes over half a year, for writes too big for one request.

Deterministic: every tenth report or so is missing, every thirteenth late, so the status
grid has runs and breaks like a real one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import gspread

from jobs.periods import Month
from jobs.units import UNIT_HEADERS, UNITS_TAB
from tests.sync_corpus import HEADER, RESPONSES, vietnamese_spreadsheet

EPOCH = datetime(1899, 12, 30)  # day 0 of Sheets' date serial numbers
MONTHS = [Month(2026, month) for month in range(5, 11)]  # 05/2026 … 10/2026 (due at NOW)
MEANS = ("Zalo", "Facebook, Zalo", "Đài truyền thanh, loa", "Trang thông tin điện tử")


def unit_name(number: int) -> str:
    """Return the name of commune ``number`` (unique, even without diacritics)."""
    return f"Xã Thử Nghiệm Số {number}"


def big_sheet(client: gspread.Client, units: int = 200) -> gspread.Spreadsheet:
    """Return a Vietnamese spreadsheet with ``units`` communes and their reports."""
    spreadsheet = vietnamese_spreadsheet(client)
    unit_rows = [list(UNIT_HEADERS)]
    unit_rows += [[n, unit_name(n), "Xã", "", "", "Có"] for n in range(1, units + 1)]
    tab = spreadsheet.add_worksheet(UNITS_TAB, rows=units + 1, cols=len(UNIT_HEADERS))
    tab.update(unit_rows, "A1", value_input_option="RAW")
    rows = [HEADER]
    for m, month in enumerate(MONTHS):
        due = month.next()
        for n in range(1, units + 1):
            if (n * 7 + m) % 10 == 0:
                continue  # missing
            day = 15 if (n + m) % 13 == 0 else 1 + (n + m) % 9
            sent = datetime(due.year, due.month, day, 8 + n % 10, n % 60)
            counts = [n % 7, m % 3, (n + m) % 2, 1]
            means = MEANS[(n + m) % len(MEANS)]
            rows.append([serial(sent), unit_name(n), month.label(), *counts, means, "", "", "A"])
    responses = spreadsheet.add_worksheet(RESPONSES, rows=len(rows), cols=len(HEADER))
    responses.update(rows, "A1", value_input_option="RAW")
    date_time = {"numberFormat": {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm:ss"}}
    column_a = {"sheetId": responses.id, "startRowIndex": 1, "startColumnIndex": 0}
    column_a["endColumnIndex"] = 1
    repeat = {
        "range": column_a,
        "cell": {"userEnteredFormat": date_time},
        "fields": "userEnteredFormat.numberFormat",
    }
    spreadsheet.batch_update({"requests": [{"repeatCell": repeat}]})
    return spreadsheet


def serial(moment: datetime) -> float:
    """Return a wall time as a Sheets date-time serial number."""
    return round((moment - EPOCH) / timedelta(days=1), 10)
