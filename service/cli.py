"""The ``ispeed-report`` command line.

Commands print Vietnamese for the people who run them; errors they can cause end with a
clear message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from .cli_common import friendly_errors as _friendly_errors
from .cli_common import load_settings as _settings
from .cli_common import open_emulator
from .cli_forms import form_create, form_links, form_script
from .errors import ISpeedError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="In thêm nhật ký chi tiết (debug).")
def main(verbose: bool) -> None:
    """Thu thập, kiểm tra và tổng hợp báo cáo i-Speed hằng tháng của các đơn vị."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", default=8765, show_default=True, type=int, help="Cổng lắng nghe.")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Tệp JSON lưu dữ liệu (ghi nguyên tử sau mỗi thay đổi). Bỏ trống: chỉ giữ trong bộ nhớ.",
)
@click.option(
    "--quotas/--no-quotas",
    default=True,
    show_default=True,
    help="Áp dụng hạn mức mỗi phút của Google (60 đọc, 60 ghi mỗi người dùng; 300 mỗi dự án).",
)
@click.option(
    "--auth/--no-auth",
    default=True,
    show_default=True,
    help="Đòi tiêu đề Authorization: Bearer như Google (không có thì trả 401).",
)
@_friendly_errors
def emulator(host: str, port: int, data: str | None, quotas: bool, auth: bool) -> None:
    """Chạy máy giả lập Google Sheets API trên máy này (không cần tài khoản Google).

    Ví dụ: ispeed-report emulator --port 8765 --data emulator-data.json
    """
    from sheets.emulator.faults import GOOGLE_QUOTAS

    server = open_emulator(host, port, data, port_option="--port")
    server.faults.configure({"quotas": dict(GOOGLE_QUOTAS) if quotas else {}, "require_auth": auth})
    click.echo(f"Máy giả lập Google Sheets đang chạy tại {server.url}")
    click.echo(f"  Dữ liệu: {data or 'chỉ trong bộ nhớ (mất khi tắt)'}")
    click.echo(f"  Để dịch vụ dùng máy giả lập: export SHEETS_ENDPOINT={server.url}")
    click.echo(f"  Quản trị (lỗi giả lập, bộ đếm): {server.url}/_emulator/faults, /_emulator/stats")
    click.echo("Nhấn Ctrl+C để dừng.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Đã dừng máy giả lập.")


def _run_sync(**options: Any) -> Any:
    """Run one sync on the configured spreadsheet and return its result."""
    from zoneinfo import ZoneInfo

    from jobs.sync import run_sync
    from sheets.client import make_client

    settings = _settings()
    client = make_client(
        endpoint=settings.sheets_endpoint, credentials_file=settings.credentials_file
    )
    return run_sync(
        client,
        settings.require_spreadsheet_id(),
        tz=ZoneInfo(settings.timezone),
        deadline_day=settings.deadline_day,
        **options,
    )


def _print_result(result: Any, only: Any = None) -> None:
    """Print what a sync found and did, in Vietnamese."""
    from jobs.report import Level, Status

    click.echo(f"Bảng tính: {result.spreadsheet_title}")
    if result.responses_tab:
        click.echo(f"Trang câu trả lời: {result.responses_tab}")
    else:
        click.echo("Chưa có trang câu trả lời của biểu mẫu.")
    months = [only] if only else sorted(result.phu_luc_months, reverse=True)
    for month in months:
        summary = result.summaries[month]
        late = sum(1 for u in summary.units if u.status is Status.LATE)
        missing = [u.unit for u in summary.units if u.status is Status.MISSING]
        invalid = [u.unit for u in summary.units if u.status is Status.INVALID]
        line = (
            f"Tháng {month.label()}: {summary.reported}/{summary.expected} đơn vị đã báo cáo "
            f"({summary.on_time} đúng hạn, {late} muộn)."
        )
        click.echo(line)
        if missing:
            click.echo(f"  Chưa báo cáo: {', '.join(missing)}.")
        if invalid:
            click.echo(f"  Báo cáo có lỗi: {', '.join(invalid)}.")
    errors = sum(1 for p in result.problems if p.level is Level.ERROR)
    warnings = len(result.problems) - errors
    click.echo(f"Vấn đề: {errors} lỗi, {warnings} cảnh báo (xem trang Kiểm tra).")
    if result.written:
        click.echo(f"Đã ghi: {', '.join(result.written)}.")
    else:
        click.echo("Không có gì thay đổi: không ghi gì vào bảng tính.")
    click.echo(f"Số yêu cầu gửi Google: {result.reads} đọc, {result.writes} ghi.")


