"""The status page in headless Chromium, with JavaScript off: phone and desktop, and print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from service import views
from tests.page_samples import corpus_snapshot, make_app
from tests.sync_corpus import NOW

SIZES = [(360, 740), (1280, 800)]
STATUSES = [
    "Đúng hạn",
    "Đã báo cáo (không rõ ngày)",
    "Muộn",
    "Đúng hạn",
    "Có lỗi",
    "Có lỗi",
    "Đúng hạn",
    "Muộn",
    "Đúng hạn",
]
SCREEN_ONLY = ["header.masthead", "nav.month-nav", ".overview", ".units", ".history", "footer"]
A4_POINTS = (841.92, 595.28)
HEADING = "Tình hình báo cáo i-Speed tháng 10/2026"


@pytest.fixture
def url(tmp_path, serve_app, monkeypatch) -> str:
    """Serve the corpus snapshot as read a minute ago, and return the page's address."""
    monkeypatch.setattr(views, "now", lambda: NOW + timedelta(minutes=1))
    return serve_app(make_app(tmp_path, corpus_snapshot())) + "/"


@pytest.fixture
def open_page(browser) -> Iterator[Any]:
    """Return a function opening (page, console and request problems) with JavaScript off."""
    contexts = []

    def open_(address: str, width: int, height: int) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=False
        )
        contexts.append(context)
        page = context.new_page()
        problems = []
        page.on("console", lambda message: problems.append(message.text))
        page.on("requestfailed", lambda request: problems.append(request.url))
        response = page.goto(address)
        assert response is not None and response.status == 200
        return page, problems

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_page_fits_the_screen_and_shows_every_status(open_page, url, artifacts, width, height):
    page, problems = open_page(url, width, height)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("window.innerWidth") == width
    badges = page.locator("table.unit-table tbody .badge")
    assert badges.all_inner_texts() == STATUSES
    for index in range(badges.count()):
        badge = badges.nth(index)
        assert badge.is_visible()
        box = badge.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    grid = page.locator(".grid-frame")  # the history grid fits without scrolling
    assert grid.evaluate("frame => frame.scrollWidth <= frame.clientWidth")
    assert " ".join(page.locator("h1").inner_text().split()) == HEADING
    assert problems == []  # no CSP violation, no failed request
    page.screenshot(path=str(artifacts / f"page-{width}.png"), full_page=True)


def test_the_month_picker_submits_without_javascript(open_page, url):
    page, _ = open_page(url, 360, 740)
    page.select_option("select#month", "2026-09")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"\?month=2026-09$"))
    assert "tháng 09/2026" in page.locator("h1").inner_text()
    assert page.locator('a[rel="next"]').inner_text().strip() == "Tháng 10/2026 ›"
    page.locator('a[rel="next"]').click()
    page.wait_for_url(re.compile(r"\?month=2026-10$"))


def test_printing_gives_the_phu_luc_3_table_alone_on_a4_landscape(open_page, url, artifacts):
    page, problems = open_page(url, 1280, 800)
    page.emulate_media(media="print")
    table = page.locator("table.official")
    assert table.is_visible()
    assert table.locator("caption").inner_text().startswith("BIỂU TỔNG HỢP")
    assert table.locator("tbody tr").count() == 9
    assert table.locator("tfoot").inner_text().split()[:2] == ["Tổng", "cộng"]
    for selector in SCREEN_ONLY:
        assert not page.locator(selector).first.is_visible(), selector
    page.screenshot(path=str(artifacts / "page-print.png"), full_page=True)
    assert problems == []
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = {
        (float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    }
    assert sizes and all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes)
