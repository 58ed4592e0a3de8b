"""The status page through Flask's test client: exact Vietnamese text, caching, safety."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from jobs.periods import Month
from service import page_model, views
from service.app import SECURITY_HEADERS
from service.page_tables import history
from sheets.layouts_phu_luc import COUNT_HEADERS, phu_luc_3
from tests.page_samples import (
    HOSTILE_NOTE,
    HOSTILE_UNIT,
    OCTOBER,
    corpus_result,
    corpus_snapshot,
    hostile_snapshot,
    make_app,
    tables,
)
from tests.sync_corpus import CENTRE, NOW, TZ

READ_AT = NOW  # the corpus was read at 23/11/2026 09:00
UNIT_ROWS = [
    ["STT", "Đơn vị", "Tình trạng", "Ngày gửi"],
    ["1", CENTRE, "Đúng hạn", "05/11/2026 08:12"],
    ["2", "Phường Nguyễn Thị Minh Khai", "Đã báo cáo (không rõ ngày)", "—"],
    ["3", "Phường Sông Cầu", "Muộn", "18/11/2026 08:00"],
    ["4", "Phường Đức Xuân", "Đúng hạn", "07/11/2026 10:00"],
    ["5", "Phường Phùng Chí Kiên", "Có lỗi", "—"],
    ["6", "Phường Huyền Tụng", "Có lỗi", "—"],
    ["7", "Xã Dương Quang", "Đúng hạn", "09/11/2026 23:59"],
    ["8", "Xã Nông Thượng", "Muộn", "10/11/2026 00:00"],
    ["9", "Phường Xuất Hóa", "Đúng hạn", "08/11/2026 14:00"],
]
FAILURE = "Không đọc được bảng tính: Google từ chối quyền truy cập của dịch vụ."


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Set the page's clock: a minute after the corpus was read, unless a test moves it."""
    moment = SimpleNamespace(now=READ_AT + timedelta(minutes=1))
    monkeypatch.setattr(views, "now", lambda: moment.now)
    return moment


@pytest.fixture
def app(tmp_path, clock):
    """Return the app serving the corpus snapshot."""
    return make_app(tmp_path, corpus_snapshot())


@pytest.fixture
def web(app):
    """Return a test client of the app."""
    return app.test_client()


def page(web, query: str = "") -> str:
    """Return the HTML of the page, checking it was served whole."""
    response = web.get("/" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_the_month_due_is_shown_by_default_with_deadline_rates_and_read_time(web):
    html = page(web)
    assert '<html lang="vi">' in html
    assert "<title>Tình hình báo cáo i-Speed tháng 10/2026</title>" in html
    assert '<span class="month">tháng 10/2026</span>' in html
    assert "Hạn nộp: trước 00:00 ngày 10/11/2026" in html
    assert ">Đã quá hạn 14 ngày<" in html
    assert "Tỷ lệ báo cáo</h2>" in html and ">7/9 đơn vị (77,8%)<" in html
    assert "Tỷ lệ đúng hạn</h2>" in html and ">4/9 đơn vị (44,4%)<" in html
    assert "Số liệu đọc từ bảng tính lúc 09:00 ngày 23/11/2026" in html
    for label, value in zip(COUNT_HEADERS, (30, 10, 6, 5), strict=True):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert page(web, "?month=2026-10") == html


def test_every_expected_unit_has_its_status_label_and_date(web):
    html = page(web)
    assert tables(html)["unit-table"] == UNIT_ROWS
    assert "<caption>Tình hình báo cáo của từng đơn vị, tháng 10/2026</caption>" in html
    counts = re.findall(
        r'<span class="badge badge-(\w+)">([^<]+)</span> <strong>(\d+)</strong>', html
    )
    assert counts == [
        ("on_time", "Đúng hạn", "4"),
        ("late", "Muộn", "2"),
        ("reported", "Đã báo cáo (không rõ ngày)", "1"),
        ("invalid", "Có lỗi", "2"),
        ("missing", "Chưa báo cáo", "0"),
    ]


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 1, 0, 0, tzinfo=TZ), "Còn 9 ngày"),
        (datetime(2026, 11, 8, 15, 0, tzinfo=TZ), "Còn 2 ngày"),
        (datetime(2026, 11, 9, 23, 59, tzinfo=TZ), "Còn 1 ngày"),
        (datetime(2026, 11, 10, 0, 0, tzinfo=TZ), "Đã quá hạn 1 ngày"),
        (datetime(2026, 11, 10, 23, 0, tzinfo=TZ), "Đã quá hạn 1 ngày"),
        (datetime(2026, 11, 23, 9, 1, tzinfo=TZ), "Đã quá hạn 14 ngày"),
    ],
)
def test_days_left_or_overdue_count_the_days_begun_in_vietnam_time(moment, text):
    deadline = datetime(2026, 11, 10, tzinfo=TZ)
    assert page_model.countdown(deadline, moment)[0] == text


