"""The ``ispeed-report`` command line.

Commands print Vietnamese for the people who run them; errors they can cause end with a
clear message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import ISpeedError

log = logging.getLogger("ispeed")


def _friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's errors into a one-line Vietnamese message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ISpeedError as err:
            log.debug("command failed", exc_info=True)
            click.echo(f"Lỗi: {err.user_message}", err=True)
            click.echo(f"(chi tiết kỹ thuật: {err})", err=True)
            sys.exit(1)

    return wrapper


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
    from sheets.emulator.server import EmulatorServer
    from sheets.emulator.store import DataFileError

    try:
        server = EmulatorServer(host, port, data_path=data)
    except DataFileError as err:
        raise ISpeedError(
            str(err),
            user_message=f"Không đọc được tệp dữ liệu {data}: tệp hỏng hoặc không phải "
            "của máy giả lập. Hãy chọn tệp khác hoặc xoá tệp này.",
        ) from err
    except OSError as err:
        raise ISpeedError(
            str(err), user_message=f"Không mở được cổng {host}:{port} ({err.strerror})."
        ) from err
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


if __name__ == "__main__":  # python -m service.cli
    main()
