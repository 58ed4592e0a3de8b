"""Prefilled links to the report form: one per unit, with its name and the month due filled in.

Google Forms fills a question from ``entry.<id>=<answer>`` in the form's published address
(``https://docs.google.com/forms/d/e/<published id>/viewform``). The entry ids come from the
Apps Script's log or from the Forms API (:func:`forms.forms_api.entry_ids`).

Errors here are ValueErrors with a Vietnamese message for the person who typed the option.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from jobs.names import strip_diacritics
from jobs.periods import Month
from jobs.units import Unit

FORM_BASE = "https://docs.google.com/forms/d/e/{form_id}/viewform"
NEEDED = ("unit", "month")
_ENTRY = re.compile(r"^(?:entry\.)?(\d{1,20})$")
_PUBLISHED = re.compile(r"/forms/d/e/([A-Za-z0-9_-]{10,})(?:/|$)")
_EDIT = re.compile(r"/forms/d/([A-Za-z0-9_-]{10,})(?:/|$)")
_BARE_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")

BAD_JSON = (
    "--entries không phải JSON hợp lệ ({error}). Hãy dán nguyên dòng “Mã các ô” mà Apps Script "
    'ghi ra, ví dụ {{"unit": "123456789", "month": "987654321"}}, hoặc đường dẫn tới tệp chứa '
    "dòng đó."
)
NOT_AN_OBJECT = '--entries phải là một đối tượng JSON, ví dụ {"unit": "123", "month": "456"}.'
MISSING = (
    "Thiếu mã ô của {names} trong --entries. Hãy dán nguyên dòng “Mã các ô” mà Apps Script ghi "
    "ra (có cả “unit” và “month”)."
)
BAD_ID = "Mã ô “{value}” của “{key}” không phải số (dạng 123456789 hoặc entry.123456789)."
NO_FILE = "Không đọc được tệp {path}: {error}."
EDIT_URL = (
    "Đây là địa chỉ chỉnh sửa biểu mẫu. Hãy dùng địa chỉ gửi cho đơn vị (dạng "
    "https://docs.google.com/forms/d/e/.../viewform): trong biểu mẫu bấm Gửi → biểu tượng "
    "liên kết, hoặc lấy dòng “Địa chỉ gửi cho các đơn vị” trong nhật ký của Apps Script."
)
BAD_FORM_URL = (
    "“{value}” không phải địa chỉ biểu mẫu. Hãy dùng địa chỉ dạng "
    "https://docs.google.com/forms/d/e/.../viewform (địa chỉ rút gọn forms.gle không dùng được)."
)


@dataclass(frozen=True)
class UnitLink:
    """One unit's card: its name, referral code and prefilled link."""

    unit: Unit
    month: Month
    url: str
    slug: str  # file name stem of its QR codes, unique in a list: "02-phuong-song-cau"


def parse_entries(text: str) -> dict[str, str]:
    """Return the entry ids of ``--entries``: a JSON object, or the path of a file holding one.

    Text around the object is ignored, so the whole line of the Apps Script's log works too.
    """
    source = text.strip()
    if not any(bracket in source for bracket in "{["):  # a file name
        path = Path(source).expanduser()
        try:
            source = path.read_text(encoding="utf-8-sig").strip()
        except OSError as err:
            raise ValueError(NO_FILE.format(path=path, error=err.strerror or err)) from err
    if "{" in source and "}" in source:
        source = source[source.index("{") : source.rindex("}") + 1]
    try:
        data = json.loads(source)
    except json.JSONDecodeError as err:
        raise ValueError(BAD_JSON.format(error=f"dòng {err.lineno}, cột {err.colno}")) from err
    if not isinstance(data, dict):
        raise ValueError(NOT_AN_OBJECT)
    return check_entries(data)


def check_entries(data: Mapping[str, object]) -> dict[str, str]:
    """Return the entry ids as digit strings; refuse a missing unit or month id."""
    entries: dict[str, str] = {}
    for key, value in data.items():
        match = _ENTRY.match(str(value).strip()) if isinstance(value, str | int) else None
        if isinstance(value, bool) or match is None:
            raise ValueError(BAD_ID.format(key=key, value=value))
        entries[str(key)] = match.group(1)
    missing = [key for key in NEEDED if key not in entries]
    if missing:
        names = " và ".join(f"“{key}”" for key in missing)
        raise ValueError(MISSING.format(names=names))
    return entries


def published_form_id(text: str) -> str:
    """Return the published id in a form's address (…/forms/d/e/<id>/viewform) or a bare id."""
    value = text.strip()
    if _BARE_ID.match(value):
        return value
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc.endswith("google.com"):
        published = _PUBLISHED.search(parts.path)
        if published:
            return published.group(1)
        if _EDIT.search(parts.path):
            raise ValueError(EDIT_URL)
    raise ValueError(BAD_FORM_URL.format(value=value))


def prefilled_url(form_id: str, entries: Mapping[str, str], answers: Mapping[str, str]) -> str:
    """Return the form's address with ``answers`` (by question key) filled in, percent-encoded."""
    query = ["usp=pp_url"]
    for key, answer in answers.items():
        text = unicodedata.normalize("NFC", answer)
        query.append(f"entry.{entries[key]}={quote(text, safe='')}")
    return FORM_BASE.format(form_id=quote(form_id, safe="")) + "?" + "&".join(query)


def slug(text: str) -> str:
    """Return an ASCII file-name stem for a name: "Phường Đức Xuân" -> "phuong-duc-xuan"."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-") or "don-vi"


def unit_links(
    form_id: str, entries: Mapping[str, str], units: Sequence[Unit], month: Month
) -> list[UnitLink]:
    """Return each unit's prefilled link (unit and month answered), in the list's order."""
    width = max(2, len(str(len(units))))
    links = []
    for position, unit in enumerate(units, start=1):
        answers = {"unit": unit.name, "month": month.label()}
        url = prefilled_url(form_id, entries, answers)
        links.append(UnitLink(unit, month, url, f"{position:0{width}d}-{slug(unit.name)}"))
    return links
