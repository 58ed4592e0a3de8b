"""Write the printable cards: each unit's QR code (SVG and PNG) and one A4 page of cards.

segno makes the QR codes: a small, dependency-free library that writes both SVG and PNG
itself (no Pillow), with a stable API; hand-written QR encoding is not worth it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import segno

from forms.links import UnitLink

TEMPLATES = Path(__file__).resolve().parent / "templates"
QR_DIR = "qr"
PNG_SCALE = 8  # pixels per module: about 4 cm at 300 dpi for a typical link
BORDER = 4  # the quiet zone the QR standard asks for, in modules


@dataclass(frozen=True)
class Card:
    """What the page shows for one unit."""

    name: str
    url: str
    referral_code: str
    svg: str  # the QR code as inline SVG (made by segno from the URL only)


@dataclass(frozen=True)
class CardsWritten:
    """The files written."""

    index: Path
    csv: Path
    images: list[Path]


def qr_code(url: str) -> segno.QRCode:
    """Return the QR code of a link (error correction M: survives a smudge on paper)."""
    return segno.make_qr(url, error="m", boost_error=False)


def render_page(cards: Sequence[Card], month: str) -> str:
    """Return the HTML page of the cards."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("cards.html").render(cards=cards, month=month)


def write_cards(out_dir: Path, links: Sequence[UnitLink]) -> CardsWritten:
    """Write ``qr/<slug>.svg`` and ``.png`` per unit, ``links.csv`` and ``index.html``."""
    if not links:
        raise ValueError("no unit to make a card for")
    qr_dir = out_dir / QR_DIR
    qr_dir.mkdir(parents=True, exist_ok=True)
    cards = []
    images = []
    for link in links:
        code = qr_code(link.url)
        svg, png = qr_dir / f"{link.slug}.svg", qr_dir / f"{link.slug}.png"
        code.save(str(svg), kind="svg", scale=4, border=BORDER)
        code.save(str(png), kind="png", scale=PNG_SCALE, border=BORDER)
        images += [svg, png]
        inline = code.svg_inline(scale=1, border=BORDER, omitsize=True)
        cards.append(Card(link.unit.name, link.url, link.unit.referral_code, inline))
    table = out_dir / "links.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8
        writer = csv.writer(handle)
        writer.writerow(["Đơn vị", "Tháng", "Mã giới thiệu", "Đường dẫn", "Mã QR"])
        for link in links:
            qr = f"{QR_DIR}/{link.slug}.png"
            name, code = _text_cell(link.unit.name), _text_cell(link.unit.referral_code)
            writer.writerow([name, link.month.label(), code, link.url, qr])
    index = out_dir / "index.html"
    index.write_text(render_page(cards, links[0].month.label()), encoding="utf-8")
    return CardsWritten(index, table, images)


def _text_cell(text: str) -> str:
    """Return text a spreadsheet opening the CSV shows as typed (never runs as a formula)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
