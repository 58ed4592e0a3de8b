"""The demo end to end in headless Chromium on a phone-sized screen, JavaScript off:
fill the demo form for the unit that has not reported, sync, see the unit reported.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import requests

from service.demo import demo_app, prepare
from service.settings import Settings
from tests.sync_corpus import TZ

TOKEN = "demo-sync-token"
TIMEOUT_MS = 15_000
HTTP_TIMEOUT = 30


@pytest.fixture
def demo(tmp_path, client, emulator, serve_app):
    """Start the demo pieces in-process; return (base URL, the sample's plan)."""
    prepared = prepare(client, tz=TZ, deadline_day=10)
    assert prepared.plan is not None and prepared.plan.silent
    settings = Settings(
        spreadsheet_id=prepared.spreadsheet_id,
        sheets_endpoint=emulator.url,
        state_dir=str(tmp_path / "state"),
        scheduler=False,
        task_token=TOKEN,
    )
    app = demo_app(settings, client_factory=lambda: client, first_read=False)
    return serve_app(app), prepared.plan


@pytest.fixture
def phone(browser):
    """Return a page on a 360×740 screen with JavaScript off, and close it afterwards."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _validity(page, selector: str, flag: str) -> bool:
    """Return one flag of a field's HTML5 validity state."""
    return page.locator(selector).evaluate(f"field => field.validity.{flag}")


def test_a_unit_reports_on_the_demo_form_and_shows_as_reported(phone, demo, artifacts):
    url, plan = demo
    page = phone
    reply = page.goto(f"{url}/demo/form")
    assert reply is not None and reply.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "demo-form-360.png"), full_page=True)

    # The browser applies the form's rules before sending (no script needed).
    page.click("button[type=submit]")
    assert page.url == f"{url}/demo/form"
    assert _validity(page, "#q-unit", "valueMissing")
    page.fill("#q-month", "13/2026")
    assert _validity(page, "#q-month", "patternMismatch")
    page.fill("#q-news", "-1")
    assert _validity(page, "#q-news", "rangeUnderflow")
    page.fill("#q-phone", "abc")
    assert _validity(page, "#q-phone", "patternMismatch")

    page.select_option("#q-unit", plan.silent)
    page.fill("#q-month", plan.month.label())
    assert not _validity(page, "#q-month", "patternMismatch")
    page.fill("#q-news", "6")
    page.fill("#q-articles", "2")
    page.fill("#q-programmes", "1")
    page.fill("#q-sessions", "0")
    page.check("input[name=means][value='Zalo']")
    page.check("input[name=means][value='Facebook']")
    page.fill("#q-reporter", "Nông Thị Hạnh")
    page.fill("#q-phone", "0912 345 678")
    assert not _validity(page, "#q-phone", "patternMismatch")
    page.screenshot(path=str(artifacts / "demo-form-filled-360.png"), full_page=True)
    sent_at = datetime.now(TZ)
    page.click("button[type=submit]")
    page.wait_for_url("**/demo/form/da-gui**")
    text = page.inner_text("main")
    assert "Đã gửi báo cáo" in text and plan.silent in text
    page.screenshot(path=str(artifacts / "demo-thanks-360.png"), full_page=True)

    synced = requests.post(
        f"{url}/tasks/sync", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=HTTP_TIMEOUT
    )
    assert synced.json()["outcome"] == "ok"
    on_time = sent_at < plan.deadline
    status = requests.get(f"{url}/api/status?month={plan.month.iso()}", timeout=HTTP_TIMEOUT)
    unit = next(u for u in status.json()["units"] if u["name"] == plan.silent)
    assert unit["status"] == ("on_time" if on_time else "late")
    assert unit["counts"] == {"news": 6, "articles": 2, "programmes": 1, "sessions": 0}

    reply = page.goto(f"{url}/?month={plan.month.iso()}")
    assert reply is not None and reply.status == 200
    if plan.silent in page.inner_text("body"):  # the status page lists the units
        rows = page.locator("tr", has_text=plan.silent)
        label = "Đúng hạn" if on_time else "Muộn"
        assert any(label in rows.nth(i).inner_text() for i in range(rows.count()))