@main.command("init-sheet")
@_friendly_errors
def init_sheet() -> None:
    """Tạo các trang do dịch vụ quản lý và trang Đơn vị (nếu chưa có) trong bảng tính.

    Bảng tính lấy từ biến môi trường SPREADSHEET_ID. Trang Đơn vị được tạo với 9 đơn vị
    theo công văn khi chưa có, và không bao giờ bị ghi đè.

    Ví dụ: ispeed-report init-sheet
    """
    _print_result(_run_sync(require_responses=False))


@main.command()
@click.option(
    "--month",
    "month_text",
    default=None,
    metavar="MM/YYYY",
    help="Chỉ in tháng này (và lập Phụ lục 3 của tháng này dù chưa có báo cáo).",
)
@_friendly_errors
def sync(month_text: str | None) -> None:
    """Đọc bảng tính, kiểm tra các báo cáo, cập nhật Phụ lục 3, Kiểm tra và Tình hình nộp.

    Một lần chạy đọc bảng tính đúng một lần và ghi nhiều nhất một lần (không ghi gì nếu
    không có thay đổi).

    Ví dụ: ispeed-report sync --month 10/2026
    """
    from jobs.periods import Month

    month = None
    if month_text:
        month = Month.parse_text(month_text)
        if month is None:
            raise click.BadParameter(
                f"“{month_text}” không phải tháng hợp lệ; ghi dạng MM/YYYY, ví dụ 10/2026.",
                param_hint="--month",
            )
    result = _run_sync(extra_months=[month] if month else [])
    _print_result(result, month)


@main.command()
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Cổng của trang web (trang tình hình, biểu mẫu chạy thử, JSON).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Địa chỉ lắng nghe của trang web (0.0.0.0 để điện thoại cùng mạng mở được).",
)
@click.option(
    "--emulator-port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Cổng của máy giả lập Google Sheets (luôn ở 127.0.0.1).",
)
@click.option(
    "--data",
    default="demo-data.json",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Tệp lưu dữ liệu của máy giả lập; có sẵn thì dùng lại (giữ các chỉnh sửa lần trước).",
)
@click.option(
    "--interval",
    default=10.0,
    show_default=True,
    type=click.FloatRange(3, 3600),
    metavar="GIÂY",
    help="Đồng bộ bảng tính sau mỗi bấy nhiêu giây.",
)
@_friendly_errors
def demo(port: int, host: str, emulator_port: int, data: str, interval: float) -> None:
    """Chạy thử toàn bộ trên máy này, không cần tài khoản Google.

    Khởi động máy giả lập Google Sheets (hạn mức và xác thực như Google), tạo bảng tính
    với dữ liệu mẫu của tháng cần báo cáo, rồi chạy trang tình hình báo cáo, một biểu mẫu
    chạy thử thay cho Google Form và lịch đồng bộ tự động. Nhấn Ctrl+C để dừng.

    Ví dụ: ispeed-report demo --port 8080 --data demo-data.json
    """
    from .demo import DemoOptions, run_demo

    options = DemoOptions(
        host=host, port=port, emulator_port=emulator_port, data=data, interval_seconds=interval
    )
    run_demo(options, echo=click.echo)


@main.command()
@click.option(
    "--port",
    default=None,
    type=click.IntRange(1, 65535),
    help="Cổng lắng nghe (mặc định: biến môi trường PORT, không có thì 8080).",
)
@_friendly_errors
def serve(port: int | None) -> None:
    """Chạy dịch vụ thật bằng gunicorn với cấu hình của kho mã (gunicorn.conf.py).

    Cấu hình lấy từ biến môi trường (SPREADSHEET_ID, SHEETS_ENDPOINT, PORT, ...).

    Ví dụ: ispeed-report serve --port 8080
    """
    import os

    if port is not None:
        os.environ["PORT"] = str(port)
    _settings()  # a bad setting stops here, in Vietnamese, not in every worker
    argv = gunicorn_command()
    os.execvp(argv[0], argv)


def gunicorn_command() -> list[str]:
    """Return the gunicorn command line of ``serve``, or stop when the config is missing."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = root / "gunicorn.conf.py"
    if not config.is_file():
        raise ISpeedError(
            f"{config} not found",
            user_message=f"Không tìm thấy tệp cấu hình {config}: hãy chạy lệnh trong kho mã "
            "của dự án (bản cài đặt từ mã nguồn).",
        )
    beside = Path(sys.executable).with_name("gunicorn")  # the venv's, even when not activated
    program = str(beside) if beside.is_file() else "gunicorn"
    return [program, "--config", str(config), "service.wsgi:app"]


main.add_command(form_script)
main.add_command(form_create)
main.add_command(form_links)


if __name__ == "__main__":  # python -m service.cli
    main()
