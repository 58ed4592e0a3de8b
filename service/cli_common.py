"""What the ``ispeed-report`` commands share: friendly errors, settings, units, the month due."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import ISpeedError

log = logging.getLogger("ispeed")


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
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


def load_settings() -> Any:
    """Return the settings, or stop with their Vietnamese error."""
    from .settings import Settings

    return Settings.from_env()


def unit_list(settings: Any) -> Any:
    """Return the form's units (one read of the Sheet when configured), warning on stderr."""
    from forms.unit_list import load_unit_list
    from sheets.client import make_client

    units = load_unit_list(
        settings.spreadsheet_id,
        lambda: make_client(
            endpoint=settings.sheets_endpoint, credentials_file=settings.credentials_file
        ),
    )
    for warning in units.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    return units


def month_now_due(settings: Any) -> Any:
    """Return the month whose reports are being collected now, in the office's time zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from jobs.periods import month_due

    return month_due(datetime.now(ZoneInfo(settings.timezone)))


def open_emulator(host: str, port: int, data_path: str | None, *, port_option: str) -> Any:
    """Return an emulator server bound to host:port with its data file loaded (not started).

    A broken data file or a busy port ends as a Vietnamese error naming the option to change.
    """
    from sheets.emulator.server import EmulatorServer
    from sheets.emulator.store import DataFileError

    try:
        return EmulatorServer(host, port, data_path=data_path)
    except DataFileError as err:
        raise ISpeedError(
            str(err),
            user_message=f"Không đọc được tệp dữ liệu {data_path}: tệp hỏng hoặc không phải "
            "của máy giả lập. Hãy chọn tệp khác (--data) hoặc xoá tệp này.",
        ) from err
    except OSError as err:
        raise ISpeedError(
            str(err),
            user_message=f"Không mở được cổng {host}:{port} cho máy giả lập ({err.strerror}). "
            f"Hãy chọn cổng khác bằng {port_option}.",
        ) from err
