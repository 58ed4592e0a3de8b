"""The form commands of ``ispeed-report``: the Apps Script, the Forms API, prefilled links.

Thin: the work is in ``forms/``; these read the options and settings and print Vietnamese.
"""

from __future__ import annotations

import click

from .cli_common import friendly_errors, load_settings, month_now_due, unit_list
from .errors import ISpeedError


@click.command("form-script")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Ghi mã vào tệp này thay vì in ra màn hình.",
)
@friendly_errors
def form_script(out: str | None) -> None:
    """In mã Google Apps Script tạo biểu mẫu báo cáo đầy đủ, kể cả kiểm tra câu trả lời.

    Biểu mẫu có mọi câu hỏi theo thứ tự, danh sách đơn vị của trang Đơn vị (chưa đặt
    SPREADSHEET_ID thì dùng 9 đơn vị theo công văn), được liên kết với bảng tính và xuất bản.
    Dán mã vào Tiện ích mở rộng → Apps Script của bảng tính rồi bấm Chạy (xem README).

    Ví dụ: ispeed-report form-script --out tao-bieu-mau.gs
    """
    from pathlib import Path

    from forms.apps_script import render_script

    settings = load_settings()
    units = unit_list(settings)
    if not settings.spreadsheet_id:
        click.echo(
            "Cảnh báo: chưa đặt SPREADSHEET_ID nên mã có dòng TODO ở SPREADSHEET_ID. Chạy mã từ "
            "Tiện ích mở rộng → Apps Script của chính bảng tính báo cáo thì biểu mẫu tự liên kết "
            "với bảng tính đó; nếu không, hãy dán mã bảng tính vào dòng TODO.",
            err=True,
        )
    script = render_script(
        units.names,
        spreadsheet_id=settings.spreadsheet_id,
        deadline_day=settings.deadline_day,
        month=month_now_due(settings),
    )
    if out is None:
        click.echo(script, nl=False)
        return
    Path(out).write_text(script, encoding="utf-8")
    click.echo(f"Đã ghi {out}: {len(units.units)} đơn vị, lấy từ {units.source}.", err=True)


@click.command("form-create")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Chỉ in các yêu cầu sẽ gửi tới Google Forms API (mỗi dòng một JSON), không gửi gì.",
)
@friendly_errors
def form_create(dry_run: bool) -> None:
    """Tạo biểu mẫu báo cáo qua Google Forms API (không đặt được quy tắc kiểm tra câu trả lời).

    Cần thông tin xác thực Google có quyền forms.body và drive.file. API không liên kết được
    biểu mẫu với bảng tính và không đặt được kiểm tra câu trả lời: lệnh in cách liên kết bằng
    tay; nên dùng form-script khi cần kiểm tra câu trả lời.

    Ví dụ: ispeed-report form-create --dry-run
    """
    import json

    from forms.forms_api import authorized_session, create_form, created_lines, plan_requests

    settings = load_settings()
    units = unit_list(settings)
    plan = plan_requests(units.names, deadline_day=settings.deadline_day)
    if dry_run:
        for request in plan:
            click.echo(json.dumps(request.as_json(), ensure_ascii=False))
        return
    created = create_form(authorized_session(settings.credentials_file), plan)
    for line in created_lines(created, settings.spreadsheet_id):
        click.echo(line)


@click.command("form-links")
@click.option(
    "--form-url",
    default=None,
    help="Địa chỉ gửi của biểu mẫu (https://docs.google.com/forms/d/e/.../viewform).",
)
@click.option(
    "--entries",
    default=None,
    help='Mã các ô: dòng JSON Apps Script ghi ra, ví dụ \'{"unit": "123", "month": '
    '"456"}\', hoặc đường dẫn tệp chứa dòng đó.',
)
@click.option(
    "--form-id",
    default=None,
    help="Mã biểu mẫu (phần giữa /d/ và /edit): đọc mã các ô và địa chỉ qua Google Forms API.",
)
@click.option(
    "--month",
    "month_text",
    default=None,
    metavar="MM/YYYY",
    help="Tháng điền sẵn (mặc định: tháng đang cần báo cáo).",
)
@click.option(
    "--out",
    default="form-links",
    show_default=True,
    type=click.Path(file_okay=False, writable=True),
    help="Thư mục ghi trang in index.html, mã QR (qr/*.svg, qr/*.png) và links.csv.",
)
@friendly_errors
def form_links(
    form_url: str | None,
    entries: str | None,
    form_id: str | None,
    month_text: str | None,
    out: str,
) -> None:
    """Tạo đường dẫn điền sẵn và mã QR cho từng đơn vị, kèm trang in phiếu khổ A4.

    Mỗi đơn vị đang theo dõi trong trang Đơn vị có một đường dẫn đã chọn sẵn tên đơn vị và
    tháng cần báo cáo, mã QR của đường dẫn và mã giới thiệu i-Speed. Mã các ô lấy từ nhật ký
    của Apps Script (--entries) hoặc từ Google Forms API (--form-id).

    Ví dụ: ispeed-report form-links --form-url URL_GUI_BIEU_MAU --entries ma_cac_o.json
    """
    from pathlib import Path

    from forms.cards import write_cards
    from forms.links import parse_entries, published_form_id, unit_links
    from jobs.periods import Month

    month = None
    if month_text:
        month = Month.parse_text(month_text)
        if month is None:
            raise click.BadParameter(
                f"“{month_text}” không phải tháng hợp lệ; ghi dạng MM/YYYY, ví dụ 10/2026.",
                param_hint="--month",
            )
    ids: dict[str, str] | None = None
    if entries is not None:
        try:
            ids = parse_entries(entries)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--entries") from err
    if ids is None or form_url is None:
        if form_id is None:
            raise click.UsageError(
                "Cần --form-url và --entries (lấy trong nhật ký của Apps Script), hoặc --form-id "
                "để đọc chúng qua Google Forms API."
            )
        form_url, ids = _from_forms_api(form_id, form_url, ids)
    try:
        published = published_form_id(form_url)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--form-url") from err
    settings = load_settings()
    units = unit_list(settings)
    links = unit_links(published, ids, units.units, month or month_now_due(settings))
    written = write_cards(Path(out), links)
    click.echo(
        f"Đã tạo {len(links)} phiếu (tháng {links[0].month.label()}, đơn vị lấy từ "
        f"{units.source}) trong thư mục {out}:"
    )
    click.echo(f"  {written.index.name}: mở bằng trình duyệt rồi bấm In (khổ A4).")
    click.echo(f"  qr/: mã QR của từng đơn vị (SVG và PNG); {written.csv.name}: các đường dẫn.")
    for link in links:
        click.echo(f"{link.unit.name}: {link.url}")


def _from_forms_api(
    form_id: str, form_url: str | None, ids: dict[str, str] | None
) -> tuple[str, dict[str, str]]:
    """Return the form's address and entry ids read with forms.get (given values win)."""
    from forms.definition import BY_KEY
    from forms.forms_api import authorized_session, entry_ids, get_form

    settings = load_settings()
    form = get_form(authorized_session(settings.credentials_file), form_id)
    if ids is None:
        ids = entry_ids(form)
        missing = [f"“{BY_KEY[key].title}”" for key in ("unit", "month") if key not in ids]
        if missing:
            raise ISpeedError(
                f"form {form_id} lacks {missing}",
                user_message=f"Biểu mẫu {form_id} không có câu hỏi {' và '.join(missing)}: "
                "không tạo được đường dẫn điền sẵn.",
            )
    return form_url or str(form.get("responderUri", "")), ids