def test_the_day_count_follows_the_clock_between_two_views(web, clock):
    clock.now = datetime(2026, 11, 8, 15, 0, tzinfo=TZ)
    assert ">Còn 2 ngày<" in page(web)
    clock.now = datetime(2026, 11, 11, 8, 0, tzinfo=TZ)
    assert ">Đã quá hạn 2 ngày<" in page(web)


def test_the_month_picker_works_without_javascript(web):
    html = page(web)
    assert '<form class="picker" method="get" action="/">' in html
    assert '<label for="month">Tháng báo cáo</label>' in html
    assert '<select id="month" name="month">' in html
    options = re.findall(r'<option value="([\d-]+)"( selected)?>([\d/]+)</option>', html)
    assert options == [
        ("2026-10", " selected", "10/2026"),
        ("2026-09", "", "09/2026"),
        ("2026-08", "", "08/2026"),
    ]
    assert '<button type="submit">Xem</button>' in html
    assert 'rel="prev" href="/?month=2026-09"' in html and "Không có tháng sau" in html
    september = page(web, "?month=2026-09")
    assert 'rel="prev" href="/?month=2026-08"' in september
    assert 'rel="next" href="/?month=2026-10"' in september
    assert '<option value="2026-09" selected>09/2026</option>' in september


def test_the_history_grid_covers_twelve_months_with_dashes_where_data_is_missing(web):
    grid = tables(page(web))["grid"]
    assert grid[0] == ["Đơn vị", "2025", "2026"]
    assert grid[1] == ["11", "12", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    rows = {row[0]: row[1:] for row in grid[2:]}
    assert rows[CENTRE] == ["—"] * 9 + ["M", "C", "Đ"]
    assert rows["Xã Dương Quang"] == ["—"] * 9 + ["C", "Đ", "Đ"]
    assert rows["Phường Nguyễn Thị Minh Khai"][-1] == "B"
    assert rows["Phường Huyền Tụng"][-1] == "L"
    assert rows["Số đơn vị đã báo cáo"] == ["—"] * 9 + ["1/9", "1/9", "7/9"]
    assert len(rows) == 10  # nine units and the count


def test_the_history_grid_reads_its_letters_and_months_in_words(web):
    html = page(web)
    assert "<caption>Tình hình báo cáo từ tháng 11/2025 đến tháng 10/2026</caption>" in html
    assert '<span class="sr-only">Tháng 10/2026</span>' in html
    assert '<span aria-hidden="true">Đ</span><span class="sr-only">Đúng hạn</span>' in html
    assert '<span aria-hidden="true">—</span><span class="sr-only">Không có số liệu</span>' in html
    assert '<a href="/?month=2026-09">' in html  # a known month's column opens it


def test_the_grid_window_crosses_years_and_ignores_months_it_lacks():
    grid = history({}, Month(2027, 1))
    assert grid.years == [(2026, 11), (2027, 1)]
    assert [m.short for m in grid.months][:2] == ["02", "03"]
    assert grid.rows == [] and grid.reported == [("—", "")] * 12


def test_phu_luc_3_has_the_official_columns_and_the_sheet_tabs_values(web):
    html = page(web)
    official = tables(html)["official"]
    tab = phu_luc_3(corpus_result().summaries[OCTOBER], made_at=NOW)
    sheet = [[_value(cell) for cell in row] for row in tab.rows]
    assert [t for t in official[0] if t] == [t for t in sheet[2] if t]
    assert official[1] == list(COUNT_HEADERS) == sheet[3][2:6]
    assert official[2:] == [row + [""] * (9 - len(row)) for row in sheet[4:-2]]
    assert official[-1][1:6] == ["Tổng cộng", "30", "10", "6", "5"]
    assert '<th scope="colgroup" colspan="4">Số lượng</th>' in html
    assert len(re.findall(r'<th scope="col" rowspan="2"', html)) == 6  # 5 official + grid
    assert "<strong>BIỂU TỔNG HỢP</strong>" in html
    assert "Số liệu, báo cáo về việc cài đặt và sử dụng công cụ i-Speed tháng 10/2026" in html
    assert "Lập lúc 09:00 ngày 23/11/2026 (giờ Việt Nam)." in html
    assert "Đã báo cáo: 7/9 đơn vị (4 đúng hạn)." in html


def test_the_stylesheet_prints_only_phu_luc_3_on_a4_landscape(web):
    with web.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    printing = css[css.index("@media print") :]
    assert re.search(r"@page\s*{\s*size: A4 landscape;", printing)
    for hidden in (".masthead", ".month-nav", ".overview", ".units", ".history"):
        assert hidden in printing.split("display: none")[0]


def test_a_refresh_costs_a_304_and_the_page_is_rendered_once(web, monkeypatch):
    built = []
    real = page_model.build
    monkeypatch.setattr(page_model, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    first = web.get("/?month=2026-09")
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = web.get("/?month=2026-09", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert web.get("/?month=2026-09").data == first.data
    assert len(built) == 1


def test_text_people_typed_is_escaped_and_the_page_has_no_script(tmp_path, clock):
    web = make_app(tmp_path, hostile_snapshot()).test_client()
    html = page(web)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;đậm&lt;/b&gt; &amp; &lt;i&gt;nghiêng&lt;/i&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;em&gt;Bảng tính&lt;/em&gt;" in html
    assert "<script" not in html.lower() and "<b>" not in html and "<img" not in html
    assert tables(html)["unit-table"][1][1] == HOSTILE_UNIT
    assert tables(html)["official"][2][-1] == HOSTILE_NOTE


def test_the_corpus_markup_stays_text_and_no_page_has_a_script(web):
    for month in ("2026-08", "2026-09", "2026-10"):
        html = page(web, f"?month={month}")
        assert "<script" not in html.lower()
    assert "<td>&lt;b&gt;Loa&lt;/b&gt;</td>" in page(web, "?month=2026-09")


def test_no_reporter_name_phone_or_email_appears(web):
    for month in ("2026-08", "2026-09", "2026-10"):
        html = page(web, f"?month={month}")
        for private in ("Người báo cáo", "0912345678", "a@b.vn", "Số điện thoại"):
            assert private not in html


def test_a_failed_sync_shows_a_warning_with_its_message(app, web):
    assert "Số liệu có thể đã cũ" not in page(web)
    app.extensions["ispeed"].state.record_failure(FAILURE, "PermissionError: 403 detail")
    html = page(web)
    assert "Số liệu có thể đã cũ" in html
    assert FAILURE in html and "PermissionError" not in html
    assert "Trang đang hiển thị số liệu đọc lúc 09:00 ngày 23/11/2026." in html


def test_data_older_than_three_sync_intervals_is_marked_stale(web, clock):
    clock.now = READ_AT + timedelta(minutes=14)
    assert "Số liệu có thể đã cũ" not in page(web)
    clock.now = READ_AT + timedelta(minutes=16)
    html = page(web)
    assert "Số liệu có thể đã cũ" in html
    assert "Dịch vụ chưa đọc lại bảng tính từ lúc 09:00 ngày 23/11/2026" in html


def test_no_snapshot_yet_is_a_friendly_503_with_retry_after(tmp_path, clock):
    response = make_app(tmp_path, None).test_client().get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html and "<h1>Chưa có số liệu</h1>" in html
    assert "Vui lòng tải lại trang sau ít phút." in html


@pytest.mark.parametrize("month", ["abc", "2026-13", "10/2026", "2026-1x"])
def test_a_bad_month_is_a_400_page_in_vietnamese(web, month):
    response = web.get("/", query_string={"month": month})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<h1>Tháng không hợp lệ</h1>" in html and "ví dụ ?month=2026-10" in html


def test_a_month_without_data_is_a_404_page_in_vietnamese(web):
    response = web.get("/?month=2020-01")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Chưa có số liệu cho tháng 01/2020</h1>" in html
    assert 'href="/">Về trang tình hình báo cáo</a>' in html


@pytest.mark.parametrize("query", ["", "?month=2026-09", "?month=bad", "?month=2020-01"])
def test_every_answer_carries_the_security_headers(web, query):
    response = web.get("/" + query)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_the_tables_are_marked_up_for_screen_readers(web):
    html = page(web)
    assert html.count("<caption>") == 3
    assert '<th scope="row">Phường Sông Cầu</th>' in html
    assert '<th scope="col">Tình trạng</th>' in html
    headers = re.findall(r"<th(\s[^>]*)?>", html)
    assert headers and all("scope=" in attributes for attributes in headers)


def _value(cell: dict) -> str:
    """Return the text a sheet cell shows (numbers as whole numbers)."""
    value = next(iter(cell.get("userEnteredValue", {}).values()), "")
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
