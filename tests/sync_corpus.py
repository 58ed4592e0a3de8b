"""A realistic, messy month of responses, written into an emulator the way Forms writes them.

Now is 23/11/2026 09:00 in Hà Nội; October 2026 is the month due (deadline 10/11/2026).
"""

from __future__ import annotations

import threading
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import gspread

from jobs.sync import SyncResult, run_sync
from jobs.units import UNIT_HEADERS, UNITS_TAB, seed_rows

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
RESPONSES = "Câu trả lời biểu mẫu 1"
CENTRE = "Trung tâm Văn hoá, Thể thao và Truyền thông"

HEADER = [
    "Dấu thời gian",
    "Đơn vị báo cáo",
    "Tháng báo cáo",
    "Số tin/ảnh",  # punctuation differs from the form's "Số tin, ảnh"
    "Số bài",
    "Số chương trình/phóng sự",
    "Số buổi tuyên truyền (buổi)",  # renamed slightly by the office
    "Phương tiện thực hiện",
    "Các hình thức tuyên truyền khác",
    "Ghi chú",
    "Người báo cáo",
    "Số điện thoại",
    "Địa chỉ email",  # an extra column the form collects
]

# (timestamp as typed in column A, unit, month, news, articles, programmes, sessions,
#  means, other forms, notes)
ROWS: list[list[object]] = [
    [
        "05/11/2026 08:12:33",
        CENTRE,
        "10/2026",
        12,
        3,
        2,
        1,
        "Trang thông tin điện tử, Zalo",
        "Pano tại trung tâm",
        "",
    ],
    ["06/11/2026 09:00:00", "phường sông cầu", "10/2026", 5, 1, 0, 1, "Zalo", "", ""],
    [
        "07/11/2026 10:00:00",
        unicodedata.normalize("NFD", "Phường Đức Xuân"),
        "Tháng 10/2026",
        4,
        2,
        1,
        0,
        "Facebook",
        "",
        "",
    ],
    ["08/11/2026 14:00:00", "Phường Xuất Hoá", "10-2026", 3, "", 1, 0, "", "", ""],
    [
        "09/11/2026 23:59:59",
        "xa duong quang",
        "10/2026",
        2,
        2,
        2,
        2,
        "Đài truyền thanh, loa",
        "",
        "",
    ],
    [
        "10/11/2026 00:00:01",
        "Xã Nông Thượng",
        "10/2026",
        1,
        0,
        0,
        1,
        "",
        "",
        '=HYPERLINK("http://x","bấm")',
    ],
    ["15/11/2026 08:00:00", "Phường Huyền Tung", "10/2026", "năm", 1, 1, 1, "", "", ""],
    ["16/11/2026 08:00:00", "Phường Phùng Chí Kiên", "10/2026", -2, 1, 0, 0, "", "", ""],
    ["17/11/2026 08:00:00", "Phường Phùng Chí Kiên", "10/2026", 2.5, 1, 0, 0, "", "", ""],
    ["", "", "", "", "", "", "", "", "", ""],  # a blank row between answers
    [
        "18/11/2026 08:00:00",
        "Phường Sông Cầu",
        "10/2026",
        6,
        1,
        0,
        1,
        "Zalo, Facebook",
        "",
        "Bổ sung số liệu",
    ],
    [
        "",
        "Phường Nguyễn Thị Minh Khai",
        "10/2026",
        2,
        2,
        0,
        0,
        "",
        "",
        "Nhập tay: báo cáo qua Zalo",
    ],
    ["15/09/2026 08:00:00", CENTRE, "08/2026", 10, 0, 0, 0, "", "", ""],
    ["20/11/2026 08:00:00", "Phường Sông Cầu", "12/2026", 1, 1, 1, 1, "", "", ""],
    ["21/11/2026 08:00:00", "Phường Không Tồn Tại", "10/2026", 1, 1, 1, 1, "", "", ""],
    ["22/11/2026 08:00:00", "Xã Bị Bỏ", "10/2026", 1, 1, 1, 1, "", "", ""],
    ["03/10/2026 07:30:00", "Xã Dương Quang", "09/2026", 1, 1, 0, 0, "", "<b>Loa</b>", ""],
]
TYPED_AS_TEXT = {17}  # sheet row whose timestamp the office typed as text (not a date value)


def vietnamese_spreadsheet(client: gspread.Client) -> gspread.Spreadsheet:
    """Create a spreadsheet set to Vietnamese locale and Hà Nội time, like the office's."""
    spreadsheet = client.create("Báo cáo i-Speed thành phố Bắc Kạn")
    spreadsheet.batch_update(
        {
            "requests": [
                {
                    "updateSpreadsheetProperties": {
                        "properties": {"locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"},
                        "fields": "locale,timeZone",
                    }
                }
            ]
        }
    )
    return spreadsheet


def units_with_an_unmonitored_one() -> list[list[object]]:
    """Return the seed Đơn vị rows plus a commune no longer monitored."""
    rows = seed_rows()
    assert list(rows[0]) == list(UNIT_HEADERS)
    rows.append([10, "Xã Bị Bỏ", "Xã", "", "", "Không"])
    return rows


def write_responses(spreadsheet: gspread.Spreadsheet, rows: list[list[object]] = ROWS) -> None:
    """Write the responses tab: dates as date values (as Forms does), answers as typed."""
    tab = spreadsheet.add_worksheet(RESPONSES, rows=200, cols=len(HEADER))
    body = [HEADER]
    for line in rows:
        body.append([*line, "Người báo cáo", "0912345678", "a@b.vn"] if any(line) else [])
    tab.update(body, "A1", value_input_option="RAW")
    dated = [
        {"range": f"'{RESPONSES}'!A{offset + 2}", "values": [[line[0]]]}
        for offset, line in enumerate(rows)
        if line[0] and offset + 2 not in TYPED_AS_TEXT
    ]
    spreadsheet.values_batch_update({"valueInputOption": "USER_ENTERED", "data": dated})


def messy_office(client: gspread.Client) -> gspread.Spreadsheet:
    """Return a Vietnamese spreadsheet after init-sheet, with a unit list that has an
    unmonitored commune and the messy responses added (not yet synced)."""
    spreadsheet = vietnamese_spreadsheet(client)
    sync(client, spreadsheet, require_responses=False)
    spreadsheet.worksheet(UNITS_TAB).update(units_with_an_unmonitored_one(), "A1")
    write_responses(spreadsheet)
    return spreadsheet


def sync(client: gspread.Client, spreadsheet: gspread.Spreadsheet, **kwargs) -> SyncResult:
    """Run the sync as the service does, at the corpus's 'now'."""
    return run_sync(client, spreadsheet.id, tz=TZ, deadline_day=10, now=NOW, **kwargs)


def syncs_at_once(
    client: gspread.Client, spreadsheet: gspread.Spreadsheet, count: int = 3
) -> tuple[list[SyncResult], list[Exception]]:
    """Start ``count`` syncs at the same moment; return their results and their errors."""
    results: list[SyncResult] = []
    errors: list[Exception] = []

    def run() -> None:
        try:
            results.append(sync(client, spreadsheet))
        except Exception as err:  # the caller says which errors are allowed
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
