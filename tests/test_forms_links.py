"""form-links: prefilled links per unit, their QR codes and the printable page of cards."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from forms import forms_api
from forms.cards import write_cards
from forms.links import parse_entries, prefilled_url, published_form_id, slug, unit_links
from jobs.periods import Month, month_due
from jobs.units import SEED_UNITS, UNITS_TAB, Unit, seed_rows
from service.cli import main
from tests.sync_corpus import TZ

FORM_URL = "https://docs.google.com/forms/d/e/1FAIpQLSdAbCdEfGh_-123/viewform"
ENTRIES = '{"unit": "1234567890", "month": "987654321", "news": "5"}'
MONTH = Month(2026, 10)


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_link_selects_the_unit_and_the_month():
    url = prefilled_url(
        "1FAIpQL", {"unit": "11", "month": "22"}, {"unit": "Phường Đức Xuân", "month": "10/2026"}
    )
    assert url.startswith("https://docs.google.com/forms/d/e/1FAIpQL/viewform?usp=pp_url&entry.11=")
    assert _query(url) == {
        "usp": ["pp_url"],
        "entry.11": ["Phường Đức Xuân"],
        "entry.22": ["10/2026"],
    }
    assert url.isascii() and " " not in url


def test_decomposed_vietnamese_is_sent_composed():
    decomposed = unicodedata.normalize("NFD", "Xã Nông Thượng")
    url = prefilled_url("f", {"unit": "1"}, {"unit": decomposed})
    assert _query(url)["entry.1"] == [unicodedata.normalize("NFC", decomposed)]


def test_unit_links_follow_the_list_with_unique_file_names():
    twins = [Unit(1, "Xã A", "Xã", "", (), True), Unit(2, "Xa A", "Xã", "", (), True)]
    links = unit_links("f", {"unit": "1", "month": "2"}, twins, MONTH)
    assert [link.slug for link in links] == ["01-xa-a", "02-xa-a"]
    assert slug("Phường Đức Xuân") == "phuong-duc-xuan"


@pytest.mark.parametrize(
    "text",
    [
        ENTRIES,
        "Mã các ô (dán vào lệnh form-links): " + ENTRIES,
        '{"unit": 1234567890, "month": "entry.987654321"}',
    ],
)
def test_entries_are_read_from_json_or_the_log_line(text):
    entries = parse_entries(text)
    assert entries["unit"] == "1234567890" and entries["month"] == "987654321"


def test_entries_are_read_from_a_file(tmp_path):
    path = tmp_path / "ma-cac-o.json"
    path.write_text(ENTRIES, encoding="utf-8")
    assert parse_entries(str(path))["unit"] == "1234567890"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ('{"unit": "1", "month": }', "không phải JSON hợp lệ"),
        ('["unit", "month"]', "phải là một đối tượng JSON"),
        ('{"unit": "1"}', "Thiếu mã ô của “month”"),
        ('{"news": "1"}', "Thiếu mã ô của “unit” và “month”"),
        ('{"unit": "abc", "month": "2"}', "Mã ô “abc” của “unit” không phải số"),
        ("khong-co-tep.json", "Không đọc được tệp khong-co-tep.json"),
    ],
)
def test_bad_entries_are_explained(text, phrase):
    with pytest.raises(ValueError, match=re.escape(phrase)):
        parse_entries(text)


def test_the_published_id_is_taken_from_the_address():
    assert published_form_id(FORM_URL) == "1FAIpQLSdAbCdEfGh_-123"
    assert published_form_id(FORM_URL + "?usp=sf_link") == "1FAIpQLSdAbCdEfGh_-123"
    assert published_form_id("1FAIpQLSdAbCdEfGh_-123") == "1FAIpQLSdAbCdEfGh_-123"
    with pytest.raises(ValueError, match="địa chỉ chỉnh sửa"):
        published_form_id("https://docs.google.com/forms/d/1a2b3c4d5e6f7g8h9i0j/edit")
    with pytest.raises(ValueError, match=r"forms\.gle"):
        published_form_id("https://forms.gle/abcdef")


# --- the cards -------------------------------------------------------------------------------


@pytest.fixture
def cards(tmp_path):
    """Return the folder written for the seed units."""
    links = unit_links("1FAIpQL", {"unit": "11", "month": "22"}, SEED_UNITS, MONTH)
    write_cards(tmp_path, links)
    return tmp_path


def test_each_unit_gets_svg_and_png_qr_codes(cards):
    svgs = sorted((cards / "qr").glob("*.svg"))
    pngs = sorted((cards / "qr").glob("*.png"))
    assert len(svgs) == len(pngs) == len(SEED_UNITS)
    assert svgs[1].name == "02-phuong-nguyen-thi-minh-khai.svg"
    for svg in svgs:
        assert ElementTree.parse(svg).getroot().tag.endswith("svg")
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_qr_code_holds_the_link(cards):
    segno = pytest.importorskip("segno")
    links = unit_links("1FAIpQL", {"unit": "11", "month": "22"}, SEED_UNITS, MONTH)
    expected = segno.make_qr(links[3].url, error="m", boost_error=False)
    drawn = (cards / "qr" / f"{links[3].slug}.svg").read_text(encoding="utf-8")
    path = expected.svg_inline(scale=4, border=4).split('d="')[1]
    assert path.strip() == drawn.split('d="')[1].strip()


def test_the_page_has_one_card_per_unit_with_its_referral_code(cards):
    page = (cards / "index.html").read_text(encoding="utf-8")
    assert page.count('<article class="card">') == len(SEED_UNITS)
    for unit in SEED_UNITS:
        assert f"<h2>{html.escape(unit.name)}</h2>" in page
        if unit.referral_code:
            assert f"<strong>{unit.referral_code}</strong>" in page
    assert page.count("Cài đặt (Setting) → Mã giới thiệu → nhập mã → Xác nhận thông tin") == 8
    assert "Đơn vị chưa có mã giới thiệu i-Speed" in page  # the centre has none
    assert page.count("Quét mã QR bằng camera điện thoại") == len(SEED_UNITS)
    assert page.count("<svg") == len(SEED_UNITS)


def test_the_page_prints_on_a4_without_splitting_cards(cards):
    page = (cards / "index.html").read_text(encoding="utf-8")
    assert "@page { size: A4;" in page
    assert re.search(r"\.card \{[^}]*break-inside: avoid;[^}]*page-break-inside: avoid;", page)


def test_the_csv_lists_the_links(cards):
    rows = (cards / "links.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Đơn vị,Tháng,Mã giới thiệu,Đường dẫn,Mã QR"
    assert len(rows) == len(SEED_UNITS) + 1
    assert rows[2].startswith("Phường Nguyễn Thị Minh Khai,10/2026,0605801834,https://")


def test_person_given_names_are_escaped_on_the_page(tmp_path):
    unit = Unit(1, '<script>alert("x")</script>', "Xã", "=1+1", (), True)
    write_cards(tmp_path, unit_links("f", {"unit": "1", "month": "2"}, [unit], MONTH))
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "'=1+1" in (tmp_path / "links.csv").read_text(encoding="utf-8-sig")


def test_printing_gives_a4_pages_of_four_whole_cards(browser, cards, artifacts):
    page = browser.new_page()
    try:
        page.goto((cards / "index.html").as_uri())
        page.emulate_media(media="print")
        assert not page.locator(".intro").is_visible()
        assert (
            page.locator(".card").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        )
        page.screenshot(path=str(artifacts / "form-cards-print.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(sizes) == math.ceil(len(SEED_UNITS) / 4)
    assert all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.92) < 1 for w, h in sizes)


# --- the command -----------------------------------------------------------------------------


def _run(args, env=None):
    env = {"SPREADSHEET_ID": "", "TIMEZONE": "Asia/Ho_Chi_Minh", **(env or {})}
    return CliRunner().invoke(main, ["form-links", *args], env=env)


def test_form_links_works_offline_with_entries_and_the_form_address(tmp_path, monkeypatch):
    monkeypatch.setattr(forms_api, "authorized_session", lambda *a: pytest.fail("no network"))
    out = tmp_path / "phieu"
    result = _run(["--form-url", FORM_URL, "--entries", ENTRIES, "--out", str(out)])
    assert result.exit_code == 0, result.output
    due = month_due(datetime.now(TZ))
    assert f"Đã tạo 9 phiếu (tháng {due.label()}" in result.stdout
    assert (out / "index.html").is_file() and len(list((out / "qr").iterdir())) == 18
    line = next(line for line in result.stdout.splitlines() if line.startswith("Xã Dương Quang: "))
    url = line.removeprefix("Xã Dương Quang: ")
    assert url.startswith("https://docs.google.com/forms/d/e/1FAIpQLSdAbCdEfGh_-123/viewform?")
    assert _query(url) == {
        "usp": ["pp_url"],
        "entry.1234567890": ["Xã Dương Quang"],
        "entry.987654321": [due.label()],
    }


def test_form_links_takes_a_month_and_the_units_tab(client, emulator, tmp_path):
    spreadsheet = client.create("Báo cáo i-Speed")
    rows = seed_rows()
    rows[2][5] = "Không"  # Phường Nguyễn Thị Minh Khai no longer reports
    spreadsheet.add_worksheet(UNITS_TAB, rows=20, cols=6).update(rows, "A1")
    env = {"SHEETS_ENDPOINT": emulator.url, "SPREADSHEET_ID": spreadsheet.id}
    out = tmp_path / "phieu"
    result = _run(
        ["--form-url", FORM_URL, "--entries", ENTRIES, "--month", "9/2026", "--out", str(out)], env
    )
    assert result.exit_code == 0, result.output
    assert (
        "Đã tạo 8 phiếu (tháng 09/2026, đơn vị lấy từ trang “Đơn vị” của bảng tính)"
        in result.stdout
    )
    assert "Phường Nguyễn Thị Minh Khai" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--entries", ENTRIES], "Cần --form-url và --entries"),
        (["--form-url", FORM_URL], "Cần --form-url và --entries"),
        (["--form-url", FORM_URL, "--entries", "{oops"], "không phải JSON hợp lệ"),
        (["--form-url", FORM_URL, "--entries", '{"unit": "1"}'], "Thiếu mã ô của “month”"),
        (
            [
                "--form-url",
                "https://docs.google.com/forms/d/1a2b3c4d5e6f7g/edit",
                "--entries",
                ENTRIES,
            ],
            "địa chỉ chỉnh sửa",
        ),
        (
            ["--form-url", FORM_URL, "--entries", ENTRIES, "--month", "13/2026"],
            "không phải tháng hợp lệ",
        ),
    ],
)
def test_form_links_explains_bad_options(args, phrase, tmp_path):
    result = _run([*args, "--out", str(tmp_path / "phieu")])
    assert result.exit_code == 2
    assert phrase in result.output
    assert not (tmp_path / "phieu").exists()


def test_form_links_reads_entry_ids_through_the_forms_api(monkeypatch, tmp_path):
    form = {
        "responderUri": FORM_URL,
        "items": [
            {"title": "Đơn vị báo cáo", "questionItem": {"question": {"questionId": "1a2b"}}},
            {"title": "Tháng báo cáo", "questionItem": {"question": {"questionId": "3c4d"}}},
        ],
    }
    asked = []

    class Session:
        def request(self, method, url, **kwargs):
            asked.append((method, url))
            return type("R", (), {"status_code": 200, "json": lambda self: form})()

    monkeypatch.setattr(forms_api, "authorized_session", lambda credentials_file: Session())
    result = _run(["--form-id", "1EditId_abc", "--out", str(tmp_path / "phieu")])
    assert result.exit_code == 0, result.output
    assert asked == [("GET", "https://forms.googleapis.com/v1/forms/1EditId_abc")]
    assert f"entry.{0x1A2B}=" in result.stdout and f"entry.{0x3C4D}=" in result.stdout


def test_form_links_names_missing_questions_of_the_api_form(monkeypatch, tmp_path):
    form = {"responderUri": FORM_URL, "items": []}

    class Session:
        def request(self, method, url, **kwargs):
            return type("R", (), {"status_code": 200, "json": lambda self: form})()

    monkeypatch.setattr(forms_api, "authorized_session", lambda credentials_file: Session())
    result = _run(["--form-id", "1EditId_abc", "--out", str(tmp_path / "phieu")])
    assert result.exit_code == 1
    assert "không có câu hỏi “Đơn vị báo cáo” và “Tháng báo cáo”" in result.stderr
